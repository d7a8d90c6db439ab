/**
 * Scale-out: three real gateway processes (`node dist/src/main.js`, INSTANCE_IDs S1-S3) on
 * one MongoDB, the mock provinces in this test process (so their ledgers can be read), and
 * the traffic spread over the three as a load balancer would:
 *
 * - copies of one payment sent to all three at once are credited once, and every copy gets
 *   the same answer;
 * - a job scheduled on all three runs once per firing, on the lease holder;
 * - the lease holder SIGKILLed in the middle of a payment load: clients re-send what failed to
 *   the survivors, as a province does (same TransIDO), and in the end every payment is
 *   credited exactly once and recorded SUCCESS — none lost, none doubled — and a survivor
 *   takes the killed one's job lease over and completes the batch once.
 */
import { expect } from 'chai';
import { resolve } from 'node:path';
import * as soap from 'soap';
import { createMockProvinces, MockProvinces } from '../../mocks/province-billing/server';
import { cstTimestamp } from '../../src/domain/cst-time';
import { MessageHead } from '../../src/domain/message-head';
import { FAMILIES, recordKindsOf } from '../../src/families';
import { PAYMENT_RECORDS } from '../../src/families/payment';
import { createMongoStore } from '../../src/store/mongo/mongo-store';
import { JobRun, Store } from '../../src/store/ports';
import { LONG_BATCH_JOB, STEP_KIND } from '../jobs/test-jobs';
import { sleep, until } from '../jobs/job-support';
import { mongoUriOrStandIn, TestDatabases } from '../store/mongo-test-db';
import { Child, startGatewayProcess } from '../support/gateway-process';
import { provinceHead } from '../support/heads';
import { callWithHead, soapClient } from '../support/soap-client';
import { close, contractsAndSegments, listen } from '../support/system';

const TEST_JOBS = resolve(__dirname, '../jobs/test-jobs.js');
const IDS = ['S1', 'S2', 'S3'];
const STEPS = 12;

interface Instance {
  id: string;
  child: Child;
  client: soap.Client;
}

interface Payment {
  head: MessageHead;
  body: { ServiceNumber: string; CollectProvince: string; PayAmount: number; PayTime: string };
}

describe('scale-out: three gateway processes on one MongoDB', function () {
  this.timeout(120_000);
  const uri = mongoUriOrStandIn('the scale-out test (three gateway processes)');
  if (!uri) return;
  const databases = new TestDatabases(uri);
  const dbUri = databases.fresh();
  let store: Store;
  let mocks: MockProvinces;
  let mockServer: Awaited<ReturnType<typeof listen>>['server'];
  const instances: Instance[] = [];
  const alive = () => instances.filter((i) => i.child.process.exitCode === null && i.child.process.signalCode === null);

  before(async () => {
    store = await createMongoStore(dbUri, { records: recordKindsOf(FAMILIES) });
    mocks = createMockProvinces(contractsAndSegments());
    const mock = await listen(mocks.app);
    mockServer = mock.server;
    for (const id of IDS) {
      const child = await startGatewayProcess({
        MONGODB_URI: dbUri,
        INSTANCE_ID: id,
        PROVINCE_URL_TEMPLATE: `${mock.url}/province/{code}`,
        PROVINCE_TIMEOUT_MS: '1500',
        RESOLVER_INTERVAL_MS: '200',
        RESOLVER_BASE_DELAY_MS: '300',
        RESOLVER_MAX_DELAY_MS: '1000',
        JOB_MODULES: TEST_JOBS,
        JOB_SCHEDULES: `${LONG_BATCH_JOB}=* * * * * *`,
        JOB_LEASE_TTL_MS: '1500',
        TEST_JOB_BATCH: 'S',
        TEST_JOB_STEPS: String(STEPS),
        TEST_JOB_STEP_MS: '400',
        LOG_LEVEL: 'info',
      });
      instances.push({ id, child, client: await soapClient(`${child.url}/ucrm/5.2.1?wsdl`) });
    }
  });
  after(async () => {
    for (const i of instances) i.child.process.kill('SIGKILL');
    if (mockServer) await close(mockServer);
    await store?.close();
    await databases.drop(dbUri).catch(() => undefined);
    await databases.close();
  });

  let accounts = 0;
  const newPayment = (): Payment => {
    const books = [...mocks.books.values()].filter((b) => b.province !== '36'); // 36 collects: its own numbers are not remote (1004)
    const book = books[accounts % books.length];
    const account = book.list().filter((a) => a.userStatus !== '2')[Math.floor(accounts / books.length) % 8];
    accounts++;
    return {
      head: provinceHead('5.2.1', '36', { type: '01', value: account.serviceNumber }),
      body: { ServiceNumber: account.serviceNumber, CollectProvince: '36', PayAmount: 100 + accounts, PayTime: cstTimestamp() },
    };
  };
  const pay = async (instance: Instance, p: Payment) => (await callWithHead(instance.client, 'RemotePay', p.head, p.body)).head;
  /** As a collecting province does: the same request again, to whichever instance answers, until a definite answer. */
  const payUntilSettled = async (p: Payment, first: number): Promise<Record<string, string>> => {
    for (let attempt = 0; attempt < 60; attempt++) {
      const live = alive();
      const instance = live[(first + attempt) % live.length];
      try {
        const head = await pay(instance, p);
        if (head.RspCode !== '3002') return head;
      } catch {
        // Connection refused or reset by a killed instance, or a Server fault: send it again.
      }
      await sleep(250);
    }
    throw new Error(`payment ${p.head.TransIDO} never settled`);
  };
  const credits = (transIdO: string) =>
    [...mocks.books.values()].flatMap((b) => [...b.ledger.values()]).filter((e) => e.kind === 'PAY' && e.transIdO === transIdO);

  it('credits once the copies of a payment sent to all three at once, and answers them all alike', async () => {
    const payments = Array.from({ length: 8 }, newPayment);
    const answers = await Promise.all(payments.map((p) => Promise.all(instances.map((i) => pay(i, p)))));
    for (const [k, p] of payments.entries()) {
      expect(credits(p.head.TransIDO), `payment ${k}`).to.have.length(1);
      const seen = new Set(answers[k].map((h) => `${h.RspCode}|${h.TransIDH}`));
      expect([...seen], `the copies of payment ${k}`).to.have.length(1);
      expect(answers[k][0].RspCode).to.equal('0000');
    }
  });

  it('runs a job scheduled on all three once, on the lease holder, and after a SIGKILL loses or doubles nothing', async () => {
    const steps = async () => (await store.documents.list(STEP_KIND, 'S|', { limit: 100 })).map((d) => ({ key: d.key, owner: d.data.owner as string }));
    const runs = (): Promise<JobRun[]> => store.runs.list({ job: LONG_BATCH_JOB }, { limit: 500 });
    await until(async () => (await steps()).length >= 2, 20_000, 'the batch to start');
    const holder = (await store.leases.get(`${LONG_BATCH_JOB}#batch=S`))!.owner;
    expect(IDS).to.include(holder);
    await until(async () => (await runs()).filter((r) => r.outcome === 'skipped-lease-held').length >= 2, 20_000, 'the others to find the lease held');

    // Payments spread over the three, six at a time; the lease holder is killed a third of the way in.
    const payments = Array.from({ length: 36 }, newPayment);
    let answered = 0;
    let next = 0;
    const victim = instances.find((i) => i.id === holder)!;
    const results: Array<Record<string, string>> = [];
    const worker = async () => {
      while (next < payments.length) {
        const k = next++;
        results[k] = await payUntilSettled(payments[k], k);
        if (++answered === 12) victim.child.process.kill('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    expect(await victim.child.exited).to.deep.include({ signal: 'SIGKILL' });

    expect(results.map((h) => h.RspCode)).to.deep.equal(Array(payments.length).fill('0000'));
    for (const [k, p] of payments.entries()) expect(credits(p.head.TransIDO), `payment ${k} credited once`).to.have.length(1);
    const records = store.records(PAYMENT_RECORDS);
    await until(async () => (await records.count({ state: 'PENDING' })) === 0, 20_000, 'the resolver to settle what the killed instance left PENDING');
    for (const p of payments) expect((await records.bySenderTransIdO('BILL36', p.head.TransIDO))?.state).to.equal('SUCCESS');

    // The killed holder's lease is taken over by a survivor, which completes the batch, once.
    await until(async () => (await steps()).some((s) => s.key === 'S|done'), 30_000, 'a survivor to complete the batch');
    await sleep(1500); // the survivors fire again: the batch must not be completed twice
    const done = await steps();
    expect(done.map((s) => s.key)).to.deep.equal([...Array.from({ length: STEPS }, (_, i) => `S|${String(i + 1).padStart(3, '0')}`), 'S|done']);
    const finisher = done[done.length - 1].owner;
    expect(finisher).to.not.equal(holder);
    const all = await runs();
    expect(all.filter((r) => r.outcome === 'ok' && r.counts?.completed === 1).map((r) => r.owner)).to.deep.equal([finisher]);
    expect(
      all.filter((r) => r.owner === holder && r.outcome === 'running'),
      'the dead run was closed',
    ).to.deep.equal([]);
  });
});
