/**
 * Two real gateway processes (`node dist/src/main.js`) on one MongoDB, both running the
 * test-only job test.long-batch every second (JOB_MODULES, JOB_SCHEDULES). The first takes
 * the lease and starts working through the batch; it is SIGKILLed mid-run. The second,
 * whose firings were skipped while the lease was held, takes the lease over once it
 * expires, closes the dead run's record, skips the steps already done and completes the
 * batch — once. Then SIGTERM stops it cleanly, its lease released.
 */
import { expect } from 'chai';
import { resolve } from 'node:path';
import { createMongoStore } from '../../src/store/mongo/mongo-store';
import { JobRun, Store } from '../../src/store/ports';
import { mongoUriOrStandIn, TestDatabases } from '../store/mongo-test-db';
import { sleep, until } from './job-support';
import { LONG_BATCH_JOB, STEP_KIND } from './test-jobs';
import { Child, startGatewayProcess } from '../support/gateway-process';

const TEST_JOBS = resolve(__dirname, 'test-jobs.js');
const LEASE = `${LONG_BATCH_JOB}#batch=K1`;
const STEPS = 16;

describe('jobs: a run taken over from a killed gateway process', function () {
  this.timeout(60_000);
  const uri = mongoUriOrStandIn('the lease take-over between gateway processes');
  if (!uri) return;
  const databases = new TestDatabases(uri);
  const dbUri = databases.fresh();
  const gateways: Child[] = [];
  let store: Store;

  before(async () => {
    store = await createMongoStore(dbUri);
  });
  after(async () => {
    for (const g of gateways) g.process.kill('SIGKILL');
    await store?.close();
    await databases.drop(dbUri).catch(() => undefined);
    await databases.close();
  });

  const gateway = async (instanceId: string): Promise<Child> => {
    const g = await startGatewayProcess({
      MONGODB_URI: dbUri,
      INSTANCE_ID: instanceId,
      JOB_MODULES: TEST_JOBS,
      JOB_SCHEDULES: `${LONG_BATCH_JOB}=* * * * * *`,
      JOB_LEASE_TTL_MS: '1200',
      TEST_JOB_BATCH: 'K1',
      TEST_JOB_STEPS: String(STEPS),
      TEST_JOB_STEP_MS: '250',
      PROVINCE_URL_TEMPLATE: 'http://127.0.0.1:9/province/{code}',
    });
    gateways.push(g);
    return g;
  };
  const steps = async () =>
    (await store.documents.list(STEP_KIND, 'K1|', { limit: 100 })).map((d) => ({ key: d.key, owner: d.data.owner as string, runId: d.data.runId as string }));
  const runs = (): Promise<JobRun[]> => store.runs.list({ job: LONG_BATCH_JOB }, { limit: 500 });

  it('lets the other instance take the lease over after expiry and complete the batch once', async () => {
    const a = await gateway('A1');
    await until(async () => (await steps()).length >= 1, 15_000, 'A1 to start the batch');
    const b = await gateway('B1');
    await until(async () => (await runs()).some((r) => r.owner === 'B1' && r.outcome === 'skipped-lease-held'), 15_000, 'B1 to find the lease held');
    // Twelve steps take well over two lease periods: A1 holds the lease only by renewing it.
    await until(async () => (await steps()).length >= 12, 15_000, 'A1 to be mid-run, past two lease periods');
    a.process.kill('SIGKILL');
    expect(await a.exited).to.deep.include({ signal: 'SIGKILL' });
    const byA = (await steps()).length;
    expect(byA, 'A1 was killed mid-run').to.be.within(12, 15);

    await until(async () => (await steps()).some((s) => s.key === 'K1|done'), 20_000, 'B1 to complete the batch');
    await sleep(2500); // B1 fires twice more: the batch must not be completed again

    const done = await steps();
    expect(done.map((s) => s.key)).to.deep.equal([...Array.from({ length: STEPS }, (_, i) => `K1|${String(i + 1).padStart(3, '0')}`), 'K1|done']);
    const owners = done.map((s) => s.owner);
    expect(owners.slice(0, byA), 'the steps A1 did stand').to.deep.equal(Array(byA).fill('A1'));
    expect(owners.slice(byA), 'B1 did the rest, and only the rest').to.deep.equal(Array(STEPS + 1 - byA).fill('B1'));

    const all = await runs();
    const dead = all.find((r) => r.owner === 'A1' && r.outcome !== 'skipped-lease-held')!;
    const takeover = all.find((r) => r.runId === done[done.length - 1].runId)!;
    expect(dead.outcome).to.equal('failed');
    expect(dead.error).to.contain('instance A1 stopped renewing the lease').and.contain(`taken over by run ${takeover.runId} of instance B1`);
    expect(takeover).to.deep.include({ owner: 'B1', outcome: 'ok', trigger: 'schedule', counts: { steps: STEPS - byA, completed: 1 } });
    expect(
      all.filter((r) => r.counts.completed),
      'completed once',
    ).to.have.length(1);
    expect(all.filter((r) => r.owner === 'B1' && r.outcome === 'ok' && r.runId !== takeover.runId).length, 'B1 ran again after').to.be.greaterThan(0);
    expect(b.logs.find((l) => l.message === 'job lease taken over')).to.deep.include({ from: 'A1', run: dead.runId, by: takeover.runId });

    b.process.kill('SIGTERM');
    expect(await b.exited).to.deep.equal({ code: 0, signal: null });
    expect(await store.leases.get(LEASE), 'released at stop').to.equal(undefined);
    expect(
      (await runs()).filter((r) => r.outcome === 'running'),
      'every run closed',
    ).to.deep.equal([]);
    expect(b.logs.find((l) => l.message === 'stopped')).to.include({ signal: 'SIGTERM' });
  });
});
