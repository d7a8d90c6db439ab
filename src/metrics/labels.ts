/**
 * Metric labels from exchange records. A label must never be empty or unbounded: a record
 * refused before its interface, province or RspCode was known is labelled "none", and
 * only the values the contract knows pass through (a fuzzer's junk must not mint series).
 */
import { isRspCode } from '../contract/rsp-codes';
import { isProvinceCode } from '../domain/provinces';
import { ExchangeRecord } from '../journal/exchange-record';

export const NONE = 'none';

const INTERFACE_NUMBER = /^\d{1,2}\.\d\.\d$/;
// The catalogues' own checks use `in`, which also says yes to "constructor": shape first.
const RSP_SHAPE = /^\d{4}$/;
const PROVINCE_SHAPE = /^\d{2}$/;

export function labelsOf(record: ExchangeRecord): { iface: string; rspCode: string; province: string } {
  return {
    iface: INTERFACE_NUMBER.test(record.interfaceNumber) ? record.interfaceNumber : NONE,
    rspCode: RSP_SHAPE.test(record.rspCode) && isRspCode(record.rspCode) ? record.rspCode : NONE,
    province: record.province && PROVINCE_SHAPE.test(record.province) && isProvinceCode(record.province) ? record.province : NONE,
  };
}

/** How a province call failed, from the error the province client recorded; undefined if it did not. */
export function provinceErrorKind(record: ExchangeRecord): 'unavailable' | 'outcome_unknown' | 'other' | undefined {
  if (!record.fault) return undefined;
  if (record.fault.name === 'ProvinceUnavailableError') return 'unavailable';
  if (record.fault.name === 'ProvinceOutcomeUnknownError') return 'outcome_unknown';
  return 'other';
}
