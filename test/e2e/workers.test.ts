/**
 * WORKERS=2: one gateway process with two node:cluster workers on one port (the primary
 * forks them as INSTANCE_ID and INSTANCE_ID+1), on MongoDB. New connections are spread over
 * both; /metrics on either answers for both, each series labelled with its worker's id; a
 * worker SIGKILLed is replaced by one with the same id, which takes its claim over at once;
 * SIGTERM to the primary stops both cleanly and gives their ids up.
 */
import { expect } from 'chai';
import { request } from 'node:http';
import { instanceLeaseName } from '../../src/instance-claim';
import { createMongoStore } from '../../src/store/mongo/mongo-store';
import { Store } from '../../src/store/ports';
import { until } from '../jobs/job-support';
import { normalQuery, SOAP11_CT } from '../hardening/hostile-input-support';
import { mongoUriOrStandIn, TestDatabases } from '../store/mongo-test-db';
import { Child, startGatewayProcess } from '../support/gateway-process';

/** One request on a connection of its own (the cluster spreads connections, not requests). */
function once(url: string, method: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const req = request(url, { method, agent: false, headers: body ? { 'content-type': SOAP11_CT, soapaction: '""' } : {} }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => done({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

const requestsBy = (metrics: string, instance: string): number =>
  [...metrics.matchAll(new RegExp(`^ucrm_requests_total\\{[^}]*ucrm_instance="${instance}"[^}]*\\} (\\d+)`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);

describe('scale-out: WORKERS=2 on one host', function () {
  this.timeout(60_000);
  const uri = mongoUriOrStandIn('the WORKERS=2 test');
  if (!uri) return;
  const databases = new TestDatabases(uri);
  const dbUri = databases.fresh();
  let store: Store;
  let gateway: Child;

  before(async () => {
    store = await createMongoStore(dbUri);
    gateway = await startGatewayProcess({ MONGODB_URI: dbUri, WORKERS: '2', INSTANCE_ID: 'W4', PROVINCE_URL_TEMPLATE: 'http://127.0.0.1:9/province/{code}' });
    await until(() => gateway.logs.some((l) => l.message === 'workers listening'), 20_000, 'both workers to listen');
  });
  after(async () => {
    gateway?.process.kill('SIGKILL');
    await store?.close();
    await databases.drop(dbUri).catch(() => undefined);
    await databases.close();
  });

  it('spreads connections over both workers and answers /metrics for both, labelled by instance', async () => {
    // 4.2.1 with RouteType 01 and an unknown number is answered by HQ itself (1002, no province call).
    for (let k = 0; k < 12; k++) expect((await once(`${gateway.url}/ucrm/4.2.1`, 'POST', normalQuery())).status).to.equal(200);
    const first = (await once(`${gateway.url}/metrics`, 'GET')).text;
    const second = (await once(`${gateway.url}/metrics`, 'GET')).text;
    for (const metrics of [first, second]) {
      expect(requestsBy(metrics, 'W4'), 'worker W4 served some').to.be.greaterThan(0);
      expect(requestsBy(metrics, 'W5'), 'worker W5 served some').to.be.greaterThan(0);
      expect(requestsBy(metrics, 'W4') + requestsBy(metrics, 'W5')).to.equal(12);
    }
  });

  it('replaces a SIGKILLed worker with one of the same id, which takes its claim over at once', async () => {
    const before = (await store.leases.get(instanceLeaseName('W5')))!;
    const pid = Number(before.owner.slice(before.owner.lastIndexOf(':') + 1));
    process.kill(pid, 'SIGKILL');
    await until(async () => (await store.leases.get(instanceLeaseName('W5')))?.owner !== before.owner, 20_000, 'a new W5 to claim its id');
    await until(() => gateway.logs.filter((l) => l.message === 'gateway listening').length >= 3, 20_000, 'the new worker to listen');
    expect(gateway.logs.some((l) => l.message === 'worker died' && l.instanceId === 'W5')).to.equal(true);
    expect((await once(`${gateway.url}/health`, 'GET')).status).to.equal(200);
  });

  it('stops both workers on SIGTERM to the primary, exit 0, their ids given up', async () => {
    gateway.process.kill('SIGTERM');
    expect(await gateway.exited).to.deep.include({ code: 0 });
    expect(await store.leases.get(instanceLeaseName('W4'))).to.equal(undefined);
    expect(await store.leases.get(instanceLeaseName('W5'))).to.equal(undefined);
  });
});
