/**
 * The admin API's resources, in the order the OpenAPI document lists them. A new resource
 * (results, scenarios, the journal…) is a module like jobs.ts, added here: the router and
 * the document pick its operations up.
 */
import { AdminResourceFactory } from '../operation';
import { jobsResource } from './jobs';
import { journalResource } from './journal';
import { runsResource } from './runs';

export const ADMIN_RESOURCES: readonly AdminResourceFactory[] = [jobsResource, runsResource, journalResource];
