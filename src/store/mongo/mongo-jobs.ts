/**
 * Leases and job runs in MongoDB. A lease is taken with one conditional upsert: it matches
 * only an expired lease, and when the lease is held the upsert's insert meets the unique
 * name index instead — so of concurrent acquirers exactly one gets it, with no transaction.
 */
import { Model } from 'mongoose';
import { JobRun, JobRunRepository, Lease, LeaseOutcome, LeaseRepository, Page, RunQuery, RunResult } from '../ports';
import { asStored } from '../stored-shape';
import { guarded, isDuplicateKey } from './errors';
import { definedOnly, fromStored, pageOf, Stored } from './records';

export class MongoLeases implements LeaseRepository {
  constructor(private readonly model: Model<Lease>) {}

  async acquire(name: string, owner: string, token: string, now: Date, ttlMs: number): Promise<LeaseOutcome> {
    return guarded('leases.acquire', async () => {
      const lease: Lease = { name, owner, token, acquiredAt: now, expiresAt: new Date(now.getTime() + ttlMs) };
      // The holder may release between our clash and our read; then the lease is free to try again.
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const before = await this.model
            .findOneAndUpdate(
              { name, expiresAt: { $lte: now } },
              { $set: { owner, token, acquiredAt: lease.acquiredAt, expiresAt: lease.expiresAt } },
              { upsert: true, returnDocument: 'before' },
            )
            .lean<Stored<Lease>>()
            .exec();
          return before ? { acquired: true, lease, tookOver: fromStored(before) } : { acquired: true, lease };
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          const holder = await this.find(name);
          if (holder) return { acquired: false, heldBy: holder };
        }
      }
      throw new Error(`lease ${name} changed hands three times while being acquired`);
    });
  }

  async renew(name: string, token: string, now: Date, ttlMs: number): Promise<Lease | undefined> {
    const doc = await guarded('leases.renew', () =>
      this.model
        .findOneAndUpdate({ name, token }, { $set: { expiresAt: new Date(now.getTime() + ttlMs) } }, { returnDocument: 'after' })
        .lean<Stored<Lease>>()
        .exec(),
    );
    return doc ? fromStored(doc) : undefined;
  }

  async release(name: string, token: string): Promise<boolean> {
    const result = await guarded('leases.release', () => this.model.deleteOne({ name, token }).exec());
    return result.deletedCount === 1;
  }

  async get(name: string): Promise<Lease | undefined> {
    return guarded('leases.get', () => this.find(name));
  }

  private async find(name: string): Promise<Lease | undefined> {
    const doc = await this.model.findOne({ name }).lean<Stored<Lease>>().exec();
    return doc ? fromStored(doc) : undefined;
  }
}

export class MongoRuns implements JobRunRepository {
  constructor(private readonly model: Model<JobRun>) {}

  async insert(run: JobRun): Promise<void> {
    await guarded('runs.insert', () => this.model.create(asStored(run)));
  }

  async finish(runId: string, result: RunResult): Promise<JobRun | undefined> {
    const unset = result.error === undefined ? { $unset: { error: 1 } } : {};
    const doc = await guarded('runs.finish', () =>
      this.model
        .findOneAndUpdate({ runId, outcome: 'running' }, { $set: asStored(result), ...unset }, { returnDocument: 'after' })
        .lean<Stored<JobRun>>()
        .exec(),
    );
    return doc ? fromStored(doc) : undefined;
  }

  async get(runId: string): Promise<JobRun | undefined> {
    const doc = await guarded('runs.get', () => this.model.findOne({ runId }).lean<Stored<JobRun>>().exec());
    return doc ? fromStored(doc) : undefined;
  }

  async list(query: RunQuery, page: Page): Promise<JobRun[]> {
    const window = pageOf(page);
    if (!window) return [];
    const filter = definedOnly({ job: query.job, paramsKey: query.paramsKey, outcome: query.outcome });
    const docs = await guarded('runs.list', () =>
      this.model.find(filter).sort({ startedAt: -1, runId: -1 }).skip(window.skip).limit(window.limit).lean<Array<Stored<JobRun>>>().exec(),
    );
    return docs.map((d) => fromStored(d));
  }
}
