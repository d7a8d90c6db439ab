/**
 * The one catalogue of everything the transport refuses, with its SOAP fault code, the
 * contract's RspCode and the HTTP status. Business outcomes never come through here: they
 * are normal responses carrying a RspCode.
 */
import { RSP, RspCode } from './rsp-codes';

export type FaultSide = 'Client' | 'Server' | 'VersionMismatch' | 'MustUnderstand';

interface FaultKind {
  side: FaultSide;
  rspCode: RspCode;
  httpStatus: number;
}

export const FAULTS = {
  MALFORMED_XML: { side: 'Client', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 500 },
  NOT_AN_ENVELOPE: { side: 'Client', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 500 },
  VERSION_MISMATCH: { side: 'VersionMismatch', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 500 },
  MUST_UNDERSTAND: { side: 'MustUnderstand', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 500 },
  SCHEMA_VIOLATION: { side: 'Client', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 500 },
  UNKNOWN_OPERATION: { side: 'Client', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 500 },
  SOAPACTION_MISMATCH: { side: 'Client', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 500 },
  BAD_CHARSET: { side: 'Client', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 500 },
  UNSUPPORTED_CHARSET: { side: 'Client', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 415 },
  UNSUPPORTED_MEDIA_TYPE: { side: 'Client', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 415 },
  PAYLOAD_TOO_LARGE: { side: 'Client', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 413 },
  BAD_ROUTE: { side: 'Client', rspCode: RSP.SCHEMA_VIOLATION, httpStatus: 500 },
  AUTHENTICATION_FAILED: { side: 'Client', rspCode: RSP.AUTH_FAILED, httpStatus: 500 },
  NOT_IMPLEMENTED: { side: 'Server', rspCode: RSP.INTERNAL_ERROR, httpStatus: 500 },
  STORE_UNAVAILABLE: { side: 'Server', rspCode: RSP.INTERNAL_ERROR, httpStatus: 500 },
  INTERNAL: { side: 'Server', rspCode: RSP.INTERNAL_ERROR, httpStatus: 500 },
} as const satisfies Record<string, FaultKind>;

export type FaultName = keyof typeof FAULTS;

/** Thrown anywhere below the transport to end the exchange with a SOAP Fault. */
export class SoapFaultError extends Error {
  readonly side: FaultSide;
  readonly rspCode: RspCode;
  readonly httpStatus: number;

  constructor(readonly fault: FaultName, message: string) {
    super(message);
    this.name = 'SoapFaultError';
    ({ side: this.side, rspCode: this.rspCode, httpStatus: this.httpStatus } = FAULTS[fault]);
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
