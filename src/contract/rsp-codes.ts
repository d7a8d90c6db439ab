/**
 * The response-code catalogue of the contract (INTERFACES.md, "Response codes"): one table,
 * name → code, RspType and meaning. RSP, describe(), rspTypeOf(), isRspCode() and the
 * metrics' rsp_code label all read it; faults (faults.ts) and answers name their code here.
 */
export type RspType = '0' | '1' | '2'; // 0 success, 1 business error, 2 system error

interface RspCodeEntry {
  readonly code: string;
  readonly rspType: RspType;
  readonly description: string;
}

export const RSP_CODES = {
  SUCCESS: { code: '0000', rspType: '0', description: 'success' },
  NUMBER_NOT_FOUND: { code: '1001', rspType: '1', description: 'number not found in the number-segment table' },
  USER_NOT_FOUND: { code: '1002', rspType: '1', description: 'user or account not found, or not active' },
  BILL_CYCLE_UNAVAILABLE: { code: '1003', rspType: '1', description: 'bill cycle not available' },
  NOT_REMOTE: { code: '1004', rspType: '1', description: 'not a remote request (collecting province = home province)' },
  GROUP_NOT_FOUND: { code: '1005', rspType: '1', description: 'group customer not found' },
  NOT_GROUP_MEMBER: { code: '1006', rspType: '1', description: "province not a member of the group, not the sender, or not the group's collecting province" },
  TRANSIDO_REUSED: { code: '2001', rspType: '1', description: 'TransIDO reused with different content' },
  INVALID_AMOUNT: { code: '2002', rspType: '1', description: 'invalid amount' },
  ORIGINAL_NOT_FOUND: { code: '2003', rspType: '1', description: 'original payment not found' },
  ALREADY_REVERSED: { code: '2004', rspType: '1', description: 'original payment already reversed' },
  REVERSAL_NOT_ALLOWED: { code: '2005', rspType: '1', description: 'reversal not allowed' },
  PROVINCE_UNAVAILABLE: { code: '3001', rspType: '2', description: 'home province unavailable, nothing was applied' },
  RESULT_UNKNOWN: { code: '3002', rspType: '2', description: 'result unknown, do not pay again with a new TransIDO' },
  BATCH_REJECTED: { code: '4001', rspType: '1', description: 'batch rejected: counts or totals do not match the records' },
  UPLOAD_CONFLICT: { code: '4002', rspType: '1', description: 'upload already received under this key with different content' },
  GROUP_CYCLE_CLOSED: { code: '4003', rspType: '1', description: 'group cycle closed: a late upload is not counted' },
  AUTH_FAILED: { code: '8001', rspType: '2', description: 'authentication failed' },
  SCHEMA_VIOLATION: { code: '9001', rspType: '2', description: 'request does not conform to the schema' },
  INTERNAL_ERROR: { code: '9999', rspType: '2', description: 'internal error' },
  GROUP_BILL_PENDING: { code: '4010', rspType: '1', description: 'group bill not yet closed: no collection result can be taken for it' },
} as const satisfies Record<string, RspCodeEntry>;

export type RspName = keyof typeof RSP_CODES;
export type RspCode = (typeof RSP_CODES)[RspName]['code'];

/** name → code, for the code that says `RSP.NOT_REMOTE` rather than '1004'. */
export const RSP = codesOf(RSP_CODES);

// Keyed by code in a Map, not an object: "constructor" and "__proto__" are no codes.
const BY_CODE: ReadonlyMap<string, RspCodeEntry & { name: RspName }> = new Map(
  Object.entries(RSP_CODES).map(([name, entry]) => [entry.code, { ...entry, name: name as RspName }]),
);

export function describe(code: RspCode): string {
  return BY_CODE.get(code)!.description;
}

export function isRspCode(code: string): code is RspCode {
  return BY_CODE.has(code);
}

/** The RspType the head carries with `code`. */
export function rspTypeOf(code: RspCode): RspType {
  return BY_CODE.get(code)!.rspType;
}

/** The catalogue's name of `code` (PROVINCE_UNAVAILABLE for 3001). */
export function rspNameOf(code: RspCode): RspName {
  return BY_CODE.get(code)!.name;
}

function codesOf<T extends Record<string, RspCodeEntry>>(table: T): { readonly [N in keyof T]: T[N]['code'] } {
  const codes = {} as { [N in keyof T]: T[N]['code'] };
  for (const name in table) codes[name] = table[name].code;
  return Object.freeze(codes);
}
