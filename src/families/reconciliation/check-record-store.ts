/** The reconciliation family's record kind: the provinces' uploaded records, "check-records" on MongoDB. */
import { ensureCollection } from '../../store/mongo/schemas';
import { RecordKind } from '../../store/record-kinds';
import { CheckRecord, CheckRecordRepository } from './check-record-port';
import { MemoryCheckRecords } from './memory-check-records';
import { MongoCheckRecords, checkRecordSchema } from './mongo-check-records';

export const CHECK_RECORDS = new RecordKind<CheckRecordRepository>('check-records', 'src/families/reconciliation', {
  memory: () => new MemoryCheckRecords(),
  mongo: async (connection) => {
    const model = connection.model<CheckRecord>('CheckRecord', checkRecordSchema);
    await ensureCollection(model);
    return new MongoCheckRecords(model);
  },
});
