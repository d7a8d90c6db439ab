/**
 * Keyed business documents in MongoDB: one per (kind, key), guarded by a unique index; a
 * transition is one conditional findOneAndUpdate, so of concurrent attempts exactly one
 * matches the `from` states and wins; a stream is a cursor read in batches.
 */
import { Model } from 'mongoose';
import { documentKinds, DocumentKindRegistry } from '../document-kinds';
import { BusinessDocument, DocumentChanges, DocumentKind, DocumentQuery, DocumentRepository, InsertOutcome, Page, TransitionCondition } from '../ports';
import { asStored } from '../stored-shape';
import { guarded, isDuplicateKey } from './errors';
import { definedOnly, fromStored, pageOf, prefixRange, Stored } from './records';

/** Documents a stream holds at a time: enough to keep round trips few, few enough to keep memory flat. */
const STREAM_BATCH = 100;

export class MongoDocuments implements DocumentRepository {
  constructor(
    private readonly model: Model<BusinessDocument>,
    private readonly kinds: DocumentKindRegistry = documentKinds,
  ) {}

  async putIfAbsent(doc: BusinessDocument): Promise<InsertOutcome<BusinessDocument>> {
    this.kinds.checkPut(doc);
    return guarded('documents.putIfAbsent', async () => {
      try {
        const created = await this.model.create(asStored(doc));
        return { inserted: true, record: fromStored<BusinessDocument>(created.toObject()) };
      } catch (error) {
        // Lost to an insert of the same (kind, key): the winner's document is the answer.
        if (!isDuplicateKey(error)) throw error;
        const existing = await this.find(doc.kind, doc.key);
        if (!existing) throw error;
        return { inserted: false, existing };
      }
    });
  }

  async get(kind: DocumentKind, key: string): Promise<BusinessDocument | undefined> {
    this.kinds.definitionOf(kind);
    return guarded('documents.get', () => this.find(kind, key));
  }

  async list(kind: DocumentKind, keyPrefix: string, page: Page): Promise<BusinessDocument[]> {
    this.kinds.definitionOf(kind);
    const window = pageOf(page);
    if (!window) return [];
    const docs = await guarded('documents.list', () =>
      this.model.find(filterOf({ kind, keyPrefix })).sort({ key: 1 }).skip(window.skip).limit(window.limit).lean<Array<Stored<BusinessDocument>>>().exec(),
    );
    return docs.map((d) => fromStored(d));
  }

  async transition(
    kind: DocumentKind,
    key: string,
    fromStates: string[],
    changes: DocumentChanges,
    condition: TransitionCondition = {},
  ): Promise<BusinessDocument | undefined> {
    this.kinds.checkTransition(kind, fromStates, changes, condition);
    const filter: Record<string, unknown> = { kind, key, state: { $in: fromStates } };
    for (const [field, value] of Object.entries(condition.data ?? {})) filter[`data.${field}`] = value;
    const doc = await guarded('documents.transition', () =>
      this.model.findOneAndUpdate(filter, updateOf(changes), { returnDocument: 'after', upsert: false }).lean<Stored<BusinessDocument>>().exec(),
    );
    return doc ? fromStored(doc) : undefined;
  }

  async *stream(query: DocumentQuery): AsyncIterableIterator<BusinessDocument> {
    this.kinds.definitionOf(query.kind);
    const cursor = this.model.find(filterOf(query)).sort({ key: 1 }).lean<Stored<BusinessDocument>>().cursor({ batchSize: STREAM_BATCH });
    try {
      for (;;) {
        const doc = await guarded('documents.stream', () => cursor.next());
        if (!doc) return;
        yield fromStored(doc);
      }
    } finally {
      // Also when the caller leaves the loop early: the server would keep the cursor otherwise.
      await cursor.close().catch(() => undefined);
    }
  }

  private async find(kind: DocumentKind, key: string): Promise<BusinessDocument | undefined> {
    const doc = await this.model.findOne({ kind, key }).lean<Stored<BusinessDocument>>().exec();
    return doc ? fromStored(doc) : undefined;
  }
}

function filterOf(q: DocumentQuery): Record<string, unknown> {
  return definedOnly({
    kind: q.kind,
    key: q.keyPrefix ? prefixRange(q.keyPrefix) : undefined,
    state: q.state === undefined ? undefined : Array.isArray(q.state) ? { $in: q.state } : q.state,
    dueAt: q.dueBy === undefined ? undefined : { $lte: q.dueBy },
  });
}

/**
 * The update for `changes`, as the memory adapter applies them: data merged one field at a
 * time, a field (or dueAt) given as undefined removed, updatedAt always stamped.
 */
function updateOf(changes: DocumentChanges): Record<string, unknown> {
  const set: Record<string, unknown> = { updatedAt: new Date() };
  const unset: Record<string, 1> = {};
  if (changes.state !== undefined) set.state = changes.state;
  if (changes.fingerprint !== undefined) set.fingerprint = changes.fingerprint;
  if ('dueAt' in changes) {
    if (changes.dueAt === undefined) unset.dueAt = 1;
    else set.dueAt = changes.dueAt;
  }
  for (const [field, value] of Object.entries(changes.data ?? {})) {
    if (value === undefined) unset[`data.${field}`] = 1;
    else set[`data.${field}`] = asStored(value);
  }
  return Object.keys(unset).length === 0 ? { $set: set } : { $set: set, $unset: unset };
}
