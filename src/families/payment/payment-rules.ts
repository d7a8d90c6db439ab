/**
 * The rules of remote payment and reversal (INTERFACES.md, "Remote payment", "Reversal"),
 * as pure functions of the request and the stored payment.
 */
import { createHash } from 'node:crypto';
import { RSP, RspCode } from '../../contract/rsp-codes';
import { cstDate } from '../../domain/cst-time';

export interface Refusal {
  code: RspCode;
  desc: string;
}

/**
 * What makes two requests with one TransIDO "the same": every business field. A replay must
 * match it exactly; anything else under the same TransIDO is 2001.
 */
export function contentFingerprint(fields: Record<string, unknown>): string {
  const canonical = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k] ?? ''}`)
    .join('\n');
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 32);
}

export function checkPayAmount(amount: number, singlePaymentLimitFen: number): Refusal | undefined {
  if (amount <= 0) return { code: RSP.INVALID_AMOUNT, desc: `amount ${amount} fen must be positive` };
  if (amount > singlePaymentLimitFen)
    return { code: RSP.INVALID_AMOUNT, desc: `amount ${amount} fen is above the single-payment limit of ${singlePaymentLimitFen} fen` };
  return undefined;
}

export function checkRemote(collectProvince: string, homeProvince: string): Refusal | undefined {
  return collectProvince === homeProvince
    ? { code: RSP.NOT_REMOTE, desc: `number belongs to province ${homeProvince}, which is the collecting province` }
    : undefined;
}

export interface ReversibleFacts {
  serviceNumber: string;
  collectProvince: string;
  amount: number;
  accountingDate: string;
}

/** A reversal must be of the full amount, by the same collecting province, on the same CST day. */
export function checkReversal(
  payment: ReversibleFacts,
  request: { serviceNumber: string; collectProvince: string; amount: number },
  now: number,
): Refusal | undefined {
  if (request.serviceNumber !== payment.serviceNumber) return { code: RSP.ORIGINAL_NOT_FOUND, desc: 'the original payment was for another number' };
  if (request.collectProvince !== payment.collectProvince)
    return { code: RSP.REVERSAL_NOT_ALLOWED, desc: `only the collecting province ${payment.collectProvince} may reverse this payment` };
  if (request.amount !== payment.amount) return { code: RSP.REVERSAL_NOT_ALLOWED, desc: `a reversal is of the full amount, ${payment.amount} fen` };
  if (cstDate(now) !== payment.accountingDate)
    return { code: RSP.REVERSAL_NOT_ALLOWED, desc: `the payment's accounting day ${payment.accountingDate} is closed` };
  return undefined;
}
