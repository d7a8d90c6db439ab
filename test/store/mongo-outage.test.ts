/**
 * A database outage, at the store level: while the server is down every operation rejects
 * with StoreUnavailableError within a bound (no hanging, no other error), and once it is
 * back the same Store object works again by itself, with what was written before intact.
 *
 * It stops the server, so it runs only against a server .ci/mongo-server.sh manages (the
 * one `status` reports is the one MONGODB_URI names), and restarts it whatever happens.
 */
import { expect } from 'chai';
import { createMongoStore } from '../../src/store/mongo/mongo-store';
import { Store, StoreUnavailableError } from '../../src/store/ports';
import { serverCommand, serverStatus } from './mongo-server-control';
import { businessDocument, jobRun, journalEntry, lifecycleDocument, SAMPLE_KIND } from './store-fixtures';
import { payment } from '../../src/families/payment/payment-fixtures';
import { PAYMENT_RECORDS } from '../../src/families/payment/payment-store';
import { serverOf, TestDatabases } from './mongo-test-db';

const BOUND_MS = 5000; // serverSelectionTimeoutMS is 2000; the rest is slack for slow machines
const RECOVERY_LIMIT_MS = 15_000;

describe('mongodb store: outage and recovery', function () {
  this.timeout(120_000);
  const uri = process.env.MONGODB_URI || undefined;
  let managed = false;

  before(async function () {
    if (!uri) return this.skip(); // the contract suite already says why
    const status = await serverStatus();
    if (!status.running || !status.uri || serverOf(status.uri) !== serverOf(uri)) {
      console.warn(`WARNING: outage test SKIPPED: MONGODB_URI is not the server .ci/mongo-server.sh manages (status: ${status.line})`);
      return this.skip();
    }
    managed = true;
  });

  // Belt and braces: whatever happened in the test, leave the server running.
  after(async function () {
    if (managed && !(await serverStatus()).running) await serverCommand('restart');
  });

  it('rejects within a bound while the server is down, and the same Store recovers after restart', async function () {
    const dbs = new TestDatabases(uri!);
    const fresh = dbs.fresh();
    const store = await createMongoStore(fresh, { records: [PAYMENT_RECORDS] });
    try {
      const before = await writeSome(store);

      const killMs = await timedCommand('kill');
      let justDown: Outcome[];
      let knownDown: Outcome[];
      let startWhileDown: Outcome;
      try {
        // Right after the kill (pooled connections still look alive), then again once the
        // driver has marked the server unknown (operations wait for server selection).
        justDown = await Promise.all(operations(store, before).map(timed));
        knownDown = await Promise.all(operations(store, before).map(timed));
        startWhileDown = await timed(['createMongoStore', () => createMongoStore(fresh, { records: [PAYMENT_RECORDS] })]);
      } finally {
        await serverCommand('restart');
      }
      const restartedAt = Date.now();

      for (const o of [...justDown, ...knownDown, startWhileDown]) {
        expect(o.error, `${o.name} should have failed`).to.be.instanceOf(StoreUnavailableError);
        expect(o.ms, `${o.name} took ${o.ms} ms`).to.be.lessThan(BOUND_MS);
      }

      const { attempts } = await untilItWorks(() => store.records(PAYMENT_RECORDS).byTransIdH(before.payment.transIdH));
      const recoveredMs = Date.now() - restartedAt;
      expect(recoveredMs).to.be.lessThan(RECOVERY_LIMIT_MS);

      expect(await store.records(PAYMENT_RECORDS).byTransIdH(before.payment.transIdH)).to.deep.equal(before.payment);
      expect(await store.journal.find({ transIdH: before.entry.transIdH }, { limit: 5 })).to.deep.equal([before.entry]);
      expect(await store.documents.get(before.doc.kind, before.doc.key)).to.deep.equal(before.doc);
      expect((await store.records(PAYMENT_RECORDS).insertIfAbsent(payment())).inserted).to.equal(true);
      await store.ping();

      const range = (os: Outcome[]): string => `${Math.min(...os.map((o) => o.ms))}-${Math.max(...os.map((o) => o.ms))} ms`;
      console.log(
        `      outage: kill took ${killMs} ms; ${justDown.length} operations rejected in ${range(justDown)} right after, ` +
          `${range(knownDown)} once known down; createMongoStore rejected in ${startWhileDown.ms} ms; ` +
          `recovered ${recoveredMs} ms after restart (${attempts} attempt(s))`,
      );
    } finally {
      await store.close();
      await dbs.drop(fresh).catch(() => undefined);
      await dbs.close();
    }
  });
});

async function timedCommand(command: 'kill' | 'restart'): Promise<number> {
  const started = Date.now();
  await serverCommand(command);
  return Date.now() - started;
}

interface Written {
  payment: ReturnType<typeof payment>;
  entry: ReturnType<typeof journalEntry>;
  doc: ReturnType<typeof businessDocument>;
}

async function writeSome(store: Store): Promise<Written> {
  const written = { payment: payment({ state: 'SUCCESS' }), entry: journalEntry(), doc: lifecycleDocument() };
  await store.records(PAYMENT_RECORDS).insertIfAbsent(written.payment);
  await store.journal.appendMany([written.entry]);
  await store.documents.putIfAbsent(written.doc);
  return written;
}

type Operation = [name: string, run: () => Promise<unknown>];

function operations(store: Store, w: Written): Operation[] {
  return [
    ['ping', () => store.ping()],
    ['payments.byTransIdH', () => store.records(PAYMENT_RECORDS).byTransIdH(w.payment.transIdH)],
    ['payments.insertIfAbsent', () => store.records(PAYMENT_RECORDS).insertIfAbsent(payment())],
    ['payments.transition', () => store.records(PAYMENT_RECORDS).transition(w.payment.transIdH, ['SUCCESS'], { state: 'REVERSING' })],
    ['payments.due', () => store.records(PAYMENT_RECORDS).due(['PENDING'], new Date(), 10)],
    ['journal.appendMany', () => store.journal.appendMany([journalEntry()])],
    ['journal.find', () => store.journal.find({}, { limit: 10 })],
    ['documents.putIfAbsent', () => store.documents.putIfAbsent(businessDocument())],
    ['documents.list', () => store.documents.list(SAMPLE_KIND, '', { limit: 10 })],
    ['documents.transition', () => store.documents.transition(w.doc.kind, w.doc.key, ['open'], { state: 'closed' })],
    ['documents.stream', () => store.documents.stream({ kind: SAMPLE_KIND }).next()],
    ['leases.acquire', () => store.leases.acquire('sample#', '01', 't', new Date(), 1000)],
    ['leases.renew', () => store.leases.renew('sample#', 't', new Date(), 1000)],
    ['runs.insert', () => store.runs.insert(jobRun())],
    ['runs.list', () => store.runs.list({}, { limit: 10 })],
  ];
}

interface Outcome {
  name: string;
  ms: number;
  error?: unknown;
}

async function timed([name, run]: Operation): Promise<Outcome> {
  const started = Date.now();
  try {
    const result = await run();
    if (result && typeof result === 'object' && 'close' in result) await (result as Store).close();
    return { name, ms: Date.now() - started };
  } catch (error) {
    return { name, ms: Date.now() - started, error };
  }
}

/** Retries `work` until it succeeds; StoreUnavailableError is the only failure tolerated. */
async function untilItWorks(work: () => Promise<unknown>): Promise<{ attempts: number }> {
  const deadline = Date.now() + RECOVERY_LIMIT_MS;
  for (let attempts = 1; ; attempts++) {
    try {
      await work();
      return { attempts };
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
