/** The jobs runtime (HQ-started work) and the jobs the core itself runs. */
import { JobDefinition } from './job';
import { JobRuntime } from './runtime';

export { Deliveries, DELIVERY_KIND, DELIVERY_STATES, deliveryKey } from './deliveries';
export type { Delivery, DeliveryOutcome, DeliveryRequest, DeliverySettings, DeliveryState } from './deliveries';
export type { EffectOutcome, JobDefinition, JobDeps, JobParams, RunContext } from './job';
export { JobParamsError, paramsKeyOf } from './job';
export { JobRuntime } from './runtime';
export type { JobRuntimeOptions, JobSummary } from './runtime';
export { CST_ZONE, cronProblem, nextFiring } from './schedule';

export const DELIVERY_RETRY_JOB = 'deliveries.retry';

/**
 * The core's own jobs. Retrying deliveries needs no lease: each send is claimed by a
 * conditional update, so instances can sweep side by side; its idle passes go unrecorded.
 */
export function coreJobs(runtime: JobRuntime, retryEveryMs: number): JobDefinition[] {
  return [{ name: DELIVERY_RETRY_JOB, everyMs: retryEveryMs, exclusive: false, recordIdleRuns: false, handler: (run) => runtime.deliveries.retryDue(run) }];
}
