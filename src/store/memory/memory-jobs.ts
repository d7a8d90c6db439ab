/** Leases and job runs in memory: single-instance, so a lease only ever meets this process's runs. */
import { JobRun, JobRunRepository, Lease, LeaseOutcome, LeaseRepository, Page, RunQuery, RunResult } from '../ports';
import { asStored } from '../stored-shape';

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryLeases implements LeaseRepository {
  private readonly leases = new Map<string, Lease>();

  async acquire(name: string, owner: string, token: string, now: Date, ttlMs: number): Promise<LeaseOutcome> {
    const current = this.leases.get(name);
    if (current && current.expiresAt > now) return { acquired: false, heldBy: copy(current) };
    const lease: Lease = { name, owner, token, acquiredAt: new Date(now.getTime()), expiresAt: new Date(now.getTime() + ttlMs) };
    this.leases.set(name, lease);
    return current ? { acquired: true, lease: copy(lease), tookOver: copy(current) } : { acquired: true, lease: copy(lease) };
  }

  async renew(name: string, token: string, now: Date, ttlMs: number): Promise<Lease | undefined> {
    const current = this.leases.get(name);
    if (!current || current.token !== token) return undefined;
    const renewed = { ...current, expiresAt: new Date(now.getTime() + ttlMs) };
    this.leases.set(name, renewed);
    return copy(renewed);
  }

  async release(name: string, token: string): Promise<boolean> {
    if (this.leases.get(name)?.token !== token) return false;
    return this.leases.delete(name);
  }

  async get(name: string): Promise<Lease | undefined> {
    const lease = this.leases.get(name);
    return lease && copy(lease);
  }
}

/**
 * Runs are a record of what happened, not state anything depends on: past `limit` the
 * oldest are dropped (a Map keeps insertion order), so a long-lived process stays bounded.
 */
export class MemoryRuns implements JobRunRepository {
  private readonly runs = new Map<string, JobRun>();

  constructor(private readonly limit: number) {}

  async insert(run: JobRun): Promise<void> {
    if (this.runs.has(run.runId)) throw new Error(`duplicate run id ${run.runId}`);
    this.runs.set(run.runId, asStored(run));
    for (const oldest of this.runs.keys()) {
      if (this.runs.size <= this.limit) break;
      this.runs.delete(oldest);
    }
  }

  async finish(runId: string, result: RunResult): Promise<JobRun | undefined> {
    const current = this.runs.get(runId);
    if (!current || current.outcome !== 'running') return undefined;
    const finished = asStored({ ...current, ...result });
    this.runs.set(runId, finished);
    return copy(finished);
  }

  async get(runId: string): Promise<JobRun | undefined> {
    const run = this.runs.get(runId);
    return run && copy(run);
  }

  async list(query: RunQuery, page: Page): Promise<JobRun[]> {
    const skip = page.skip ?? 0;
    return [...this.runs.values()]
      .filter(
        (r) =>
          (query.job === undefined || r.job === query.job) &&
          (query.paramsKey === undefined || r.paramsKey === query.paramsKey) &&
          (query.outcome === undefined || r.outcome === query.outcome),
      )
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0))
      .slice(skip, skip + Math.max(0, page.limit))
      .map(copy);
  }
}
