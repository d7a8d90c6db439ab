/**
 * The response-code catalogue of the contract (INTERFACES.md, "Response codes").
 * One place for every code's meaning and response type; faults and responses both use it.
 */
export const RSP = {
  SUCCESS: '0000',
  NUMBER_NOT_FOUND: '1001',
  USER_NOT_FOUND: '1002',
  BILL_CYCLE_UNAVAILABLE: '1003',
  NOT_REMOTE: '1004',
  TRANSIDO_REUSED: '2001',
  INVALID_AMOUNT: '2002',
  ORIGINAL_NOT_FOUND: '2003',
  ALREADY_REVERSED: '2004',
  REVERSAL_NOT_ALLOWED: '2005',
  PROVINCE_UNAVAILABLE: '3001',
  RESULT_UNKNOWN: '3002',
  BATCH_REJECTED: '4001',
  AUTH_FAILED: '8001',
  SCHEMA_VIOLATION: '9001',
  INTERNAL_ERROR: '9999',
} as const;

export type RspCode = (typeof RSP)[keyof typeof RSP];

const DESCRIPTIONS: Record<RspCode, string> = {
  '0000': 'success',
  '1001': 'number not found in the number-segment table',
  '1002': 'user or account not found, or not active',
  '1003': 'bill cycle not available',
  '1004': 'not a remote request (collecting province = home province)',
  '2001': 'TransIDO reused with different content',
  '2002': 'invalid amount',
  '2003': 'original payment not found',
  '2004': 'original payment already reversed',
  '2005': 'reversal not allowed',
  '3001': 'home province unavailable, nothing was applied',
  '3002': 'result unknown, do not pay again with a new TransIDO',
  '4001': 'batch rejected: counts or totals do not match the records',
  '8001': 'authentication failed',
  '9001': 'request does not conform to the schema',
  '9999': 'internal error',
};

export function describe(code: RspCode): string {
  return DESCRIPTIONS[code];
}

export function isRspCode(code: string): code is RspCode {
  return Object.hasOwn(DESCRIPTIONS, code);
}

/** RspType: 0 success, 1 business error, 2 system error (3xxx, 8xxx, 9xxx). */
export function rspTypeOf(code: string): '0' | '1' | '2' {
  if (code === RSP.SUCCESS) return '0';
  return /^[12]/.test(code) || code === RSP.BATCH_REJECTED ? '1' : '2';
}
