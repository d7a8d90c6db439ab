/**
 * The merge-join of one collecting province's check date: HQ's payments of that accounting
 * day and the province's uploaded records, both read in TransIDO order (the province's
 * reversals sorted under their payment's TransIDO), so only the current payment of each side
 * is held: memory does not grow with the day. Each payment is classified (classify.ts).
 */
import { PaymentRecord } from '../payment/payment-port';
import { CheckRecord, cmp } from './check-record-port';

/** What the province says of one payment: its PAY record and/or its REVERSE record. */
export interface ProvincePayment {
  paymentKey: string;
  pay?: CheckRecord;
  reverse?: CheckRecord;
  /** Records beyond one PAY and one REVERSE for a payment (a second reversal): each is a difference of its own. */
  extra: CheckRecord[];
}

export type Pair = { hq?: PaymentRecord; province?: ProvincePayment };

/** The province's records, grouped per payment, in payment order. */
export async function* provincePayments(records: AsyncIterable<CheckRecord>): AsyncIterable<ProvincePayment> {
  let current: ProvincePayment | undefined;
  for await (const record of records) {
    if (current && current.paymentKey !== record.paymentKey) {
      yield current;
      current = undefined;
    }
    current ??= { paymentKey: record.paymentKey, extra: [] };
    if (record.recordType === 'PAY' && !current.pay) current.pay = record;
    else if (record.recordType === 'REVERSE' && !current.reverse) current.reverse = record;
    else current.extra.push(record);
  }
  if (current) yield current;
}

/** Both sides side by side, one pair per TransIDO either side knows, in TransIDO order. */
export async function* mergeByTransIdO(hqSide: AsyncIterable<PaymentRecord>, provinceSide: AsyncIterable<ProvincePayment>): AsyncIterable<Pair> {
  const hqIt = hqSide[Symbol.asyncIterator]();
  const prIt = provinceSide[Symbol.asyncIterator]();
  let hq = await hqIt.next();
  let pr = await prIt.next();
  try {
    while (!hq.done || !pr.done) {
      const order = hq.done ? 1 : pr.done ? -1 : cmp(hq.value.transIdO, pr.value.paymentKey);
      if (order < 0) {
        yield { hq: hq.value as PaymentRecord };
        hq = await hqIt.next();
      } else if (order > 0) {
        yield { province: pr.value as ProvincePayment };
        pr = await prIt.next();
      } else {
        yield { hq: hq.value as PaymentRecord, province: pr.value as ProvincePayment };
        hq = await hqIt.next();
        pr = await prIt.next();
      }
    }
  } finally {
    // Leaving early (a run told to stop) releases both cursors.
    await hqIt.return?.();
    await prIt.return?.();
  }
}
