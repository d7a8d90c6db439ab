/**
 * What the payment handlers share: settling a payment's state once (a conditional update,
 * so of a handler and the resolver racing, one settles and the other reads its result),
 * answering duplicates from the stored record, and letting duplicates that arrive while the
 * original is still being forwarded wait for its answer instead of paying twice.
 */
import { RemotePayRsp } from '../../contract/generated/bodies';
import { isRspCode, RSP, RspCode } from '../../contract/rsp-codes';
import { asProvinceCode, isProvinceCode } from '../../domain/provinces';
import { StoredAnswer } from '../../store/ports';
import { PaymentRecord, PaymentState } from './payment-port';
import { HandlerResult } from '../../handlers/handler';
import { PaymentDeps } from './payment-deps';

type PayResult = HandlerResult<RemotePayRsp>;

/** A 5.2.1 answer as it is stored on the payment, typed. */
export interface PayAnswer extends StoredAnswer {
  rspCode: RspCode;
  body: RemotePayRsp;
}

/** Outcomes being produced in this process, by a key of the original (a payment's TransIDH, a reversal's sender and TransIDO). */
export class InFlight<Result = PayResult> {
  private readonly running = new Map<string, Promise<Result>>();

  async run(key: string, work: () => Promise<Result>): Promise<Result> {
    const promise = work();
    this.running.set(key, promise);
    try {
      return await promise;
    } finally {
      this.running.delete(key);
    }
  }

  get(key: string): Promise<Result> | undefined {
    return this.running.get(key);
  }
}

/**
 * A copy's wait for its original's outcome, bounded by `duplicateWaitMs`: the original's own
 * promise when it runs in this process, else the record read again with growing pauses (it
 * runs on another instance, or finished before this copy looked). Undefined when the bound
 * passed with no outcome: the copy answers 3002.
 */
export async function awaitOriginal<Result>(
  deps: PaymentDeps,
  inFlight: InFlight<Result>,
  key: string,
  answered: () => Promise<Result | undefined>,
): Promise<Result | undefined> {
  const running = inFlight.get(key);
  if (running) return running;
  const deadline = Date.now() + deps.settings.duplicateWaitMs;
  for (let delay = 10; Date.now() < deadline; delay = Math.min(delay * 2, 200)) {
    await new Promise((r) => setTimeout(r, delay));
    const answer = await answered();
    if (answer) return answer;
    const nowRunning = inFlight.get(key);
    if (nowRunning) return nowRunning;
  }
  return undefined;
}

/** An answer given before, given again under the TransIDH of the exchange that first got it. */
export function replay<Body extends object>(answer: { rspCode: RspCode; rspDesc?: string; body: Body }, transIdH: string): HandlerResult<Body> {
  return { rspCode: answer.rspCode, rspDesc: answer.rspDesc, body: answer.body, transIdH };
}

/**
 * A stored 5.2.1 answer read back in the contract's types: the fields the handler wrote,
 * each taken only if it still has its type (the store keeps the body as a free document).
 */
export function storedPayAnswer(answer: StoredAnswer): PayAnswer {
  const { ServiceNumber, HomeProvince, PayAmount, HomeSerial, BalanceAfter } = answer.body;
  return {
    rspCode: isRspCode(answer.rspCode) ? answer.rspCode : RSP.INTERNAL_ERROR,
    rspDesc: answer.rspDesc,
    body: {
      ServiceNumber: typeof ServiceNumber === 'string' ? ServiceNumber : undefined,
      HomeProvince: typeof HomeProvince === 'string' && isProvinceCode(HomeProvince) ? HomeProvince : undefined,
      PayAmount: typeof PayAmount === 'number' ? PayAmount : undefined,
      HomeSerial: typeof HomeSerial === 'string' ? HomeSerial : undefined,
      BalanceAfter: typeof BalanceAfter === 'number' ? BalanceAfter : undefined,
    },
  };
}

/** Moves `payment` from `from` with `changes`; if someone else moved it first, answers from theirs. */
export async function settle(
  deps: PaymentDeps,
  payment: PaymentRecord,
  from: PaymentState,
  changes: Partial<PaymentRecord> & { answer: PayAnswer },
): Promise<PayResult> {
  const settled = await deps.payments.transition(payment.transIdH, [from], changes);
  if (settled) return replay(changes.answer, payment.transIdH);
  const current = await deps.payments.byTransIdH(payment.transIdH);
  return current?.answer ? replay(storedPayAnswer(current.answer), current.transIdH) : replay(changes.answer, payment.transIdH);
}

/**
 * The answer to a request whose TransIDO is already recorded: 2001 for other content;
 * the stored answer once the outcome is definite; else wait (bounded) for the original.
 */
export async function answerOf(deps: PaymentDeps, inFlight: InFlight, payment: PaymentRecord, fingerprint: string): Promise<PayResult> {
  if (payment.fingerprint !== fingerprint) {
    return { rspCode: RSP.TRANSIDO_REUSED, rspDesc: `TransIDO ${payment.transIdO} was used for another payment`, body: {}, transIdH: payment.transIdH };
  }
  if (payment.answer) return replay(storedPayAnswer(payment.answer), payment.transIdH);
  const settled = await awaitOriginal(deps, inFlight, payment.transIdH, async () => {
    const current = await deps.payments.byTransIdH(payment.transIdH);
    return current?.answer ? replay(storedPayAnswer(current.answer), current.transIdH) : undefined;
  });
  if (settled) return settled;
  return {
    rspCode: RSP.RESULT_UNKNOWN,
    rspDesc: 'the original payment is still in progress; ask again with the same TransIDO',
    body: { ServiceNumber: payment.serviceNumber, HomeProvince: asProvinceCode(payment.homeProvince), PayAmount: payment.amount },
    transIdH: payment.transIdH,
  };
}
