/**
 * Path parameters the families' admin resources share: the contract's own value shapes
 * (a month or bill cycle, a check date, a province code, a group customer's id), each with the
 * description its resource gives it.
 */
import { ParamSpec } from './operation';

const param =
  (pattern: string) =>
  (description: string): ParamSpec => ({ description, schema: { type: 'string', pattern } });

/** YYYYMM: a settlement month or a bill cycle. */
export const monthParam = param('^\\d{4}(0[1-9]|1[0-2])$');
/** YYYYMMDD (CST). */
export const checkDateParam = param('^\\d{8}$');
/** A two-digit province code. */
export const provinceParam = param('^\\d{2}$');
/** A group customer's id (data/group-customers.json). */
export const groupIdParam = param('^[0-9A-Za-z]{1,32}$');
