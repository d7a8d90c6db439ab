/** The exchange journal in MongoDB: append-only, read newest first. */
import { Model } from 'mongoose';
import { JournalEntry, JournalQuery, JournalRepository, Page } from '../ports';
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
    return docs.map((doc) => fromStored(doc));
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
  });
}
