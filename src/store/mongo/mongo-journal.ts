/** The exchange journal in MongoDB: append-only, read newest first. */
import { isValidObjectId, Model } from 'mongoose';
import { DEFAULT_SCOPE } from '../../journal/scope';
import { IdentifiedEntry, JournalEntry, JournalQuery, JournalRepository, Page } from '../ports';
import { asStored } from '../stored-shape';
import { guarded } from './errors';
import { definedOnly, fromStored, pageOf, Stored, timeRange } from './records';

export class MongoJournal implements JournalRepository {
  constructor(private readonly model: Model<JournalEntry>) {}

  async appendMany(entries: JournalEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await guarded('journal.appendMany', () => this.model.insertMany(entries.map(asStored), { ordered: true }));
  }

  async find(query: JournalQuery, page: Page): Promise<JournalEntry[]> {
    return (await this.findIdentified(query, page)).map((found) => found.entry);
  }

  async findIdentified(query: JournalQuery, page: Page): Promise<IdentifiedEntry[]> {
    const window = pageOf(page);
    if (!window) return [];
    const docs = await guarded('journal.find', () =>
      this.model
        .find(filterOf(query))
        .sort({ receivedAt: -1, _id: 1 }) // _id: a deterministic order among equal times
        .skip(window.skip)
        .limit(window.limit)
        .lean<Array<Stored<JournalEntry>>>()
        .exec(),
    );
    return docs.map(identified);
  }

  async get(id: string): Promise<IdentifiedEntry | undefined> {
    if (!isValidObjectId(id) || !/^[0-9a-f]{24}$/i.test(id)) return undefined;
    const doc = await guarded('journal.get', () => this.model.findById(id).lean<Stored<JournalEntry>>().exec());
    return doc ? identified(doc) : undefined;
  }

  async removeScope(scope: string): Promise<number> {
    const result = await guarded('journal.removeScope', () => this.model.deleteMany(scopeFilter(scope)).exec());
    return result.deletedCount;
  }

  async count(query: JournalQuery): Promise<number> {
    return guarded('journal.count', () => this.model.countDocuments(filterOf(query)).exec());
  }
}

function filterOf(q: JournalQuery): Record<string, unknown> {
  return definedOnly({
    transIdO: q.transIdO,
    transIdH: q.transIdH,
    procId: q.procId,
    serviceNumber: q.serviceNumber,
    interfaceNumber: q.interfaceNumber,
    receivedAt: timeRange(q.from, q.to),
    province: q.province,
    rspCode: q.rspCode,
    direction: q.direction,
    'scenario.id': q.scenario,
    ...(q.scope !== undefined && scopeFilter(q.scope)),
  });
}

/** The default scope is also every entry that names none. */
function scopeFilter(scope: string): Record<string, unknown> {
  return scope === DEFAULT_SCOPE ? { scope: { $in: [DEFAULT_SCOPE, null] } } : { scope };
}

function identified(doc: Stored<JournalEntry>): IdentifiedEntry {
  return { id: String(doc._id), entry: fromStored(doc) };
}
