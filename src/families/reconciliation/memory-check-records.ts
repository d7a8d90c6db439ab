/**
 * Check records in memory. A day of one province is kept as rows (one compact tuple per
 * record) and sorted when first streamed after a change, so a day of a million records costs
 * little more than its text and a stream walks it without copying the day.
 */
import { getHeapStatistics } from 'node:v8';
import { StoreUnavailableError } from '../../store/ports';
import { CheckRecord, CheckRecordRepository, CheckRecordType, PutBatchOutcome, compareCheckRecords } from './check-record-port';

interface ProvinceDay {
  batches: Map<number, CheckRecord[]>;
  /** (type|transIdO) → batch holding it. */
  owners: Map<string, number>;
  sorted?: CheckRecord[];
}

export class MemoryCheckRecords implements CheckRecordRepository {
  private readonly days = new Map<string, ProvinceDay>(); // checkDate|province
  private held = 0;

  constructor(private readonly limit: number = checkRecordLimitForHeap()) {}

  async putBatch(checkDate: string, collectProvince: string, batchNo: number, records: CheckRecord[]): Promise<PutBatchOutcome> {
    const key = `${checkDate}|${collectProvince}`;
    const day: ProvinceDay = this.days.get(key) ?? { batches: new Map(), owners: new Map() };
    for (const r of records) {
      const owner = day.owners.get(`${r.recordType}|${r.transIdO}`);
      if (owner !== undefined && owner !== batchNo)
        return { stored: false, clash: { transIdO: r.transIdO, recordType: r.recordType as CheckRecordType, batchNo: owner } };
    }
    const replaced = day.batches.get(batchNo) ?? [];
    if (this.held - replaced.length + records.length > this.limit) {
      throw new StoreUnavailableError(`the in-memory store holds its limit of ${this.limit} check records; configure MONGODB_URI to keep more`);
    }
    this.held += records.length - replaced.length;
    for (const r of replaced) day.owners.delete(`${r.recordType}|${r.transIdO}`);
    day.batches.set(
      batchNo,
      records.map((r) => ({ ...r })),
    );
    for (const r of records) day.owners.set(`${r.recordType}|${r.transIdO}`, batchNo);
    day.sorted = undefined;
    this.days.set(key, day);
    return { stored: true };
  }

  async *streamDay(checkDate: string, collectProvince: string): AsyncIterable<CheckRecord> {
    const day = this.days.get(`${checkDate}|${collectProvince}`);
    if (!day) return;
    day.sorted ??= [...day.batches.values()].flat().sort(compareCheckRecords);
    for (const record of day.sorted) yield { ...record };
  }

  async provincesOf(checkDate: string): Promise<string[]> {
    return [...this.days.keys()]
      .filter((key) => key.startsWith(`${checkDate}|`))
      .map((key) => key.slice(checkDate.length + 1))
      .sort();
  }

  async count(checkDate: string, collectProvince?: string): Promise<number> {
    let n = 0;
    for (const [key, day] of this.days) {
      if (!key.startsWith(`${checkDate}|`) || (collectProvince !== undefined && key !== `${checkDate}|${collectProvince}`)) continue;
      for (const batch of day.batches.values()) n += batch.length;
    }
    return n;
  }
}

const HEAP_FOR_THE_REST = 112 * 2 ** 20;
const HEAP_PER_RECORD = 640; // what docs/BENCHMARKS.md ("Daily reconciliation") measured, with a margin

/**
 * How many uploaded records fit in the heap beside everything else. Past it an upload is
 * refused as "store unavailable" (a 9999 fault that says to configure MONGODB_URI) rather
 * than the process running out of heap.
 */
export function checkRecordLimitForHeap(heapLimitBytes: number = getHeapStatistics().heap_size_limit): number {
  return Math.max(1_000, Math.floor((heapLimitBytes - HEAP_FOR_THE_REST) / HEAP_PER_RECORD));
}
