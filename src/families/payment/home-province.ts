/**
 * The two calls a payment makes to its home province — 5.2.2 Pay and 6.2.2 PayReverse —
 * and what their outcomes mean for the money. Used by the handlers for the first send and
 * by the resolver for re-sends, which carry the same TransIDH.
 */
import { RSP, RspCode } from '../../contract/rsp-codes';
import { PROVINCE_FAILURES, ProvinceFailure, relayedRspCode, rspCodeOfProvinceFailure } from '../../contract/faults';
import { hqRequestHead } from '../../domain/message-head';
import { PayReverseRsp, PayRsp } from '../../contract/generated/bodies';
import { asProvinceCode } from '../../domain/provinces';
import { ProvinceAnswer, ProvinceCallError } from '../../provinces/province-client';
import { PaymentRecord } from './payment-port';
import type { PayAnswer } from './payment-records';
import { PaymentDeps } from './payment-deps';

export type HomeOutcome =
  | { kind: 'applied'; homeSerial?: string; balanceAfter?: number }
  | { kind: 'refused'; code: string; desc?: string } // a definite answer other than 0000
  | { kind: 'not-sent'; failure: ProvinceFailure; desc: string } // refused connection or a fault: nothing applied, if this was the first send
  | { kind: 'unknown'; failure: ProvinceFailure; desc: string }; // timed out or broke off after sending, or an unreadable answer

export async function sendPay(deps: PaymentDeps, p: PaymentRecord): Promise<HomeOutcome> {
  const head = hqRequestHead('5.2.2', p.homeProvince, { procId: p.procId, transIdO: p.transIdO, transIdH: p.transIdH, testFlag: p.testFlag });
  return outcomeOf(() =>
    deps.provinces.call(p.homeProvince, deps.contracts.get('5.2.2'), 'Pay', head, {
      ServiceNumber: p.serviceNumber,
      CollectProvince: asProvinceCode(p.collectProvince),
      PayAmount: p.amount,
      PayTime: p.payTime,
    }),
  );
}

export async function sendPayReverse(deps: PaymentDeps, p: PaymentRecord): Promise<HomeOutcome> {
  const r = p.reversal!;
  const head = hqRequestHead('6.2.2', p.homeProvince, { procId: r.procId, transIdO: r.transIdO, transIdH: r.transIdH, testFlag: p.testFlag });
  return outcomeOf(() =>
    deps.provinces.call(p.homeProvince, deps.contracts.get('6.2.2'), 'PayReverse', head, {
      ServiceNumber: p.serviceNumber,
      CollectProvince: asProvinceCode(p.collectProvince),
      OrigTransIDH: p.transIdH,
      OrigHomeSerial: p.homeSerial,
      ReverseAmount: p.amount,
      ReverseTime: r.reverseTime,
    }),
  );
}

async function outcomeOf(call: () => Promise<ProvinceAnswer<PayRsp | PayReverseRsp>>): Promise<HomeOutcome> {
  try {
    const answer = await call();
    if (answer.head.RspCode === RSP.SUCCESS) return { kind: 'applied', homeSerial: answer.body.HomeSerial, balanceAfter: answer.body.BalanceAfter };
    return { kind: 'refused', code: answer.head.RspCode ?? RSP.INTERNAL_ERROR, desc: answer.head.RspDesc };
  } catch (error) {
    if (!(error instanceof ProvinceCallError)) throw error;
    return { kind: PROVINCE_FAILURES[error.failure].mayHaveApplied ? 'unknown' : 'not-sent', failure: error.failure, desc: error.message };
  }
}

/** When the resolver should try again after `attempts` sends: doubling, capped. */
export function nextAttemptAt(deps: PaymentDeps, attempts: number, now: number): Date {
  const { resolverBaseDelayMs: base, resolverMaxDelayMs: max } = deps.settings;
  return new Date(now + Math.min(max, base * 2 ** Math.max(0, attempts - 1)));
}

/** An outcome that decides the money: the province answered, or (first send only) certainly applied nothing. */
export type DefiniteOutcome = Exclude<HomeOutcome, { kind: 'unknown' }>;

/** The RspCode of an outcome other than "applied", as the fault catalogue decides it. */
export function rspCodeOf(outcome: Exclude<HomeOutcome, { kind: 'applied' }>): RspCode {
  return outcome.kind === 'refused' ? relayedRspCode(outcome.code) : rspCodeOfProvinceFailure(outcome.failure, true);
}

/**
 * What a definite answer to 5.2.2 makes of a PENDING payment — SUCCESS or FAILED — and the
 * answer the collecting province gets (and gets again for a duplicate). The handler and the
 * resolver settle with the same changes.
 */
export function settledPayment(p: PaymentRecord, outcome: DefiniteOutcome): Partial<PaymentRecord> & { answer: PayAnswer } {
  const echo = { ServiceNumber: p.serviceNumber, HomeProvince: asProvinceCode(p.homeProvince), PayAmount: p.amount };
  if (outcome.kind === 'applied') {
    const answer = { rspCode: RSP.SUCCESS, body: { ...echo, HomeSerial: outcome.homeSerial, BalanceAfter: outcome.balanceAfter } };
    return { state: 'SUCCESS', homeSerial: outcome.homeSerial, balanceAfter: outcome.balanceAfter, answer, nextAttemptAt: undefined };
  }
  return { state: 'FAILED', answer: { rspCode: rspCodeOf(outcome), rspDesc: outcome.desc, body: echo }, nextAttemptAt: undefined };
}

/**
 * What a definite answer to 6.2.2 makes of a REVERSING payment: REVERSED with the reversal's
 * serial and balance, or back to SUCCESS (nothing was reversed; it may be reversed again) with
 * the refusal kept as the answer to that reversal's copies.
 */
export function settledReversal(p: PaymentRecord, outcome: DefiniteOutcome): { changes: Partial<PaymentRecord>; rspCode: RspCode } {
  if (outcome.kind === 'applied') {
    const reversal = { ...p.reversal!, homeSerial: outcome.homeSerial, balanceAfter: outcome.balanceAfter };
    return { changes: { state: 'REVERSED', nextAttemptAt: undefined, reversal }, rspCode: RSP.SUCCESS };
  }
  const r = p.reversal!;
  const rspCode = rspCodeOf(outcome);
  // Kept, so that a copy of this reversal (same sender and TransIDO) is told of this refusal, not of another's.
  const answer = { rspCode, rspDesc: outcome.desc, body: { ServiceNumber: p.serviceNumber, OrigTransIDH: p.transIdH } };
  const refusedReversal = { sender: r.sender, transIdO: r.transIdO, transIdH: r.transIdH, answer };
  return { changes: { state: 'SUCCESS', nextAttemptAt: undefined, reversal: undefined, refusedReversal }, rspCode };
}
