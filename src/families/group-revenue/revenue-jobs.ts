/**
 * The family's jobs. The two stage jobs take the bill cycle and settle every group with
 * uploads for it: on demand (POST /admin/jobs/{name}/runs {"params":{"cycle":"202510"}}) or
 * on the cron JOB_SCHEDULES gives them (off unless configured), whose runs settle the cycle
 * before the one they fire in (bills of M are uploaded in M+1). The sweep runs by itself.
 */
import { cstCycle, previousCycle } from '../../domain/cst-time';
import { JobDefinition, RunContext } from '../../jobs';
import { RevenueDeps } from './revenue-deps';
import { settleFinal, settlePreliminary, sweepDue } from './revenue-stages';

export const PRELIMINARY_JOB = 'group-revenue.preliminary';
export const FINAL_JOB = 'group-revenue.final';
export const SWEEP_JOB = 'group-revenue.sweep';

const CYCLE = /^\d{4}(0[1-9]|1[0-2])$/;

export function revenueJobs(deps: RevenueDeps): JobDefinition[] {
  const lastCycle = (firedAt: Date) => ({ cycle: previousCycle(cstCycle(firedAt.getTime())) });
  const eachGroup = (settle: typeof settlePreliminary | typeof settleFinal) => async (run: RunContext) => {
    const cycle = cycleParam(run);
    for (const group of deps.groups.all()) {
      if (run.signal.aborted) break;
      await settle(deps, run, group, cycle);
    }
  };
  return [
    { name: PRELIMINARY_JOB, params: ['cycle'], scheduledParams: lastCycle, handler: eachGroup(settlePreliminary) },
    { name: FINAL_JOB, params: ['cycle'], scheduledParams: lastCycle, handler: eachGroup(settleFinal) },
    // Every step is claimed by a conditional update or a delivery key: instances may sweep side by side.
    { name: SWEEP_JOB, everyMs: deps.settings.sweepIntervalMs, exclusive: false, recordIdleRuns: false, handler: (run) => sweepDue(deps, run) },
  ];
}

function cycleParam(run: RunContext): string {
  const cycle = run.params.cycle;
  if (!CYCLE.test(cycle)) throw new Error(`job ${run.job}: cycle "${cycle}" is not a bill cycle YYYYMM`);
  return cycle;
}
