/**
 * The jobs runtime in one process, on the memory store: registration, runs and their
 * records, parameters, one run per (job, params) at a time, jobs starting jobs, effects
 * recorded once, schedules, and stopping.
 */
import { expect } from 'chai';
import { JobDefinition, JobParams, JobParamsError, nextFiring } from '../../src/jobs';
import { createMemoryStore } from '../../src/store/memory/memory-store';
import { Store } from '../../src/store/ports';
import { rejectionOf } from '../store/store-fixtures';
import { gate, runtime, sleep, until } from './job-support';
import { longBatch, STEP_KIND } from './test-jobs';

describe('jobs runtime', function () {
  let store: Store;
  beforeEach(() => {
    store = createMemoryStore();
  });

  const job = (name: string, handler: JobDefinition['handler'], extra: Partial<JobDefinition> = {}): JobDefinition => ({ name, handler, ...extra });

  describe('registration', () => {
    it('refuses two jobs of one name, saying so', () => {
      const r = runtime({ store, jobs: [job('sample.daily', async () => undefined)] });
      expect(() => r.register(job('sample.daily', async () => undefined))).to.throw('job "sample.daily" is registered twice');
    });

    it('refuses a malformed name, and a schedule naming no registered job at start', () => {
      const r = runtime({ store, schedules: { 'no.such-job': '0 2 * * *' }, jobs: [job('sample.daily', async () => undefined)] });
      expect(() => r.register(job('Bad Name', async () => undefined))).to.throw('job name "Bad Name" must be lower-case words');
      expect(() => r.start()).to.throw('JOB_SCHEDULES names no registered job: no.such-job (registered: sample.daily)');
    });
  });

  describe('runs', () => {
    it('records a run on demand: params, owner, counts, outcome, times; listed newest first', async () => {
      const r = runtime({
        store,
        owner: 'A1',
        jobs: [
          job(
            'sample.count',
            async (run) => {
              run.count('delivered', 3);
              run.count('refused');
            },
            { params: ['day'] },
          ),
        ],
      });
      const first = await r.runNow('sample.count', { day: '20240301' });
      expect(first).to.deep.include({
        job: 'sample.count',
        params: { day: '20240301' },
        paramsKey: 'day=20240301',
        owner: 'A1',
        trigger: 'demand',
        outcome: 'ok',
        counts: { delivered: 3, refused: 1 },
      });
      expect(first.finishedAt!.getTime()).to.be.at.least(first.startedAt.getTime());
      const second = await r.runNow('sample.count', { day: '20240302' });
      expect((await r.runs({ job: 'sample.count' })).map((x) => x.runId)).to.deep.equal([second.runId, first.runId]);
      expect(await store.runs.get(first.runId)).to.deep.equal(first);
      expect(await store.leases.get('sample.count#day=20240301'), 'lease released').to.equal(undefined);
    });

    it('records a handler that throws as failed, with its error', async () => {
      const r = runtime({
        store,
        jobs: [
          job('sample.broken', async (run) => {
            run.count('sent');
            throw new Error('province 11 said no');
          }),
        ],
      });
      const run = await r.runNow('sample.broken');
      expect(run).to.deep.include({ outcome: 'failed', error: 'province 11 said no', counts: { sent: 1 } });
      expect((await store.runs.get(run.runId))!.outcome).to.equal('failed');
    });

    it('refuses an unknown job and parameters the job does not take, naming them', async () => {
      const r = runtime({ store, jobs: [job('sample.monthly', async () => undefined, { params: ['month', 'province'] })] });
      expect((await rejectionOf(r.runNow('nothing'))).message).to.contain('no job named "nothing"');
      expect((await rejectionOf(r.runNow('sample.monthly', { month: '202402', group: 'G1' }))).message).to.equal(
        'job sample.monthly takes parameters (month, province): missing province; unknown group',
      );
      expect(await r.runs()).to.deep.equal([]);
    });

    it("refuses values its paramsProblem finds wrong before a run starts, with the job's clock: no lease, no record", async () => {
      const at = Date.parse('2026-12-02T10:00:00Z');
      let seen: number | undefined;
      const paramsProblem = (params: JobParams, now: number) => ((seen = now), params.month > '202611' ? `month ${params.month} is not over` : undefined);
      const r = runtime({
        store,
        clock: { offsetMs: 0, now: () => at },
        jobs: [job('sample.monthly', async () => undefined, { params: ['month'], paramsProblem })],
      });
      const refused = await rejectionOf(r.runNow('sample.monthly', { month: '202612' }));
      expect(refused).to.be.instanceOf(JobParamsError);
      expect(refused.message).to.equal('job sample.monthly: month 202612 is not over');
      expect(seen).to.equal(at);
      expect(await r.runs()).to.deep.equal([]);
      expect(await store.leases.get('sample.monthly#month=202612')).to.equal(undefined);
      expect((await r.runNow('sample.monthly', { month: '202611' })).outcome).to.equal('ok');
    });

    it('runs a (job, params) once at a time here: asking again while it runs joins that run', async () => {
      const release = gate();
      let started = 0;
      const r = runtime({
        store,
        jobs: [
          job(
            'sample.slow',
            async () => {
              started++;
              await release.promise;
            },
            { params: ['day'] },
          ),
        ],
      });
      const a = r.runNow('sample.slow', { day: '1' });
      const b = r.runNow('sample.slow', { day: '1' });
      const other = r.runNow('sample.slow', { day: '2' });
      await until(() => started === 2, 2000, 'both parameter sets started');
      release.open();
      const [runA, runB, runOther] = await Promise.all([a, b, other]);
      expect(runA.runId).to.equal(runB.runId);
      expect(runOther.runId).not.to.equal(runA.runId);
      expect(started).to.equal(2);
    });

    it('lets a job run another (trigger "job"), but not itself with its own parameters', async () => {
      const r = runtime({
        store,
        jobs: [
          job(
            'sample.parent',
            async (run) => {
              const child = await run.runJob('sample.child', { of: run.params.day });
              run.count(`child-${child.outcome}`);
              await run.runJob('sample.parent', run.params);
            },
            { params: ['day'] },
          ),
          job('sample.child', async (run) => run.count('done'), { params: ['of'] }),
        ],
      });
      const parent = await r.runNow('sample.parent', { day: '20240301' });
      expect(parent.outcome).to.equal('failed');
      expect(parent.error).to.contain('cannot run itself with its own parameters');
      expect(parent.counts).to.deep.equal({ 'child-ok': 1 });
      expect((await r.runs({ job: 'sample.child' }))[0]).to.deep.include({ trigger: 'job', params: { of: '20240301' }, counts: { done: 1 } });
    });

    it('records effects once per natural key: a second run with the same params does nothing again', async () => {
      const r = runtime({
        store,
        jobs: [
          job(
            'sample.deliver-twice',
            async (run) => {
              for (const province of ['11', '36']) {
                const { recorded } = await run.recordEffect(STEP_KIND, `${run.params.day}|${province}`, { province });
                if (recorded) run.count('delivered');
                else run.count('already-delivered');
              }
            },
            { params: ['day'] },
          ),
        ],
      });
      const first = await r.runNow('sample.deliver-twice', { day: '20240301' });
      const second = await r.runNow('sample.deliver-twice', { day: '20240301' });
      expect(first.counts).to.deep.equal({ delivered: 2 });
      expect(second.counts).to.deep.equal({ 'already-delivered': 2 });
      expect((await store.documents.list(STEP_KIND, '20240301|', { limit: 10 })).map((d) => d.data)).to.deep.equal([{ province: '11' }, { province: '36' }]);
    });

    it('leaves no record of an idle run of a job that asks so, and records one that did something', async () => {
      let work = 0;
      const r = runtime({
        store,
        jobs: [
          job(
            'sample.sweep',
            async (run) => {
              if (work > 0) run.count('swept', work);
            },
            { recordIdleRuns: false },
          ),
        ],
      });
      expect((await r.runNow('sample.sweep')).outcome).to.equal('ok');
      expect(await r.runs()).to.deep.equal([]);
      work = 2;
      await r.runNow('sample.sweep');
      expect((await r.runs()).map((x) => x.counts)).to.deep.equal([{ swept: 2 }]);
    });
  });

  describe('schedules', () => {
    it('runs a job at its period, with the parameters its schedule gives', async () => {
      const days: string[] = [];
      const r = runtime({
        store,
        jobs: [
          job('sample.periodic', async (run) => void days.push(run.params.day), { params: ['day'], everyMs: 30, scheduledParams: () => ({ day: 'today' }) }),
        ],
      });
      r.start();
      await until(() => days.length >= 3, 2000, 'three periodic runs');
      await r.stop(1000);
      expect(days.slice(0, 3)).to.deep.equal(['today', 'today', 'today']);
      expect((await r.runs())[0]).to.deep.include({ trigger: 'schedule' });
    });

    it('fires a cron schedule from configuration (here every second)', async function () {
      this.timeout(5000);
      let fired = 0;
      const r = runtime({ store, schedules: { 'sample.cron': '* * * * * *' }, jobs: [job('sample.cron', async () => void fired++)] });
      r.start();
      expect(r.list().find((j) => j.name === 'sample.cron')).to.deep.include({ schedule: '* * * * * *' });
      await until(() => fired >= 1, 2500, 'a cron firing');
      await r.stop(1000);
    });

    it('reads cron expressions in China Standard Time', () => {
      // 02:00 CST is 18:00 UTC the day before.
      expect(nextFiring('0 2 * * *', new Date('2024-03-01T00:00:00Z'))).to.deep.equal(new Date('2024-03-01T18:00:00Z'));
      expect(nextFiring('30 1 1 * *', new Date('2024-03-01T00:00:00Z'))).to.deep.equal(new Date('2024-03-31T17:30:00Z'));
    });

    it('refuses at start to schedule a job that takes parameters but gives none for a scheduled run', () => {
      const r = runtime({ store, schedules: { 'sample.monthly': '0 2 1 * *' }, jobs: [job('sample.monthly', async () => undefined, { params: ['month'] })] });
      expect(() => r.start()).to.throw('job sample.monthly takes parameters (month) but gives none for a scheduled run');
    });

    it('has no schedule for a job unless configuration or the job gives one', () => {
      const r = runtime({ store, jobs: [job('sample.on-demand', async () => undefined)] });
      r.start();
      expect(r.list()).to.deep.equal([{ name: 'sample.on-demand', params: [] }]);
    });
  });

  describe('stopping', () => {
    it('waits for a run in progress within the grace, then refuses new runs', async () => {
      const r = runtime({ store, jobs: [job('sample.long', async () => sleep(200))] });
      r.start();
      const run = r.runNow('sample.long');
      await sleep(20);
      const stopped = Date.now();
      await r.stop(2000);
      expect(Date.now() - stopped).to.be.within(100, 1000);
      expect((await run).outcome).to.equal('ok');
      expect((await rejectionOf(r.runNow('sample.long'))).message).to.contain('the jobs runtime is stopping');
    });

    it('past the grace, tells the run to stop, records it failed and releases its lease', async () => {
      let aborted = false;
      const r = runtime({
        store,
        jobs: [
          job(
            'sample.stuck',
            (run) =>
              new Promise<void>((resolve) =>
                run.signal.addEventListener('abort', () => {
                  aborted = true;
                  setTimeout(resolve, 50);
                }),
              ),
            { params: ['day'] },
          ),
        ],
      });
      const run = r.runNow('sample.stuck', { day: '1' });
      await until(async () => (await store.leases.get('sample.stuck#day=1')) !== undefined, 2000, 'the lease');
      await r.stop(100);
      expect(aborted).to.equal(true);
      expect(await store.leases.get('sample.stuck#day=1')).to.equal(undefined);
      const record = await run;
      expect(record.outcome).to.equal('failed');
      expect(record.error).to.contain('the gateway stopped before the run finished');
    });

    it('runs a long batch to the end when given the grace', async () => {
      const r = runtime({ store, jobs: [job('sample.batch', (run) => longBatch(run, 3, 20), { params: ['batch'] })] });
      const run = r.runNow('sample.batch', { batch: 'S1' });
      await r.stop(2000);
      expect((await run).counts).to.deep.equal({ steps: 3, completed: 1 });
    });
  });
});
