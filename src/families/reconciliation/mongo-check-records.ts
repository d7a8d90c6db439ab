/**
 * Check records in MongoDB, one document per record. The unique (checkDate, collectProvince,
 * recordType, transIdO) index is what refuses a record uploaded in two batches, across
 * gateway instances; a day streams through a cursor on the (checkDate, collectProvince,
 * paymentKey, …) index, so a reconciliation holds one batch of the cursor, never the day.
 */
import { Model } from 'mongoose';
import { guarded, guardedStream, isDuplicateKey } from '../../store/mongo/errors';
import { fromStored, Stored } from '../../store/mongo/records';
import { Fields, schema } from '../../store/mongo/schemas';
import { asStored } from '../../store/stored-shape';
import { CheckRecord, CheckRecordRepository, CheckRecordType, PutBatchOutcome } from './check-record-port';

const fields: Fields<CheckRecord> = {
  checkDate: String,
  collectProvince: String,
  batchNo: Number,
  paymentKey: String,
  recordType: String,
  transIdO: String,
  transIdH: String,
  serviceNumber: String,
  homeProvince: String,
  amount: Number,
  tradeTime: String,
  origTransIdO: String,
};

export const checkRecordSchema = schema<CheckRecord>(fields, { collection: 'check-records' });
checkRecordSchema.index({ checkDate: 1, collectProvince: 1, recordType: 1, transIdO: 1 }, { unique: true });
checkRecordSchema.index({ checkDate: 1, collectProvince: 1, paymentKey: 1, recordType: 1, transIdO: 1 });
checkRecordSchema.index({ checkDate: 1, collectProvince: 1, batchNo: 1 });

const STREAM_BATCH = 1000;

export class MongoCheckRecords implements CheckRecordRepository {
  constructor(private readonly model: Model<CheckRecord>) {}

  async putBatch(checkDate: string, collectProvince: string, batchNo: number, records: CheckRecord[]): Promise<PutBatchOutcome> {
    return guarded('checkRecords.putBatch', async () => {
      await this.model.deleteMany({ checkDate, collectProvince, batchNo }).exec();
      if (records.length === 0) return { stored: true };
      try {
        await this.model.collection.insertMany(
          records.map((r) => asStored({ ...r, checkDate, collectProvince, batchNo })),
          { ordered: false },
        );
        return { stored: true };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Nothing of a refused batch stays: what did go in is taken out again.
        await this.model.deleteMany({ checkDate, collectProvince, batchNo }).exec();
        return { stored: false, clash: await this.clashOf(checkDate, collectProvince, batchNo, records) };
      }
    });
  }

  async *streamDay(checkDate: string, collectProvince: string): AsyncIterable<CheckRecord> {
    const cursor = this.model
      .find({ checkDate, collectProvince })
      .sort({ paymentKey: 1, recordType: 1, transIdO: 1 })
      .lean<Stored<CheckRecord>>()
      .cursor({ batchSize: STREAM_BATCH });
    try {
      for await (const doc of guardedStream('checkRecords.streamDay', cursor)) yield fromStored<CheckRecord>(doc as Stored<CheckRecord>);
    } finally {
      await cursor.close();
    }
  }

  async provincesOf(checkDate: string): Promise<string[]> {
    const provinces = await guarded('checkRecords.provincesOf', () => this.model.distinct('collectProvince', { checkDate }).exec());
    return (provinces as string[]).sort();
  }

  async count(checkDate: string, collectProvince?: string): Promise<number> {
    return guarded('checkRecords.count', () => this.model.countDocuments({ checkDate, ...(collectProvince !== undefined && { collectProvince }) }).exec());
  }

  private async clashOf(checkDate: string, collectProvince: string, batchNo: number, records: CheckRecord[]) {
    for (let i = 0; i < records.length; i += STREAM_BATCH) {
      const slice = records.slice(i, i + STREAM_BATCH);
      const found = await this.model
        .findOne({ checkDate, collectProvince, batchNo: { $ne: batchNo }, transIdO: { $in: slice.map((r) => r.transIdO) } })
        .lean<Stored<CheckRecord>>()
        .exec();
      if (found && slice.some((r) => r.transIdO === found.transIdO && r.recordType === found.recordType)) {
        return { transIdO: found.transIdO, recordType: found.recordType as CheckRecordType, batchNo: found.batchNo };
      }
    }
    return { transIdO: '?', recordType: 'PAY' as CheckRecordType, batchNo: 0 };
  }
}
