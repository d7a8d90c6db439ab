/**
 * The reconciliation jobs:
 *   `reconciliation.reconcile` (checkDate): reconciles one check date, writes its results,
 *   delivers 7.2.2 and 7.2.3; on demand (POST /admin/jobs/reconciliation.reconcile/runs with
 *   {"params":{"checkDate":"YYYYMMDD"}}, or `reconcile()` below, which the CLI calls), from a
 *   cron in JOB_SCHEDULES (the day before the firing, CST), or from the sweep;
 *   `reconciliation.sweep`: every RECONCILIATION_INTERVAL_MS, runs the first for each check
 *   date of the window that closed at least RECONCILIATION_GRACE_MINUTES ago and is not
 *   reconciled (never done, or stale).
 */
import { cstDate } from '../../domain/cst-time';
import { JobDefinition, JobParams, RunContext } from '../../jobs/job';
import { JobRun } from '../../store/ports';
import { readCheckDay } from './check-days';
import { deliverCheckFiles, deliverCheckResults } from './check-deliveries';
import { ReconcileDeps, reconcileCheckDate } from './reconcile';
import { ReconciliationSettings } from './reconciliation-settings';
import { DIFF_KINDS } from './results';
import { daysBefore, isCalendarDate } from './upload-rules';

export const RECONCILE_JOB = 'reconciliation.reconcile';
export const SWEEP_JOB = 'reconciliation.sweep';

/** What the CLI calls ("reconcile 20261201"): one recorded run of the reconcile job. */
export function reconcile(gateway: { runNow(name: string, params?: JobParams): Promise<JobRun> }, checkDate: string): Promise<JobRun> {
  return gateway.runNow(RECONCILE_JOB, { checkDate });
}

/** When the scheduled reconciliation of `checkDate` may start: CST midnight after it, plus the grace. */
export function dueAt(checkDate: string, graceMinutes: number): number {
  const next = daysBefore(checkDate, -1);
  return Date.parse(`${next.slice(0, 4)}-${next.slice(4, 6)}-${next.slice(6, 8)}T00:00:00+08:00`) + graceMinutes * 60_000;
}

export function reconciliationJobs(deps: ReconcileDeps, settings: ReconciliationSettings): JobDefinition[] {
  const now = () => (deps.now ?? Date.now)();
  return [
    {
      name: RECONCILE_JOB,
      params: ['checkDate'],
      scheduledParams: (firedAt) => ({ checkDate: daysBefore(cstDate(firedAt.getTime()), 1) }),
      handler: (run) => reconcileRun(run, deps, settings, now()),
    },
    {
      name: SWEEP_JOB,
      everyMs: settings.intervalMs,
      recordIdleRuns: false,
      handler: async (run) => {
        const today = cstDate(now());
        for (let back = settings.windowDays; back >= 1; back--) {
          const checkDate = daysBefore(today, back);
          if (run.signal.aborted || now() < dueAt(checkDate, settings.graceMinutes)) continue;
          const day = await readCheckDay(deps.store, checkDate);
          if (day.state === 'reconciled') continue;
          // A date nobody uploaded and HQ took no payment on has nothing to reconcile (nor to record).
          if (day.version === 0 && (await deps.payments.count({ accountingDate: checkDate })) === 0) continue;
          const done = await run.runJob(RECONCILE_JOB, { checkDate });
          run.count(done.outcome === 'ok' ? 'reconciled' : 'failed');
        }
      },
    },
  ];
}

async function reconcileRun(run: RunContext, deps: ReconcileDeps, settings: ReconciliationSettings, at: number): Promise<void> {
  const { checkDate } = run.params;
  if (!/^\d{8}$/.test(checkDate) || !isCalendarDate(checkDate)) throw new Error(`checkDate "${checkDate}" is not a date (YYYYMMDD)`);
  if (checkDate >= cstDate(at)) throw new Error(`check date ${checkDate} has not closed yet (today is ${cstDate(at)} CST)`);
  const outcome = await reconcileCheckDate(deps, checkDate, run.runId, run.signal);
  run.count('provinces', outcome.results.length);
  for (const result of outcome.results) {
    run.count('matched', result.matched.count);
    run.count('differences', result.different.count);
    for (const kind of DIFF_KINDS) if (result.byKind[kind].count > 0) run.count(kind, result.byKind[kind].count);
    if (!result.complete) run.count('incomplete');
  }
  if (!outcome.reconciled) run.count('stale');
  await deliverCheckFiles(run, deps.payments, checkDate, settings.fileBatchRecords);
  await deliverCheckResults(run, outcome.results);
}
