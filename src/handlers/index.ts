/**
 * Every interface family the gateway serves. Adding a family is: its WSDLs under wsdl/,
 * its handler module here (and its jobs, if it starts calls itself), its H→P stubs under
 * mocks/. Nothing else changes.
 */
import { HandlerTable } from './handler';
import { HandlerDeps } from './handler-deps';
import { JobDefinition } from '../jobs/job';
import { Logger } from '../logging/logger';
import { paymentFamily, paymentJobs } from './payment';
import { queryFamily } from './query';

export function allHandlers(deps: HandlerDeps): HandlerTable {
  return { ...queryFamily(deps), ...paymentFamily(deps) };
}

/** The jobs of every family: HQ-started work, run by the jobs runtime. */
export function allJobs(deps: HandlerDeps, logger: Logger): JobDefinition[] {
  return [...paymentJobs(deps, logger)];
}
