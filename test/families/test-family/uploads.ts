/**
 * The test family's record kind: the 7.2.1 batches it was sent, one per (province, check
 * date, batch number), in memory and on MongoDB. Small on purpose: it shows what a family
 * declares, not how a real upload is kept.
 */
import { ensureCollection, schema } from '../../../src/store/mongo/schemas';
import { RecordKind } from '../../../src/store/record-kinds';

export interface UploadRecord {
  key: string; // collectProvince|checkDate|batchNo
  records: number;
  transIdH: string;
}

export interface UploadBook {
  /** Records the batch unless its key is there; whether it was new. */
  add(upload: UploadRecord): Promise<boolean>;
  count(): Promise<number>;
}

class MemoryUploads implements UploadBook {
  private readonly byKey = new Map<string, UploadRecord>();

  async add(upload: UploadRecord): Promise<boolean> {
    if (this.byKey.has(upload.key)) return false;
    this.byKey.set(upload.key, { ...upload });
    return true;
  }

  async count(): Promise<number> {
    return this.byKey.size;
  }
}

const uploadSchema = schema<UploadRecord>({ key: String, records: Number, transIdH: String }, { collection: 'test_uploads' });
uploadSchema.index({ key: 1 }, { unique: true });

export const UPLOAD_RECORDS = new RecordKind<UploadBook>('test-uploads', 'test/families/test-family', {
  memory: () => new MemoryUploads(),
  mongo: async (connection) => {
    const model = connection.model<UploadRecord>('TestUpload', uploadSchema);
    await ensureCollection(model);
    return {
      add: async (upload) => {
        const result = await model.updateOne({ key: upload.key }, { $setOnInsert: upload }, { upsert: true });
        return result.upsertedCount === 1;
      },
      count: () => model.countDocuments({}).exec(),
    };
  },
});
