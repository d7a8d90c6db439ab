/**
 * What one payment's two sides make of it (docs/RECONCILIATION.md says why each rule is so):
 *
 *   HQ only             HQ holds it (settled or not), the province listed nothing of it;
 *   province only       the province listed it, HQ has no such payment that day;
 *   amount mismatch     both, the amounts differ (checked first: money before states);
 *   state mismatch      both, the states differ (reversed on one side only, failed at HQ
 *                       but booked by the province, still PENDING at HQ);
 *   pending resolved    both agree, and HQ's outcome came from the resolver after the
 *                       collecting province had been answered 3002: the home province's
 *                       answer settled it, and the province must book that outcome.
 *
 * A payment FAILED at HQ at the first answer that the province did not list moved no money
 * and is no difference. A record never settles a PENDING payment: only the home province knows
 * whether it credited the account, so the home province's answer (through the resolver) wins.
 */
import { PaymentRecord } from '../payment/payment-port';
import { CheckRecord } from './check-record-port';
import { Pair, ProvincePayment } from './merge';
import { Difference, SideState } from './results';

export type Verdict = { matched: true; amount: number } | { matched: false; differences: Difference[] } | { skip: true };

export function classify(pair: Pair): Verdict {
  const { hq, province } = pair;
  if (hq && !province) {
    if (hq.state === 'FAILED' && hq.attempts <= 1) return { skip: true };
    return { matched: false, differences: [hqOnly(hq)] };
  }
  if (!hq) return { matched: false, differences: provinceOnly(province!) };
  const differences = province!.extra.map((r) => provinceRecordOnly(r));
  const verdict = compareBoth(hq, province!);
  if (verdict) differences.unshift(verdict);
  if (differences.length > 0) return { matched: false, differences };
  return { matched: true, amount: hq.state === 'SUCCESS' ? hq.amount : 0 };
}

function compareBoth(hq: PaymentRecord, province: ProvincePayment): Difference | undefined {
  const provinceAmount = province.pay?.amount ?? province.reverse!.amount;
  const provinceState = provinceStateOf(province);
  const base = { transIdO: hq.transIdO, transIdH: hq.transIdH, serviceNumber: hq.serviceNumber, homeProvince: hq.homeProvince };
  const sides = { hqAmount: hq.amount, provinceAmount, hqState: hq.state as SideState, provinceState };
  const reverseAmountDiffers = province.pay && province.reverse && province.reverse.amount !== province.pay.amount;
  if (provinceAmount !== hq.amount || reverseAmountDiffers) return { kind: 'AMOUNT_MISMATCH', ...base, ...sides };
  if (provinceState !== hq.state) return { kind: 'STATE_MISMATCH', ...base, ...sides };
  if (hq.attempts > 1) return { kind: 'PENDING_RESOLVED', ...base, ...sides };
  return undefined;
}

function provinceStateOf(province: ProvincePayment): SideState {
  return province.reverse ? 'REVERSED' : 'SUCCESS';
}

function hqOnly(hq: PaymentRecord): Difference {
  return {
    kind: 'HQ_ONLY',
    transIdO: hq.transIdO,
    transIdH: hq.transIdH,
    serviceNumber: hq.serviceNumber,
    homeProvince: hq.homeProvince,
    hqAmount: hq.amount,
    hqState: hq.state as SideState,
  };
}

function provinceOnly(province: ProvincePayment): Difference[] {
  // The payment is known by its own TransIDO and is in the state its records make together.
  const main = provinceRecordOnly(province.pay ?? province.reverse!);
  return [{ ...main, transIdO: province.paymentKey, provinceState: provinceStateOf(province) }, ...province.extra.map((r) => provinceRecordOnly(r))];
}

/** One province record HQ has no counterpart for, with the TransIDH the province gave it, if any. */
function provinceRecordOnly(r: CheckRecord): Difference {
  return {
    kind: 'PROVINCE_ONLY',
    transIdO: r.transIdO,
    ...(r.transIdH !== undefined && { transIdH: r.transIdH }),
    serviceNumber: r.serviceNumber,
    homeProvince: r.homeProvince,
    provinceAmount: r.amount,
    provinceState: r.recordType === 'REVERSE' ? 'REVERSED' : 'SUCCESS',
  };
}
