/** The in-memory check records refuse, rather than exhaust the heap, past their limit. */
import { expect } from 'chai';
import { StoreUnavailableError } from '../../store/ports';
import { MemoryCheckRecords, checkRecordLimitForHeap } from './memory-check-records';
import { checkRecord } from './reconciliation-contract';

describe('memory check records', () => {
  it('refuses a batch that would pass the limit, keeping what it held, and counts a replaced batch once', async () => {
    const records = new MemoryCheckRecords(3);
    await records.putBatch('20240301', '11', 1, [checkRecord(), checkRecord()]);
    await records.putBatch('20240301', '11', 1, [checkRecord(), checkRecord(), checkRecord()]);
    const refused = await records.putBatch('20240301', '11', 2, [checkRecord()]).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(StoreUnavailableError);
    expect((refused as Error).message).to.include('MONGODB_URI');
    expect(await records.count('20240301')).to.equal(3);
  });

  it('sizes its limit from the heap', () => {
    expect(checkRecordLimitForHeap(176 * 2 ** 20)).to.equal(Math.floor((64 * 2 ** 20) / 640));
    expect(checkRecordLimitForHeap(0)).to.equal(1000);
  });
});
