/**
 * The jobs runtime: the registry of jobs, their schedules, and the runs in progress. A run
 * starts by schedule, on demand (runNow) or from another job; in one process a given (job,
 * parameters) runs once at a time — asking again while it runs joins that run — and among
 * instances its lease decides (job-run.ts).
 *
 * Stopping is the same for every job: schedules stop firing, new runs are refused, runs in
 * progress get the grace to finish; those still going after it are told to stop, recorded
 * as failed and their leases released, so another instance need not wait out the expiry.
 */
import { Logger } from '../logging/logger';
import { JobRun, Page, RunQuery, RunTrigger } from '../store/ports';
import { Deliveries, DeliverySettings } from './deliveries';
import { checkDefinition, checkParams, JobDefinition, JobDeps, JobParams, leaseNameOf, paramsKeyOf } from './job';
import { ActiveRun, RunEnvironment } from './job-run';
import { Armed, armCron, armPeriod } from './schedule';

export interface JobRuntimeOptions {
  deps: JobDeps;
  logger: Logger;
  /** This instance, as leases and runs name it (INSTANCE_ID). */
  owner: string;
  leaseTtlMs: number;
  /** Job name → cron expression in CST (JOB_SCHEDULES); jobs not named run by period or on demand only. */
  schedules?: Readonly<Record<string, string>>;
  deliveries: DeliverySettings;
}

export interface JobSummary {
  name: string;
  params: readonly string[];
  schedule?: string; // the cron expression, or "every N ms"
  nextRunAt?: Date;
}

type RuntimeState = 'registering' | 'started' | 'stopping' | 'stopped';

export class JobRuntime {
  readonly deliveries: Deliveries;
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly active = new Map<string, ActiveRun>(); // lease name → its run here
  private readonly armed = new Map<string, Armed>();
  private readonly env: RunEnvironment;
  private state: RuntimeState = 'registering';
  private stopped: Promise<void> | undefined;

  constructor(private readonly options: JobRuntimeOptions) {
    this.deliveries = new Deliveries(options.deps, options.deliveries, options.logger);
    this.env = {
      deps: options.deps,
      logger: options.logger,
      owner: options.owner,
      leaseTtlMs: options.leaseTtlMs,
      now: () => (options.deps.now ?? Date.now)(),
      deliveries: this.deliveries,
      runJob: (name, params) => this.run(name, params, 'job'),
    };
  }

  /** Adds a job; two jobs of one name are refused, as is registering once the runtime has started. */
  register(def: JobDefinition): void {
    checkDefinition(def);
    if (this.jobs.has(def.name)) throw new Error(`job "${def.name}" is registered twice: each job needs a name of its own`);
    if (this.state !== 'registering') throw new Error(`job "${def.name}" registered after the jobs runtime started`);
    this.jobs.set(def.name, def);
  }

  /** Arms every schedule. A schedule naming no registered job is a configuration mistake, refused here. */
  start(): void {
    if (this.state !== 'registering') return;
    const schedules = this.options.schedules ?? {};
    const unknown = Object.keys(schedules).filter((name) => !this.jobs.has(name));
    if (unknown.length)
      throw new Error(`JOB_SCHEDULES names no registered job: ${unknown.join(', ')} (registered: ${[...this.jobs.keys()].sort().join(', ')})`);
    for (const def of this.jobs.values()) {
      const cron = schedules[def.name];
      if ((cron !== undefined || def.everyMs !== undefined) && def.params?.length && !def.scheduledParams) {
        throw new Error(
          `job ${def.name} takes parameters (${def.params.join(', ')}) but gives none for a scheduled run (scheduledParams): it can run on demand only`,
        );
      }
      if (cron !== undefined)
        this.armed.set(
          def.name,
          armCron(cron, () => this.fire(def)),
        );
      else if (def.everyMs !== undefined)
        this.armed.set(
          def.name,
          armPeriod(def.everyMs, () => this.fire(def), this.env.now),
        );
    }
    this.state = 'started';
  }

  /** Runs the job now (an admin endpoint, a CLI); resolves with its record once it has finished. */
  runNow(name: string, params: JobParams = {}): Promise<JobRun> {
    return this.run(name, params, 'demand');
  }

  /** Runs, newest first. */
  runs(query: RunQuery = {}, page: Page = { limit: 50 }): Promise<JobRun[]> {
    return this.options.deps.store.runs.list(query, page);
  }

  list(): JobSummary[] {
    const schedules = this.options.schedules ?? {};
    return [...this.jobs.values()].map((def) => {
      const schedule = schedules[def.name] ?? (def.everyMs !== undefined ? `every ${def.everyMs} ms` : undefined);
      const nextRunAt = this.armed.get(def.name)?.next();
      return { name: def.name, params: def.params ?? [], ...(schedule && { schedule }), ...(nextRunAt && { nextRunAt }) };
    });
  }

  /** How many runs are in progress in this process. */
  get running(): number {
    return this.active.size;
  }

  /** Stops scheduling and lets the runs in progress finish within `graceMs`; once, whoever asks. */
  stop(graceMs: number): Promise<void> {
    this.stopped ??= this.stopWithin(graceMs);
    return this.stopped;
  }

  private async stopWithin(graceMs: number): Promise<void> {
    this.state = 'stopping';
    for (const armed of this.armed.values()) armed.stop();
    this.armed.clear();
    const runs = [...this.active.values()];
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      Promise.allSettled(runs.map((r) => r.finished)).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(resolve, graceMs, false))),
    ]);
    clearTimeout(timer);
    if (!inTime) {
      const left = runs.filter((r) => this.active.get(leaseNameOf(r.def.name, r.paramsKey)) === r);
      this.options.logger.warn('grace period over: job runs still in progress were stopped', { runs: left.map((r) => `${r.def.name} ${r.paramsKey}`) });
      await Promise.all(left.map((r) => r.cutShort(`the gateway stopped before the run finished (grace of ${graceMs} ms)`)));
    }
    this.state = 'stopped';
  }

  private run(name: string, params: JobParams, trigger: RunTrigger): Promise<JobRun> {
    if (this.state === 'stopping' || this.state === 'stopped') return Promise.reject(new Error(`job ${name} not started: the jobs runtime is stopping`));
    const def = this.jobs.get(name);
    if (!def) return Promise.reject(new Error(`no job named "${name}" (registered: ${[...this.jobs.keys()].sort().join(', ') || 'none'})`));
    try {
      checkParams(def, params, this.env.now());
    } catch (error) {
      return Promise.reject(error);
    }
    const leaseName = leaseNameOf(name, paramsKeyOf(params));
    const running = this.active.get(leaseName);
    if (running) return running.finished;
    const run = new ActiveRun(this.env, def, { ...params }, trigger);
    this.active.set(leaseName, run);
    const done = (): void => {
      if (this.active.get(leaseName) === run) this.active.delete(leaseName);
    };
    run.finished.then(done, done);
    return run.finished;
  }

  /** A schedule's turn: skipped while the previous run of the same parameters is still going here. */
  private fire(def: JobDefinition): void {
    if (this.state !== 'started') return;
    let params: JobParams;
    try {
      params = def.scheduledParams?.(new Date(this.env.now())) ?? {};
    } catch (error) {
      this.options.logger.error('scheduled job has no parameters to run with', { job: def.name, error: String(error) });
      return;
    }
    if (this.active.has(leaseNameOf(def.name, paramsKeyOf(params)))) return;
    this.run(def.name, params, 'schedule').catch((error) => this.options.logger.warn('scheduled job run failed', { job: def.name, error: String(error) }));
  }
}
