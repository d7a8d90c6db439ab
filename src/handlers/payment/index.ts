/** The payment family (chapters 5 and 6): 5.2.1 and 6.2.1 served by HQ; 5.2.2 and 6.2.2 are their H→P legs. */
import { HandlerTable } from '../handler';
import { HandlerDeps } from '../handler-deps';
import { JobDefinition } from '../../jobs/job';
import { Logger } from '../../logging/logger';
import { pendingResolverJob } from './pending-resolver';
import { remotePay } from './remote-pay';
import { remotePayReverse } from './remote-pay-reverse';
import { InFlight } from './payment-records';

export { PendingResolver, pendingResolverJob, RESOLVER_JOB } from './pending-resolver';

export function paymentFamily(deps: HandlerDeps): HandlerTable {
  return {
    '5.2.1': { RemotePay: remotePay(deps, new InFlight()) },
    '6.2.1': { RemotePayReverse: remotePayReverse(deps) },
  };
}

/** The family's jobs: the resolver of unknown outcomes. */
export function paymentJobs(deps: HandlerDeps, logger: Logger): JobDefinition[] {
  return [pendingResolverJob(deps, logger)];
}
