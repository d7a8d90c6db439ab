/** Keyed business documents in MongoDB: one per (kind, key), guarded by a unique index. */
import { Model } from 'mongoose';
import { BusinessDocument, DocumentKind, DocumentRepository, InsertOutcome, Page } from '../ports';
import { asStored } from '../stored-shape';
import { guarded, isDuplicateKey } from './errors';
import { fromStored, pageOf, prefixRange, Stored } from './records';

export class MongoDocuments implements DocumentRepository {
  constructor(private readonly model: Model<BusinessDocument>) {}

  async putIfAbsent(doc: BusinessDocument): Promise<InsertOutcome<BusinessDocument>> {
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
    return guarded('documents.get', () => this.find(kind, key));
  }

  async list(kind: DocumentKind, keyPrefix: string, page: Page): Promise<BusinessDocument[]> {
    const window = pageOf(page);
    if (!window) return [];
    const filter = keyPrefix === '' ? { kind } : { kind, key: prefixRange(keyPrefix) };
    const docs = await guarded('documents.list', () =>
      this.model.find(filter).sort({ key: 1 }).skip(window.skip).limit(window.limit).lean<Array<Stored<BusinessDocument>>>().exec(),
    );
    return docs.map((d) => fromStored(d));
  }

  private async find(kind: DocumentKind, key: string): Promise<BusinessDocument | undefined> {
    const doc = await this.model.findOne({ kind, key }).lean<Stored<BusinessDocument>>().exec();
    return doc ? fromStored(doc) : undefined;
  }
}
