/**
 * The collecting provinces' own records of a check date, as uploaded by 7.2.1: one per PAY
 * or REVERSE record, grouped by (check date, collecting province, batch). A record kind of
 * its own (check-record-store.ts) with a memory and a MongoDB adapter.
 *
 * `paymentKey` is what the merge with HQ's payments sorts and joins on: the payment's
 * TransIDO (a PAY's own, a REVERSE's OrigTransIDO), so a payment and its reversal sit side by side.
 */
export type CheckRecordType = 'PAY' | 'REVERSE';

export interface CheckRecord {
  checkDate: string;
  collectProvince: string;
  batchNo: number;
  paymentKey: string;
  recordType: CheckRecordType;
  transIdO: string;
  transIdH?: string;
  serviceNumber: string;
  homeProvince: string;
  amount: number; // fen
  tradeTime: string;
  origTransIdO?: string;
}

export type PutBatchOutcome = { stored: true } | { stored: false; clash: { transIdO: string; recordType: CheckRecordType; batchNo: number } };

export interface CheckRecordRepository {
  /**
   * Stores one batch's records (as of that date, province and batch, whatever they say), replacing what that batch held (so storing a batch again is
   * harmless). Refused, storing nothing, when a record's (type, TransIDO) is already in
   * another batch of the same day and province.
   */
  putBatch(checkDate: string, collectProvince: string, batchNo: number, records: CheckRecord[]): Promise<PutBatchOutcome>;
  /** The day's records of one province in (paymentKey, recordType, transIdO) order, read as consumed. */
  streamDay(checkDate: string, collectProvince: string): AsyncIterable<CheckRecord>;
  /** The collecting provinces that uploaded records for the date, sorted. */
  provincesOf(checkDate: string): Promise<string[]>;
  count(checkDate: string, collectProvince?: string): Promise<number>;
}

/** The merge order of two records. */
export function compareCheckRecords(a: CheckRecord, b: CheckRecord): number {
  return cmp(a.paymentKey, b.paymentKey) || cmp(a.recordType, b.recordType) || cmp(a.transIdO, b.transIdO);
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
