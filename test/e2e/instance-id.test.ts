/**
 * INSTANCE_ID is part of every TransIDH HQ issues, and provinces key their idempotency on
 * TransIDH: two live gateways with one id on one database would issue the same TransIDHs.
 * Real gateway processes on one MongoDB: a second one started with an id a live one holds
 * stops at once with a clear message (exit 2) and the first goes on serving; a holder
 * SIGKILLed on this host is replaced at once by a new process with its id; a clean stop
 * gives the id up. And the database itself refuses a TransIDH issued twice, reversals and
 * deliveries included, by unique index.
 */
import { expect } from 'chai';
import { FAMILIES, recordKindsOf } from '../../src/families';
import { PAYMENT_RECORDS } from '../../src/families/payment';
import { payment } from '../../src/families/payment/payment-fixtures';
import { instanceLeaseName } from '../../src/instance-claim';
import { DELIVERY_KIND } from '../../src/jobs/deliveries';
import { createMongoStore } from '../../src/store/mongo/mongo-store';
import { Store } from '../../src/store/ports';
import { mongoUriOrStandIn, TestDatabases } from '../store/mongo-test-db';
import { Child, startGatewayProcess } from '../support/gateway-process';

describe('instances: one live gateway per INSTANCE_ID on one MongoDB', function () {
  this.timeout(60_000);
  const uri = mongoUriOrStandIn('two gateway processes with one INSTANCE_ID');
  if (!uri) return;
  const databases = new TestDatabases(uri);
  const dbUri = databases.fresh();
  const children: Child[] = [];
  let store: Store;

  before(async () => {
    store = await createMongoStore(dbUri, { records: recordKindsOf(FAMILIES) });
  });
  after(async () => {
    for (const c of children) c.process.kill('SIGKILL');
    await store?.close();
    await databases.drop(dbUri).catch(() => undefined);
    await databases.close();
  });

  const gateway = async (instanceId: string): Promise<Child> => {
    const child = await startGatewayProcess({ MONGODB_URI: dbUri, INSTANCE_ID: instanceId, PROVINCE_URL_TEMPLATE: 'http://127.0.0.1:9/province/{code}' });
    children.push(child);
    return child;
  };
  const healthy = async (child: Child) => (await fetch(`${child.url}/health`)).status;

  it('stops a second gateway started with an INSTANCE_ID a live one holds, naming the holder, with exit code 2', async () => {
    const first = await gateway('Q7');
    const second = await gateway('Q7').then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(second).to.match(/"code":2/);
    expect(second).to.match(new RegExp(`INSTANCE_ID=Q7 is held by another running gateway \\([^:]+:${first.process.pid},`));
    expect(await healthy(first)).to.equal(200);
  });

  it('lets a new process on this host take the id of a holder SIGKILLed here at once, and a clean stop give it up', async () => {
    const first = await gateway('Q8');
    first.process.kill('SIGKILL');
    await first.exited;
    const next = await gateway('Q8');
    expect(next.logs.some((l) => l.message === 'instance id taken over from a process of this host that is gone')).to.equal(true);
    expect((await store.leases.get(instanceLeaseName('Q8')))?.owner).to.match(new RegExp(`:${next.process.pid}$`));
    next.process.kill('SIGTERM');
    expect(await next.exited).to.deep.include({ code: 0 });
    expect(await store.leases.get(instanceLeaseName('Q8'))).to.equal(undefined);
  });

  it('refuses by unique index a delivery TransIDH already issued to another delivery', async () => {
    const ids = { procId: 'P1', transIdO: 'UCRM20261201160000Q7000002', transIdH: 'UCRM20261201160000Q7000002', testFlag: '0' };
    const put = (key: string) =>
      store.documents.putIfAbsent({ kind: DELIVERY_KIND, key, fingerprint: key, state: 'queued', data: { ids, attempts: 0 }, createdAt: new Date() }).then(
        () => 'written',
        (error: Error) => String(error),
      );
    expect(await put('9.2.1|S1|11')).to.equal('written');
    expect(await put('9.2.1|S2|11')).to.match(/duplicate key|E11000/i);
  });

  it('refuses by unique index a reversal TransIDH already issued to another reversal', async () => {
    const payments = store.records(PAYMENT_RECORDS);
    const [a, b] = [payment({ state: 'SUCCESS' }), payment({ state: 'SUCCESS' })];
    for (const p of [a, b]) await payments.insertIfAbsent(p);
    const reversal = (transIdO: string) => ({
      sender: 'BILL11',
      transIdO,
      transIdH: 'UCRM20261201160000Q7000001',
      procId: 'P1',
      reverseTime: '20261201160000',
      requestedAt: new Date(),
    });
    expect(await payments.transition(a.transIdH, ['SUCCESS'], { state: 'REVERSING', reversal: reversal('R1') })).to.not.equal(undefined);
    const clash = await payments.transition(b.transIdH, ['SUCCESS'], { state: 'REVERSING', reversal: reversal('R2') }).then(
      () => 'written',
      (error: Error) => String(error),
    );
    expect(clash).to.match(/duplicate key|E11000/i);
  });
});
