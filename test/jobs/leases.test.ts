/**
 * The lease between instances: two runtimes (A1, B1) on one store stand for two gateway
 * processes. One runs a (job, params) at a time; the other's run is recorded as skipped;
 * a run keeps its lease by renewing it; a dead holder's lease is taken over after expiry
 * and its run record closed; a run that finds its lease taken is told to stop.
 */
import { expect } from 'chai';
import { JobDefinition } from '../../src/jobs';
import { createMemoryStore } from '../../src/store/memory/memory-store';
import { Store } from '../../src/store/ports';
import { jobRun } from '../store/store-fixtures';
import { clock, gate, runtime, sleep, until } from './job-support';

describe('jobs: the lease between instances', function () {
  let store: Store;
  beforeEach(() => {
    store = createMemoryStore();
  });

  const waiting = (release: Promise<void>, started: string[] = []): JobDefinition => ({
    name: 'sample.exclusive',
    params: ['day'],
    handler: async (run) => {
      started.push(run.owner);
      await release;
      run.count('done');
    },
  });

  it('runs a (job, params) on one instance at a time; the other records that the lease was held', async () => {
    const release = gate();
    const started: string[] = [];
    const a = runtime({ store, owner: 'A1', jobs: [waiting(release.promise, started)] });
    const b = runtime({ store, owner: 'B1', jobs: [waiting(release.promise, started)] });
    const runA = a.runNow('sample.exclusive', { day: '1' });
    await until(() => started.length === 1, 2000, 'A to start');
    const skipped = await b.runNow('sample.exclusive', { day: '1' });
    expect(skipped).to.deep.include({ outcome: 'skipped-lease-held', heldBy: 'A1', owner: 'B1', counts: {} });
    const otherDay = b.runNow('sample.exclusive', { day: '2' });
    await until(() => started.includes('B1'), 2000, 'other params, other lease: B to start');
    release.open();
    expect((await runA).outcome).to.equal('ok');
    expect((await otherDay).outcome).to.equal('ok');
    expect((await b.runNow('sample.exclusive', { day: '1' })).outcome, 'free again once A is done').to.equal('ok');
    expect((await b.runs({ outcome: 'skipped-lease-held' })).map((r) => r.runId)).to.deep.equal([skipped.runId]);
  });

  it('keeps the lease past its period by renewing it while the run lasts', async () => {
    const release = gate();
    const a = runtime({ store, owner: 'A1', leaseTtlMs: 500, jobs: [waiting(release.promise)] });
    const b = runtime({ store, owner: 'B1', leaseTtlMs: 500, jobs: [waiting(release.promise)] });
    const runA = a.runNow('sample.exclusive', { day: '1' });
    await sleep(1200); // well past two lease periods
    expect((await b.runNow('sample.exclusive', { day: '1' })).outcome).to.equal('skipped-lease-held');
    release.open();
    await runA;
  });

  it('takes over the lease of an instance that died once it expires, and closes the dead run', async () => {
    const time = clock();
    // What a SIGKILLed A1 leaves: its lease (token = its run id) and a record still "running".
    const dead = jobRun({ runId: 'dead-run', job: 'sample.exclusive', params: { day: '1' }, paramsKey: 'day=1', owner: 'A1', startedAt: new Date(time.now()) });
    await store.runs.insert(dead);
    await store.leases.acquire('sample.exclusive#day=1', 'A1', 'dead-run', new Date(time.now()), 10_000);
    const b = runtime({ store, owner: 'B1', clock: time, leaseTtlMs: 10_000, jobs: [waiting(Promise.resolve())] });
    expect((await b.runNow('sample.exclusive', { day: '1' })).outcome, 'not yet expired').to.equal('skipped-lease-held');
    time.offsetMs = 10_000;
    const taken = await b.runNow('sample.exclusive', { day: '1' });
    expect(taken).to.deep.include({ outcome: 'ok', owner: 'B1', counts: { done: 1 } });
    const closed = await store.runs.get('dead-run');
    expect(closed!.outcome).to.equal('failed');
    expect(closed!.error).to.contain('instance A1 stopped renewing the lease').and.contain(`taken over by run ${taken.runId} of instance B1`);
  });

  it('tells a run whose lease was taken over to stop, and records it failed', async () => {
    const timeA = clock();
    let sawAbort = '';
    const a = runtime({
      store,
      owner: 'A1',
      clock: timeA,
      leaseTtlMs: 200,
      jobs: [
        {
          name: 'sample.exclusive',
          params: ['day'],
          handler: (run) =>
            new Promise<void>((resolve) =>
              run.signal.addEventListener('abort', () => {
                sawAbort = String(run.signal.reason?.message);
                resolve();
              }),
            ),
        },
      ],
    });
    const runA = a.runNow('sample.exclusive', { day: '1' });
    await until(async () => (await store.leases.get('sample.exclusive#day=1')) !== undefined, 2000, 'the lease');
    // A1 hangs (its clock stands still for the store's purposes): B1 sees the lease expired and takes it.
    const timeB = clock();
    timeB.offsetMs = 60_000;
    const b = runtime({ store, owner: 'B1', clock: timeB, leaseTtlMs: 200, jobs: [waiting(Promise.resolve())] });
    expect((await b.runNow('sample.exclusive', { day: '1' })).outcome).to.equal('ok');
    const recordA = await runA;
    expect(sawAbort).to.contain('taken over by another instance');
    expect(recordA.outcome).to.equal('failed');
  });
});
