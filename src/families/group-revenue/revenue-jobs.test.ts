/**
 * The family's jobs as the runtime sees them: which take a cycle, what a scheduled run
 * settles, and a cycle that is none refused before anything is done.
 */
import { expect } from 'chai';
import { loadGroupCustomers } from '../../domain/group-customers';
import { RunContext } from '../../jobs';
import { createMemoryStore } from '../../store/memory/memory-store';
import { RevenueRecords } from './revenue-records';
import { FINAL_JOB, PRELIMINARY_JOB, revenueJobs, SWEEP_JOB } from './revenue-jobs';

describe('group revenue jobs', () => {
  const store = createMemoryStore();
  const jobs = revenueJobs({
    groups: loadGroupCustomers(),
    store,
    now: Date.now,
    records: new RevenueRecords(store.documents, Date.now),
    settings: { commissionBp: 100, sweepIntervalMs: 1234, preliminaryWhenComplete: true },
  });
  const job = (name: string) => jobs.find((j) => j.name === name)!;

  it('has the two stage jobs take the cycle, and the sweep run by itself at its interval, side by side across instances', () => {
    expect(jobs.map((j) => j.name)).to.deep.equal([PRELIMINARY_JOB, FINAL_JOB, SWEEP_JOB]);
    for (const name of [PRELIMINARY_JOB, FINAL_JOB]) expect(job(name).params).to.deep.equal(['cycle']);
    expect(job(SWEEP_JOB)).to.deep.include({ everyMs: 1234, exclusive: false, recordIdleRuns: false });
  });

  it('settles, when scheduled, the cycle before the month the schedule fires in (CST)', () => {
    // 2025-11-20 02:00 CST; and the first minutes of January in CST are still December in UTC.
    expect(job(FINAL_JOB).scheduledParams!(new Date('2025-11-19T18:00:00Z'))).to.deep.equal({ cycle: '202510' });
    expect(job(PRELIMINARY_JOB).scheduledParams!(new Date('2025-12-31T16:30:00Z'))).to.deep.equal({ cycle: '202512' });
  });

  it('refuses a cycle that is not YYYYMM before doing anything', async () => {
    for (const cycle of ['2025', '202513', '202500', '20251a']) {
      const run = { job: FINAL_JOB, params: { cycle }, signal: new AbortController().signal } as unknown as RunContext;
      let error: unknown;
      await job(FINAL_JOB)
        .handler(run)
        .catch((e: unknown) => (error = e));
      expect(String(error), cycle).to.contain(`cycle "${cycle}" is not a bill cycle YYYYMM`);
    }
  });
});
