/**
 * One run of a job, from taking its lease to closing its record. The lease is renewed a
 * few times per lease period while the handler works; if renewing shows another instance
 * took the lease over, the run's signal aborts. A run that takes over an expired lease
 * closes the record of the run that held it (its instance died or hung): that record
 * would otherwise say "running" for ever.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Logger } from '../logging/logger';
import { JobRun, Lease, RunResult, RunTrigger } from '../store/ports';
import { Deliveries } from './deliveries';
import { EffectOutcome, JobDefinition, JobDeps, JobParams, leaseNameOf, paramsKeyOf, RunContext } from './job';

export interface RunEnvironment {
  deps: JobDeps;
  logger: Logger;
  owner: string;
  leaseTtlMs: number;
  now: () => number;
  deliveries: Deliveries;
  runJob: (name: string, params: JobParams) => Promise<JobRun>;
}

/** Renewals per lease period: a missed one or two still leave the lease held. */
const RENEWALS_PER_TTL = 3;

export class ActiveRun {
  readonly runId: string;
  readonly paramsKey: string;
  readonly finished: Promise<JobRun>;
  private readonly leaseName: string;
  private readonly startedAt: Date;
  private readonly controller = new AbortController();
  private readonly counts: Record<string, number> = {};
  private lease: Lease | undefined;
  private renewal: NodeJS.Timeout | undefined;

  constructor(
    private readonly env: RunEnvironment,
    readonly def: JobDefinition,
    readonly params: JobParams,
    private readonly trigger: RunTrigger,
  ) {
    this.paramsKey = paramsKeyOf(params);
    this.leaseName = leaseNameOf(def.name, this.paramsKey);
    this.startedAt = new Date(env.now());
    this.runId = runIdAt(this.startedAt, env.owner);
    this.finished = this.perform();
  }

  /** Stops a run that outlived the gateway's grace: its handler is told, its lease given up, its record closed. */
  async cutShort(reason: string): Promise<void> {
    this.controller.abort(new Error(reason));
    this.stopRenewing();
    await this.releaseLease();
    await this.env.deps.store.runs.finish(this.runId, this.result(reason)).catch((error) => this.warn('run record not closed', error));
  }

  private async perform(): Promise<JobRun> {
    const { store } = this.env.deps;
    let tookOver: Lease | undefined;
    if (this.def.exclusive !== false) {
      const taken = await store.leases.acquire(this.leaseName, this.env.owner, this.runId, new Date(this.env.now()), this.env.leaseTtlMs);
      if (!taken.acquired) return this.skipped(taken.heldBy);
      this.lease = taken.lease;
      tookOver = taken.tookOver;
      this.renewal = setInterval(() => void this.renew(), Math.max(1, Math.floor(this.env.leaseTtlMs / RENEWALS_PER_TTL)));
    }
    let failure: unknown;
    try {
      if (tookOver) await this.closeAbandoned(tookOver);
      if (this.def.recordIdleRuns !== false) await store.runs.insert(this.record({ outcome: 'running', counts: {} }));
      await this.def.handler(this.context());
    } catch (error) {
      failure = error;
    } finally {
      this.stopRenewing();
    }
    return this.close(failure);
  }

  private async close(failure: unknown): Promise<JobRun> {
    const { runs } = this.env.deps.store;
    const lost = this.controller.signal.aborted ? messageOf(this.controller.signal.reason) : undefined;
    const result = this.result(failure !== undefined ? messageOf(failure) : lost);
    if (failure !== undefined) this.warn('job run failed', failure);
    await this.releaseLease();
    if (this.def.recordIdleRuns === false) {
      const run = this.record(result);
      if (result.outcome === 'ok' && !Object.values(this.counts).some((n) => n > 0)) return run;
      await runs.insert(run);
      return run;
    }
    // Closed already (cut short at stop, or by the instance that took the lease over): that record stands.
    return (await runs.finish(this.runId, result)) ?? (await runs.get(this.runId)) ?? this.record(result);
  }

  private async skipped(heldBy: Lease): Promise<JobRun> {
    const run = this.record({ outcome: 'skipped-lease-held', counts: {}, finishedAt: this.startedAt });
    run.heldBy = heldBy.owner;
    if (this.def.recordIdleRuns !== false) await this.env.deps.store.runs.insert(run);
    return run;
  }

  /** The run that held the expired lease stopped renewing it: its instance died or hung. */
  private async closeAbandoned(expired: Lease): Promise<void> {
    const error = `instance ${expired.owner} stopped renewing the lease (it expired at ${expired.expiresAt.toISOString()}); taken over by run ${this.runId} of instance ${this.env.owner}`;
    const closed = await this.env.deps.store.runs.finish(expired.token, { outcome: 'failed', counts: {}, finishedAt: new Date(this.env.now()), error });
    // Not closed: that run had ended and only its release was lost (a store hiccup), nothing was cut off.
    if (closed)
      this.env.logger.warn('job lease taken over', { job: this.def.name, params: this.paramsKey, from: expired.owner, run: expired.token, by: this.runId });
  }

  private async renew(): Promise<void> {
    const lease = this.lease;
    if (!lease) return;
    try {
      const renewed = await this.env.deps.store.leases.renew(this.leaseName, this.runId, new Date(this.env.now()), this.env.leaseTtlMs);
      if (this.lease !== lease) return; // released (the run ended) while the renewal was on its way
      if (renewed) this.lease = renewed;
      else this.lose('the lease was taken over by another instance');
    } catch (error) {
      // The store may be back before the lease runs out; past that, another instance may hold it.
      if (this.lease === lease && this.env.now() >= lease.expiresAt.getTime())
        this.lose(`the lease expired while it could not be renewed: ${messageOf(error)}`);
    }
  }

  private lose(reason: string): void {
    this.lease = undefined;
    this.stopRenewing();
    this.controller.abort(new Error(reason));
    this.env.logger.warn('job lease lost', { job: this.def.name, params: this.paramsKey, run: this.runId, reason });
  }

  private stopRenewing(): void {
    clearInterval(this.renewal);
    this.renewal = undefined;
  }

  private async releaseLease(): Promise<void> {
    const lease = this.lease;
    this.lease = undefined;
    if (lease) await this.env.deps.store.leases.release(lease.name, this.runId).catch((error) => this.warn('lease not released (it will expire)', error));
  }

  private result(error: string | undefined): RunResult {
    return {
      outcome: error === undefined ? 'ok' : 'failed',
      counts: { ...this.counts },
      finishedAt: new Date(this.env.now()),
      ...(error !== undefined && { error }),
    };
  }

  private record(result: Pick<RunResult, 'outcome' | 'counts'> & Partial<RunResult>): JobRun {
    const { runId, paramsKey, startedAt, trigger } = this;
    return { runId, job: this.def.name, params: { ...this.params }, paramsKey, trigger, owner: this.env.owner, startedAt, ...result };
  }

  private context(): RunContext {
    const { deps, deliveries } = this.env;
    return {
      job: this.def.name,
      params: this.params,
      runId: this.runId,
      owner: this.env.owner,
      trigger: this.trigger,
      deps,
      logger: this.env.logger.child({ job: this.def.name, run: this.runId }),
      signal: this.controller.signal,
      count: (name, by = 1) => {
        this.counts[name] = (this.counts[name] ?? 0) + by;
      },
      recordEffect: (kind, key, data) => this.recordEffect(kind, key, data),
      deliver: (request) => deliveries.deliver(request),
      runJob: (name, params = {}) =>
        leaseNameOf(name, paramsKeyOf(params)) === this.leaseName
          ? Promise.reject(new Error(`job ${name} cannot run itself with its own parameters: it would wait for itself`))
          : this.env.runJob(name, params),
    };
  }

  private async recordEffect(kind: string, key: string, data: Record<string, unknown>): Promise<EffectOutcome> {
    const fingerprint = createHash('sha256').update(JSON.stringify(data)).digest('hex');
    const put = await this.env.deps.store.documents.putIfAbsent({ kind, key, fingerprint, data, createdAt: new Date(this.env.now()) });
    return put.inserted ? { recorded: true, document: put.record } : { recorded: false, document: put.existing };
  }

  private warn(message: string, error: unknown): void {
    this.env.logger.warn(message, { job: this.def.name, params: this.paramsKey, run: this.runId, error: messageOf(error) });
  }
}

let runsStarted = 0;

/**
 * A run id that sorts as the runs started: the start time and this process's count first
 * (runs are listed newest first, and several start in one millisecond), then the instance
 * and a random tail, so ids from several instances never meet.
 */
function runIdAt(startedAt: Date, owner: string): string {
  runsStarted = (runsStarted + 1) % 1_000_000;
  return `${startedAt.getTime().toString(36).padStart(9, '0')}-${String(runsStarted).padStart(6, '0')}-${owner}-${randomBytes(4).toString('hex')}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
