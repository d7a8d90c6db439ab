/**
 * Graceful operation of the real process (`node dist/src/main.js` as a child): SIGTERM lets
 * the request in flight finish, refuses new connections, flushes the journal, closes the
 * store and exits 0; past SHUTDOWN_GRACE_MS what is left is cut. /health and /ready, and a
 * configuration mistake stopping the start with a clear message.
 *
 * The mock provinces run in this test process, so a province can be told to answer late.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { request, Agent } from 'node:http';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { createMockProvinces, MockProvinces } from '../../mocks/province-billing/server';
import { createMongoStore } from '../../src/store/mongo/mongo-store';
import { ReadinessReport } from '../../src/transport/readiness';
import { close, contractsAndSegments, listen } from '../support/system';
import { TestDatabases } from '../store/mongo-test-db';
import { normalQuery, post, SOAP11_CT, sleep } from './hostile-input-support';
import { Child, startGatewayProcess } from '../support/gateway-process';

const MAIN = resolve(__dirname, '../../src/main.js');
const startGateway = (env: Record<string, string>) => startGatewayProcess(env);

/** Whether a new TCP connection to the URL is accepted. */
function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** POSTs on a kept-alive connection and reports the Connection header the answer came with. */
function postKeptAlive(url: string, path: string, body: string, agent: Agent): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((done, fail) => {
    const req = request(`${url}${path}`, { method: 'POST', agent, headers: { 'content-type': SOAP11_CT } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

describe('hardening: graceful operation of the gateway process', function () {
  this.timeout(30_000);
  let mocks: MockProvinces;
  let mockUrl: string;
  let mockServer: Awaited<ReturnType<typeof listen>>['server'];
  const children: Child[] = [];

  before(async () => {
    const { contracts, segments } = contractsAndSegments();
    mocks = createMockProvinces({ contracts, segments });
    ({ server: mockServer, url: mockUrl } = await listen(mocks.app));
  });
  after(async () => {
    for (const c of children) c.process.kill('SIGKILL');
    await close(mockServer);
  });

  const gateway = async (env: Record<string, string> = {}) => {
    const child = await startGateway({ PROVINCE_URL_TEMPLATE: `${mockUrl}/province/{code}`, ...env });
    children.push(child);
    return child;
  };
  const rspCode = (xml: string) => /<\w+:RspCode>(\d{4})</.exec(xml)?.[1];
  const logged = (child: Child, message: string) => child.logs.find((l) => l.message === message);

  it('logs the store it runs on at start', async () => {
    const child = await gateway();
    expect(logged(child, 'gateway listening')).to.include({ store: 'memory (not persisted)' });
    child.process.kill('SIGTERM');
    expect(await child.exited).to.deep.equal({ code: 0, signal: null });
  });

  it('answers /health, and /ready with the store and province endpoints it checked', async () => {
    const child = await gateway();
    expect((await fetch(`${child.url}/health`)).status).to.equal(200);
    const ready = await fetch(`${child.url}/ready`);
    expect(ready.status).to.equal(200);
    const report = (await ready.json()) as ReadinessReport;
    expect(report).to.deep.include({ status: 'ready', reasons: [], store: { kind: 'memory', ok: true } });
    expect(report.provinces).to.have.length(1);
    expect(report.provinces[0]).to.include({ origin: mockUrl, reachable: true });
    child.process.kill('SIGTERM');
    await child.exited;
  });

  it('answers /ready 503 with the reason when a province endpoint cannot be reached', async () => {
    const dead = await listen(() => undefined);
    await close(dead.server);
    const child = await gateway({ PROVINCE_URL_TEMPLATE: `${dead.url}/province/{code}`, READY_CACHE_MS: '0' });
    const ready = await fetch(`${child.url}/ready`);
    expect(ready.status).to.equal(503);
    const report = (await ready.json()) as ReadinessReport;
    expect(report.status).to.equal('not ready');
    expect(report.reasons[0]).to.contain(`province endpoint ${dead.url}`).and.contain('ECONNREFUSED');
    expect((await fetch(`${child.url}/health`)).status).to.equal(200); // alive all the same
    child.process.kill('SIGTERM');
    await child.exited;
  });

  it('on SIGTERM finishes the request in flight, refuses new connections, and exits 0', async () => {
    const child = await gateway({ SHUTDOWN_GRACE_MS: '5000' });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await postKeptAlive(child.url, '/ucrm/4.2.1', normalQuery(), agent)).connection).to.equal('keep-alive');
    mocks.misbehave('51', '4.2.2', { kind: 'answer-late', ms: 1500, times: 1 });
    const inFlight = postKeptAlive(child.url, '/ucrm/4.2.1', normalQuery(), agent); // the home province takes 1.5 s
    await sleep(300);
    const signalled = Date.now();
    child.process.kill('SIGTERM');
    await sleep(200);
    expect(await accepts(child.url), 'a new connection during the drain').to.equal(false);

    const answer = await inFlight;
    expect(answer.status).to.equal(200);
    expect(rspCode(answer.body)).to.equal('0000');
    expect(answer.connection, 'the drained connection is not kept alive').to.equal('close');
    expect(await child.exited).to.deep.equal({ code: 0, signal: null });
    expect(Date.now() - signalled).to.be.below(4000);
    expect(logged(child, 'stopping')).to.include({ signal: 'SIGTERM', inFlight: 1 });
    expect(logged(child, 'stopped')).to.include({ abandoned: 0, journalQueued: 0, journalWritten: 4 }); // 2 × (4.2.1 in, 4.2.2 out)
    agent.destroy();
  });

  it('cuts what is still in flight when SHUTDOWN_GRACE_MS is over, journals it all the same, and exits 0', async () => {
    // The cut exchange still waits for its province (at most PROVINCE_TIMEOUT_MS) so its outcome is journaled.
    const child = await gateway({ SHUTDOWN_GRACE_MS: '300', PROVINCE_TIMEOUT_MS: '1000' });
    mocks.misbehave('51', '4.2.2', { kind: 'answer-late', ms: 4000, times: 1 });
    const inFlight = post(child.url, '/ucrm/4.2.1', normalQuery(), { 'content-type': SOAP11_CT }).then(
      () => 'answered',
      (e: Error) => e.message,
    );
    await sleep(300);
    const signalled = Date.now();
    child.process.kill('SIGTERM');
    expect(await inFlight).to.match(/socket hang up|ECONNRESET/);
    expect(await child.exited).to.deep.equal({ code: 0, signal: null });
    expect(Date.now() - signalled).to.be.below(3000);
    expect(logged(child, 'grace period over: requests still in flight were cut')).to.include({ abandoned: 1 });
    expect(logged(child, 'stopped')).to.include({ journalQueued: 0, journalWritten: 2 }); // 4.2.1 in (3002), 4.2.2 out (timed out)
  });

  it('refuses to start on a configuration mistake, naming each one, with exit code 2', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, PORT: 'eighty', HEADERS_TIMEOUT_MS: '9000', REQUEST_TIMEOUT_MS: '1000', LOG_LEVEL: 'loud' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const code = await new Promise((done) => child.once('exit', done));
    expect(code).to.equal(2);
    expect(stderr).to.contain('invalid configuration');
    expect(stderr).to.contain('PORT="eighty"');
    expect(stderr).to.contain('HEADERS_TIMEOUT_MS (9000) must not be longer than REQUEST_TIMEOUT_MS (1000)');
    expect(stderr).to.contain('LOG_LEVEL="loud"');
  });

  describe('on MongoDB', () => {
    const uri = process.env.MONGODB_URI;
    it('flushes every journal entry and closes the store before exiting', async function () {
      if (!uri) this.skip(); // test/e2e/persistence.test.ts insists on MONGODB_URI under CI
      const databases = new TestDatabases(uri!);
      const dbUri = databases.fresh();
      try {
        const child = await gateway({ MONGODB_URI: dbUri });
        expect(logged(child, 'gateway listening')).to.include({ store: 'mongodb' });
        const answers = await Promise.all(Array.from({ length: 20 }, () => post(child.url, '/ucrm/4.2.1', normalQuery(), { 'content-type': SOAP11_CT })));
        expect(answers.map((a) => rspCode(a.body))).to.deep.equal(Array(20).fill('0000'));
        child.process.kill('SIGTERM');
        expect(await child.exited).to.deep.equal({ code: 0, signal: null });
        const store = await createMongoStore(dbUri);
        try {
          expect(await store.journal.count({})).to.equal(40); // 20 × (4.2.1 in, 4.2.2 out)
        } finally {
          await store.close();
        }
      } finally {
        await databases.drop(dbUri).catch(() => undefined);
        await databases.close();
      }
    });
  });
});
