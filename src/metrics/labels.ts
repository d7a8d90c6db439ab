/**
 * Metric labels from exchange records. A label must never be empty or unbounded: a record
 * refused before its interface, province or RspCode was known is labelled "none", and
 * only the values the catalogues know pass through (a fuzzer's junk must not mint series).
 */
import { isFaultName, isProvinceFailure, PROVINCE_FAILURES } from '../contract/faults';
import { isRspCode } from '../contract/rsp-codes';
import { isProvinceCode } from '../domain/provinces';
import { ExchangeRecord } from '../journal/exchange-record';

export const NONE = 'none';

const INTERFACE_NUMBER = /^\d{1,2}\.\d\.\d$/;
// The province table's own check uses an object's keys, which also say yes to "constructor": shape first.
const PROVINCE_SHAPE = /^\d{2}$/;

export function labelsOf(record: ExchangeRecord): { iface: string; rspCode: string; province: string } {
  return {
    iface: INTERFACE_NUMBER.test(record.interfaceNumber) ? record.interfaceNumber : NONE,
    rspCode: isRspCode(record.rspCode) ? record.rspCode : NONE,
    province: record.province && PROVINCE_SHAPE.test(record.province) && isProvinceCode(record.province) ? record.province : NONE,
  };
}

/** The fault label: a name from the fault catalogue, or "none". */
export function faultLabelOf(record: ExchangeRecord): string {
  return record.fault && isFaultName(record.fault.name) ? record.fault.name : NONE;
}

/**
 * How a province call failed, as the catalogue classes it: `unavailable` (nothing was
 * applied) or `outcome_unknown` (it may have been); undefined if it did not fail.
 */
export function provinceErrorKind(record: ExchangeRecord): 'unavailable' | 'outcome_unknown' | 'other' | undefined {
  if (!record.fault) return undefined;
  const name = record.fault.name;
  if (!isProvinceFailure(name)) return 'other';
  return PROVINCE_FAILURES[name].mayHaveApplied ? 'outcome_unknown' : 'unavailable';
}
