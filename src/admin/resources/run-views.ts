/**
 * Job runs as the admin API shows them, shared by the jobs and runs resources: the schema of
 * a run record, the filters and paging of a listing, and the view that picks the documented
 * fields out of what the store returned (so a store's own fields never leak into answers).
 */
import { JobRuntime } from '../../jobs';
import { JobRun, RunOutcome, RunQuery, RunTrigger } from '../../store/ports';
import { AdminAnswer, JsonSchema, ParamSpec, ref } from '../operation';

/** Keyed by the store's types, so a new outcome or trigger there fails the build until it is documented here. */
const OUTCOMES: Record<RunOutcome, string> = {
  running: 'in progress (or its instance died and no run has taken its lease over yet)',
  ok: 'finished',
  failed: 'the handler threw, the lease was lost, or the gateway stopped before it finished',
  'skipped-lease-held': 'another instance was running the same job and parameters',
};
const TRIGGERS: Record<RunTrigger, string> = { schedule: 'its schedule', demand: 'on demand (this API)', job: 'another job' };

export const RUN_OUTCOMES = Object.keys(OUTCOMES) as RunOutcome[];

const dateTime = (description: string): JsonSchema => ({ type: 'string', format: 'date-time', description });

export const RUN_SCHEMAS: Record<string, JsonSchema> = {
  JobRun: {
    type: 'object',
    description: 'One run of a job.',
    required: ['runId', 'job', 'params', 'paramsKey', 'trigger', 'owner', 'startedAt', 'outcome', 'counts'],
    additionalProperties: false,
    properties: {
      runId: { type: 'string', description: 'Unique; sorts as the runs started.' },
      job: { type: 'string' },
      params: { type: 'object', additionalProperties: { type: 'string' } },
      paramsKey: { type: 'string', description: 'The parameters in one canonical string (`name=value&…`, sorted): what the `paramsKey` filter matches.' },
      trigger: {
        type: 'string',
        enum: Object.keys(TRIGGERS),
        description: Object.entries(TRIGGERS)
          .map(([k, v]) => `${k}: ${v}`)
          .join('; '),
      },
      owner: { type: 'string', description: 'The instance (INSTANCE_ID) that ran it.' },
      startedAt: dateTime('When it started.'),
      finishedAt: dateTime('When it ended; absent while running.'),
      outcome: {
        type: 'string',
        enum: RUN_OUTCOMES,
        description: Object.entries(OUTCOMES)
          .map(([k, v]) => `${k}: ${v}`)
          .join('; '),
      },
      counts: { type: 'object', additionalProperties: { type: 'number' }, description: 'What the job reported doing, by name.' },
      error: { type: 'string', description: 'Why it failed.' },
      heldBy: { type: 'string', description: 'For skipped-lease-held: the instance holding the lease.' },
    },
  },
  RunList: {
    type: 'object',
    description: 'A page of runs, newest first.',
    required: ['runs', 'limit', 'skip', 'more'],
    additionalProperties: false,
    properties: {
      runs: { type: 'array', items: ref('JobRun') },
      limit: { type: 'integer' },
      skip: { type: 'integer' },
      more: { type: 'boolean', description: 'Whether there are runs past this page (ask again with skip + limit).' },
    },
  },
};

export const RUN_FILTERS: Record<string, ParamSpec> = {
  outcome: { description: 'Only runs with this outcome.', schema: { type: 'string', enum: RUN_OUTCOMES } },
  paramsKey: {
    description: "Only runs with these parameters, as a run's `paramsKey` writes them (e.g. `batch=B1`; empty: runs without parameters).",
    schema: { type: 'string', maxLength: 2000 },
  },
};

export const PAGING: Record<string, ParamSpec> = {
  limit: { description: 'At most this many runs.', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
  skip: {
    description: 'How many of the newest runs to pass over (the next page: skip + limit).',
    schema: { type: 'integer', minimum: 0, maximum: 100_000, default: 0 },
  },
};

/** A page of runs; one more than asked is read to tell whether there is a next page. */
export async function runPage(jobs: JobRuntime, filter: RunQuery, query: Record<string, unknown>): Promise<AdminAnswer> {
  const limit = query.limit as number;
  const skip = query.skip as number;
  const found = await jobs.runs(filter, { limit: limit + 1, skip });
  return { status: 200, body: { runs: found.slice(0, limit).map(runView), limit, skip, more: found.length > limit } };
}

/** The filters a listing was given, as the store's query. */
export function runFilter(query: Record<string, unknown>, job?: string): RunQuery {
  return {
    ...(job !== undefined && { job }),
    ...(query.outcome !== undefined && { outcome: query.outcome as RunOutcome }),
    ...(query.paramsKey !== undefined && { paramsKey: query.paramsKey as string }),
  };
}

export function runView(run: JobRun): Record<string, unknown> {
  const { runId, job, params, paramsKey, trigger, owner, startedAt, finishedAt, outcome, counts, error, heldBy } = run;
  return {
    runId,
    job,
    params: { ...params },
    paramsKey,
    trigger,
    owner,
    startedAt,
    outcome,
    counts: { ...counts },
    ...(finishedAt && { finishedAt }),
    ...(error !== undefined && { error }),
    ...(heldBy !== undefined && { heldBy }),
  };
}
