/**
 * Jobs: what is registered (schedule, next run, parameters), running one now, and its runs.
 *
 * Running now waits for the run to end by default and answers its record: the jobs HQ runs
 * today take seconds, and the record (outcome, counts, error) is what the operator wants.
 * `?wait=false` answers at once instead, for a long job: 202 and where its runs are listed
 * (the run's id is known only to the runtime until it is recorded). Either way the run goes
 * on if the client goes away. A (job, parameters) runs once at a time in a gateway: asking
 * while it runs joins that run (200, not 201); another instance holding it is a 409.
 */
import { JobParams, JobParamsError, JobSummary, paramsKeyOf } from '../../jobs';
import { JobRun } from '../../store/ports';
import { AdminError, badParameter, notFound } from '../errors';
import { AdminAnswer, AdminContext, AdminRequest, AdminResource, JsonSchema, ParamSpec, ref } from '../operation';
import { Check, checker } from '../validation';
import { PAGING, RUN_FILTERS, RUN_SCHEMAS, runFilter, runPage, runView } from './run-views';

const JOB_NAME: ParamSpec = {
  description: 'The job, e.g. `payments.resolve-pending`.',
  schema: { type: 'string', pattern: '^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$', maxLength: 200 },
};

const SCHEMAS: Record<string, JsonSchema> = {
  Job: {
    type: 'object',
    required: ['name', 'params'],
    additionalProperties: false,
    properties: {
      name: { type: 'string' },
      params: { type: 'array', items: { type: 'string' }, description: 'The parameters a run must be given, all of them and no others.' },
      schedule: { type: 'string', description: 'A cron expression in CST (JOB_SCHEDULES), or `every N ms`; absent: on demand only.' },
      nextRunAt: { type: 'string', format: 'date-time', description: 'When its schedule fires next (once the gateway has started).' },
    },
  },
  JobList: { type: 'object', required: ['jobs'], additionalProperties: false, properties: { jobs: { type: 'array', items: ref('Job') } } },
  RunStarted: {
    type: 'object',
    description: 'A run started without waiting for it (`wait=false`).',
    required: ['job', 'params', 'paramsKey', 'joined', 'runs'],
    additionalProperties: false,
    properties: {
      job: { type: 'string' },
      params: { type: 'object', additionalProperties: { type: 'string' } },
      paramsKey: { type: 'string' },
      joined: { type: 'boolean', description: 'Whether a run of the same job and parameters was already in progress here.' },
      runs: { type: 'string', description: 'Where its record will be listed.' },
    },
  },
  RunConflict: {
    type: 'object',
    description: 'Another instance holds the (job, parameters): this gateway recorded a skipped run.',
    required: ['error', 'message', 'run'],
    properties: { error: { const: 'conflict' }, message: { type: 'string' }, run: ref('JobRun') },
  },
};

const RUN_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    params: {
      type: 'object',
      description: "The job's parameters, names to text values (see GET /jobs).",
      additionalProperties: { type: 'string', maxLength: 1000 },
    },
  },
};

export function jobsResource(context: AdminContext): AdminResource {
  const runs = new RunsStarted(context);
  return {
    name: 'jobs',
    description: 'HQ-started work: scheduled, on demand, or started by another job.',
    schemas: { ...SCHEMAS, ...RUN_SCHEMAS },
    operations: [
      {
        method: 'get',
        path: '/jobs',
        operationId: 'listJobs',
        summary: 'The registered jobs, with schedule, next run and parameters.',
        responses: { '200': { description: 'Every job, by name.', schema: ref('JobList') } },
        handle: async () => ({ status: 200, body: { jobs: sortedJobs(context).map(jobView) } }),
      },
      {
        method: 'post',
        path: '/jobs/{name}/runs',
        operationId: 'runJob',
        summary: 'Runs the job now.',
        description:
          'Waits for the run to end and answers its record (201), unless `wait=false`. A run of the same job and parameters already in progress here is joined (200). The run goes on if the client disconnects.',
        pathParams: { name: JOB_NAME },
        query: { wait: { description: 'Whether to answer once the run has ended (default) or at once (202).', schema: { type: 'boolean', default: true } } },
        body: { description: "The run's parameters; no body for a job that takes none.", required: false, schema: RUN_BODY },
        responses: {
          '200': { description: 'Joined a run already in progress here; its record once it ended.', schema: ref('JobRun') },
          '201': {
            description: "The run's record, once it ended (outcome ok or failed).",
            schema: ref('JobRun'),
            headers: { Location: "The run, when its record was kept (a sweep's idle pass is not)." },
          },
          '202': { description: 'Started (`wait=false`).', schema: ref('RunStarted'), headers: { Location: 'Where its record will be listed.' } },
          '404': { description: 'No job of that name.', schema: ref('Error') },
          '409': { description: 'Another gateway instance is running this job with these parameters.', schema: ref('RunConflict') },
          '503': { description: 'The gateway is stopping: no new run starts.', schema: ref('Error') },
        },
        handle: (request) => runs.start(request),
      },
      {
        method: 'get',
        path: '/jobs/{name}/runs',
        operationId: 'listJobRuns',
        summary: "The job's runs, newest first.",
        pathParams: { name: JOB_NAME },
        query: { ...RUN_FILTERS, ...PAGING },
        responses: { '200': { description: 'A page of runs.', schema: ref('RunList') }, '404': { description: 'No job of that name.', schema: ref('Error') } },
        handle: async ({ path, query }) => runPage(context.jobs, runFilter(query, jobNamed(context, path.name).name), query),
      },
    ],
  };
}

function sortedJobs(context: AdminContext): JobSummary[] {
  return context.jobs.list().sort((a, b) => a.name.localeCompare(b.name));
}

function jobNamed(context: AdminContext, name: string): JobSummary {
  const job = context.jobs.list().find((j) => j.name === name);
  if (!job)
    throw notFound(
      `no job named "${name}" (registered: ${
        sortedJobs(context)
          .map((j) => j.name)
          .join(', ') || 'none'
      })`,
    );
  return job;
}

function jobView(job: JobSummary): Record<string, unknown> {
  return { name: job.name, params: [...job.params], ...(job.schedule && { schedule: job.schedule }), ...(job.nextRunAt && { nextRunAt: job.nextRunAt }) };
}

/** Starts runs on demand, and knows which of them are still going (to tell a joined run from a new one). */
class RunsStarted {
  private readonly inFlight = new Map<string, Promise<JobRun>>();
  private readonly paramChecks = new Map<string, Check>();

  constructor(private readonly context: AdminContext) {}

  async start({ path, query, body }: AdminRequest): Promise<AdminAnswer> {
    const job = jobNamed(this.context, path.name);
    const params: JobParams = (body as { params?: JobParams } | undefined)?.params ?? {};
    this.paramsCheck(job)(params);
    const key = `${job.name}#${paramsKeyOf(params)}`;
    const earlier = this.inFlight.get(key);
    const finished = this.context.jobs.runNow(job.name, params);
    // The runtime hands whoever asks while a run is going the same promise: that is a join.
    const joinedHere = finished === earlier;
    if (!joinedHere) {
      this.inFlight.set(key, finished);
      const forget = (): void => void (this.inFlight.get(key) === finished && this.inFlight.delete(key));
      finished.then(forget, forget);
    }
    if (query.wait === false) return this.answerAtOnce(job.name, params, finished, joinedHere);
    const run = await finished.catch(refusal);
    // A run started by its schedule or another job is one this request joined too.
    return this.ended(run, joinedHere || run.trigger !== 'demand');
  }

  /** The job's own parameters, checked with a schema made from its definition (errors name `params.<name>`). */
  private paramsCheck(job: JobSummary): Check {
    let check = this.paramChecks.get(job.name);
    if (!check) {
      const schema = {
        type: 'object',
        properties: Object.fromEntries(job.params.map((p) => [p, { type: 'string' }])),
        required: [...job.params],
        additionalProperties: false,
      };
      check = checker(schema, 'body', { prefix: 'params' });
      this.paramChecks.set(job.name, check);
    }
    return check;
  }

  private async ended(run: JobRun, joined: boolean): Promise<AdminAnswer> {
    if (run.outcome === 'skipped-lease-held') {
      const message = `job ${run.job} with parameters "${run.paramsKey}" is running on instance ${run.heldBy}; this gateway recorded a skipped run`;
      throw new AdminError(409, 'conflict', message, { run: runView(run) });
    }
    const kept = (await this.context.store.runs.get(run.runId)) !== undefined;
    return { status: joined ? 200 : 201, body: runView(run), ...(kept && { headers: { Location: `/admin/runs/${encodeURIComponent(run.runId)}` } }) };
  }

  /** wait=false: the run is left to go on; an immediate refusal (stopping) still gets its answer. */
  private async answerAtOnce(job: string, params: JobParams, finished: Promise<JobRun>, joined: boolean): Promise<AdminAnswer> {
    finished.catch((error) => this.context.logger.warn('job run started from the admin API failed', { job, error: String(error) }));
    const settled = await Promise.race([finished.catch(refusal), new Promise<undefined>((resolve) => setImmediate(resolve, undefined))]);
    if (settled) return this.ended(settled, joined || settled.trigger !== 'demand');
    const paramsKey = paramsKeyOf(params);
    const runs = `/admin/jobs/${encodeURIComponent(job)}/runs?paramsKey=${encodeURIComponent(paramsKey)}`;
    return { status: 202, headers: { Location: runs }, body: { job, params: { ...params }, paramsKey, joined, runs } };
  }
}

/** Parameters a job refuses are the client's to fix (400); else the runtime refuses with a plain Error, and the one it gives while stopping is the one a client can wait out. */
function refusal(error: unknown): never {
  if (error instanceof JobParamsError) throw badParameter('body', 'params', error.message);
  if (/stopping/.test(String((error as Error)?.message))) throw new AdminError(503, 'unavailable', (error as Error).message);
  throw error;
}
