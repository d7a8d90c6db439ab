/**
 * The two calls a payment makes to its home province — 5.2.2 Pay and 6.2.2 PayReverse —
 * and what their outcomes mean for the money. Used by the handlers for the first send and
 * by the resolver for re-sends, which carry the same TransIDH.
 */
import { RSP } from '../../contract/rsp-codes';
import { hqRequestHead } from '../../domain/message-head';
import { ProvinceOutcomeUnknownError, ProvinceUnavailableError } from '../../provinces/province-client';
import { PaymentRecord } from '../../store/ports';
import { HandlerDeps } from '../handler-deps';

export type HomeOutcome =
  | { kind: 'applied'; homeSerial?: string; balanceAfter?: number }
  | { kind: 'refused'; code: string; desc?: string } // a definite answer other than 0000
  | { kind: 'not-sent'; desc: string } // refused connection or a fault: nothing applied, if this was the first send
  | { kind: 'unknown'; desc: string }; // timed out or broke off after sending

export async function sendPay(deps: HandlerDeps, p: PaymentRecord): Promise<HomeOutcome> {
  const head = hqRequestHead('5.2.2', p.homeProvince, { procId: p.procId, transIdO: p.transIdO, transIdH: p.transIdH, testFlag: p.testFlag });
  return outcomeOf(() =>
    deps.provinces.call(p.homeProvince, deps.contracts.get('5.2.2'), 'Pay', head, {
      ServiceNumber: p.serviceNumber,
      CollectProvince: p.collectProvince,
      PayAmount: p.amount,
      PayTime: p.payTime,
    }),
  );
}

export async function sendPayReverse(deps: HandlerDeps, p: PaymentRecord): Promise<HomeOutcome> {
  const r = p.reversal!;
  const head = hqRequestHead('6.2.2', p.homeProvince, { procId: r.procId, transIdO: r.transIdO, transIdH: r.transIdH, testFlag: p.testFlag });
  return outcomeOf(() =>
    deps.provinces.call(p.homeProvince, deps.contracts.get('6.2.2'), 'PayReverse', head, {
      ServiceNumber: p.serviceNumber,
      CollectProvince: p.collectProvince,
      OrigTransIDH: p.transIdH,
      OrigHomeSerial: p.homeSerial,
      ReverseAmount: p.amount,
      ReverseTime: r.reverseTime,
    }),
  );
}

async function outcomeOf(call: () => Promise<{ head: { RspCode?: string; RspDesc?: string }; body: Record<string, unknown> }>): Promise<HomeOutcome> {
  try {
    const answer = await call();
    if (answer.head.RspCode === RSP.SUCCESS) {
      return { kind: 'applied', homeSerial: answer.body.HomeSerial as string | undefined, balanceAfter: answer.body.BalanceAfter as number | undefined };
    }
    return { kind: 'refused', code: answer.head.RspCode ?? RSP.INTERNAL_ERROR, desc: answer.head.RspDesc };
  } catch (error) {
    if (error instanceof ProvinceUnavailableError) return { kind: 'not-sent', desc: error.message };
    if (error instanceof ProvinceOutcomeUnknownError) return { kind: 'unknown', desc: error.message };
    throw error;
  }
}

/** When the resolver should try again after `attempts` sends: doubling, capped. */
export function nextAttemptAt(deps: HandlerDeps, attempts: number, now: number): Date {
  const { resolverBaseDelayMs: base, resolverMaxDelayMs: max } = deps.payments;
  return new Date(now + Math.min(max, base * 2 ** Math.max(0, attempts - 1)));
}
