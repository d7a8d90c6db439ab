/**
 * The one catalogue of every way an exchange ends other than with an answer. Its names are
 * the journal's and the log's `fault`, and the metrics' fault label; each kind says how it
 * goes on the wire:
 *
 * - SOAP_FAULTS: refused with a SOAP Fault — its fault code side, the contract's RspCode and
 *   the HTTP status;
 * - HTTP_REFUSALS: refused where no SOAP can be spoken (node refused the HTTP, or nothing is
 *   served at the path) — a bare HTTP status;
 * - PROVINCE_FAILURES: a call from HQ to a province that got no usable answer — whether the
 *   province may have applied it, which decides the RspCode HQ answers in its place.
 *
 * Business outcomes never come through here: they are normal responses carrying a RspCode.
 */
import { isRspCode, RSP, RspCode } from './rsp-codes';

export type FaultSide = 'Client' | 'Server' | 'VersionMismatch' | 'MustUnderstand';

interface SoapFaultKind {
  side: FaultSide;
  rspCode: RspCode;
  httpStatus: number;
}

const CLIENT_9001 = { side: 'Client', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 500 } as const;

export const SOAP_FAULTS = {
  MALFORMED_XML: CLIENT_9001,
  NOT_AN_ENVELOPE: CLIENT_9001,
  VERSION_MISMATCH: { side: 'VersionMismatch', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 500 },
  MUST_UNDERSTAND: { side: 'MustUnderstand', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 500 },
  SCHEMA_VIOLATION: CLIENT_9001,
  UNKNOWN_OPERATION: CLIENT_9001,
  SOAPACTION_MISMATCH: CLIENT_9001,
  BAD_CHARSET: CLIENT_9001,
  UNSUPPORTED_CHARSET: { side: 'Client', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 415 },
  UNSUPPORTED_MEDIA_TYPE: { side: 'Client', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 415 },
  PAYLOAD_TOO_LARGE: { side: 'Client', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 413 },
  // The body did not arrive whole: cut off by the request timeout, or by the client.
  REQUEST_TIMEOUT: CLIENT_9001,
  REQUEST_ABORTED: CLIENT_9001,
  BAD_ROUTE: CLIENT_9001,
  AUTHENTICATION_FAILED: { side: 'Client', rspCode: RSP.AUTH_FAILED, httpStatus: 500 },
  NOT_IMPLEMENTED: { side: 'Server', rspCode: RSP.INTERNAL_ERROR, httpStatus: 500 },
  STORE_UNAVAILABLE: { side: 'Server', rspCode: RSP.INTERNAL_ERROR, httpStatus: 500 },
  INTERNAL: { side: 'Server', rspCode: RSP.INTERNAL_ERROR, httpStatus: 500 },
} as const satisfies Record<string, SoapFaultKind>;

export const HTTP_REFUSALS = {
  BAD_HTTP_REQUEST: { httpStatus: 400 },
  HEADERS_TOO_LARGE: { httpStatus: 431 },
  // The headers did not arrive in time, or the client hung up in the middle of them.
  REQUEST_TIMEOUT: { httpStatus: 408 },
  REQUEST_ABORTED: { httpStatus: 400 },
  UNKNOWN_PATH: { httpStatus: 404 },
} as const satisfies Record<string, { httpStatus: number }>;

export const PROVINCE_FAILURES = {
  // Refused, could not connect, or no endpoint configured: nothing was sent.
  PROVINCE_UNREACHABLE: { mayHaveApplied: false },
  // Answered with a SOAP fault: the province refused the request.
  PROVINCE_FAULT: { mayHaveApplied: false },
  // No whole answer within the deadline, or the connection broke after the request went out.
  PROVINCE_TIMEOUT: { mayHaveApplied: true },
  // Answered with something unreadable or outside the contract: what it did is unknown.
  PROVINCE_BAD_ANSWER: { mayHaveApplied: true },
} as const satisfies Record<string, { mayHaveApplied: boolean }>;

export type SoapFaultName = keyof typeof SOAP_FAULTS;
export type HttpRefusalName = keyof typeof HTTP_REFUSALS;
export type ProvinceFailure = keyof typeof PROVINCE_FAILURES;
/** The journal's fault vocabulary: every name above. */
export type FaultName = SoapFaultName | HttpRefusalName | ProvinceFailure;

/** The fault names as an enum: `FAULT.UNKNOWN_PATH`. */
export const FAULT: { readonly [N in FaultName]: N } = Object.freeze(
  Object.fromEntries([SOAP_FAULTS, HTTP_REFUSALS, PROVINCE_FAILURES].flatMap(Object.keys).map((name) => [name, name])),
) as { readonly [N in FaultName]: N };

const NAMES: ReadonlySet<string> = new Set(Object.keys(FAULT));

export function isFaultName(name: string): name is FaultName {
  return NAMES.has(name);
}

export function isProvinceFailure(name: string): name is ProvinceFailure {
  return Object.hasOwn(PROVINCE_FAILURES, name);
}

/** Thrown anywhere below the transport to end the exchange with a SOAP Fault. */
export class SoapFaultError extends Error {
  readonly side: FaultSide;
  readonly rspCode: RspCode;
  readonly httpStatus: number;

  constructor(
    readonly fault: SoapFaultName,
    message: string,
  ) {
    super(message);
    this.name = 'SoapFaultError';
    ({ side: this.side, rspCode: this.rspCode, httpStatus: this.httpStatus } = SOAP_FAULTS[fault]);
  }
}

/**
 * The HTTP status a fault goes out with. SOAP 1.1 answers every fault 500 (a few transport
 * refusals say more: 413, 415). SOAP 1.2's HTTP binding (Part 2, 7.4.1.2) answers
 * env:Sender faults 400 Bad Request, so a 1.2 Client fault that would be 500 becomes 400.
 */
export function httpStatusOf(fault: SoapFaultError, soapVersion: '1.1' | '1.2'): number {
  return soapVersion === '1.2' && fault.side === 'Client' && fault.httpStatus === 500 ? 400 : fault.httpStatus;
}

/**
 * What HQ answers in place of a province that gave no usable answer: 3001 when the province
 * certainly applied nothing — or when nothing would have changed anyway (a read) — else
 * 3002, "do not send it again with a new TransIDO".
 */
export function rspCodeOfProvinceFailure(failure: ProvinceFailure, changesState: boolean): RspCode {
  return changesState && PROVINCE_FAILURES[failure].mayHaveApplied ? RSP.RESULT_UNKNOWN : RSP.PROVINCE_UNAVAILABLE;
}

/**
 * A province's definite answer other than success, as HQ passes it on: the province's own
 * code when the contract knows it, 9999 when it gave none, else "unavailable" (3001).
 */
export function relayedRspCode(code: string | undefined): RspCode {
  if (code === undefined) return RSP.INTERNAL_ERROR;
  return isRspCode(code) && code !== RSP.SUCCESS ? code : RSP.PROVINCE_UNAVAILABLE;
}
