/** Runs of every job: a listing across jobs, and one run by its id. */
import { notFound } from '../errors';
import { AdminContext, AdminResource, ref } from '../operation';
import { PAGING, RUN_FILTERS, RUN_SCHEMAS, runFilter, runPage, runView } from './run-views';

export function runsResource(context: AdminContext): AdminResource {
  return {
    name: 'runs',
    description: 'The record of every job run: who ran it, when, with what parameters and outcome, and what it did.',
    schemas: RUN_SCHEMAS,
    operations: [
      {
        method: 'get',
        path: '/runs',
        operationId: 'listRuns',
        summary: 'Runs of all jobs, newest first.',
        description: "A sweep's passes that did nothing are not recorded, so they are not listed.",
        query: {
          job: { description: 'Only runs of this job (it need not be registered any more).', schema: { type: 'string', maxLength: 200 } },
          ...RUN_FILTERS,
          ...PAGING,
        },
        responses: { '200': { description: 'A page of runs.', schema: ref('RunList') } },
        handle: async ({ query }) => runPage(context.jobs, runFilter(query, query.job as string | undefined), query),
      },
      {
        method: 'get',
        path: '/runs/{runId}',
        operationId: 'getRun',
        summary: 'One run.',
        pathParams: { runId: { description: "The run's id (`runId` of a run record).", schema: { type: 'string', pattern: '^[\\w.-]+$', maxLength: 200 } } },
        responses: { '200': { description: 'The run.', schema: ref('JobRun') }, '404': { description: 'No run with that id.', schema: ref('Error') } },
        handle: async ({ path }) => {
          const run = await context.store.runs.get(path.runId);
          if (!run) throw notFound(`no run with id "${path.runId}"`);
          return { status: 200, body: runView(run) };
        },
      },
    ],
  };
}
