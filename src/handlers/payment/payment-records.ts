/**
 * What the payment handlers share: settling a payment's state once (a conditional update,
 * so of a handler and the resolver racing, one settles and the other reads its result),
 * answering duplicates from the stored record, and letting duplicates that arrive while the
 * original is still being forwarded wait for its answer instead of paying twice.
 */
import { RSP } from '../../contract/rsp-codes';
import { PaymentRecord, PaymentState, StoredAnswer } from '../../store/ports';
import { HandlerResult } from '../handler';
import { HandlerDeps } from '../handler-deps';

/** Outcomes being produced in this process, by payment TransIDH. */
export class InFlight {
  private readonly running = new Map<string, Promise<HandlerResult>>();

  async run(payment: PaymentRecord, work: () => Promise<HandlerResult>): Promise<HandlerResult> {
    const promise = work();
    this.running.set(payment.transIdH, promise);
    try {
      return await promise;
    } finally {
      this.running.delete(payment.transIdH);
    }
  }

  get(transIdH: string): Promise<HandlerResult> | undefined {
    return this.running.get(transIdH);
  }
}

export function replay(answer: StoredAnswer, transIdH: string): HandlerResult {
  return { rspCode: answer.rspCode as HandlerResult['rspCode'], rspDesc: answer.rspDesc, body: answer.body as HandlerResult['body'], transIdH };
}

/** Moves `payment` from `from` with `changes`; if someone else moved it first, answers from theirs. */
export async function settle(deps: HandlerDeps, payment: PaymentRecord, from: PaymentState, changes: Partial<PaymentRecord> & { answer: StoredAnswer }): Promise<HandlerResult> {
  const settled = await deps.store.payments.transition(payment.transIdH, [from], changes);
  if (settled) return replay(changes.answer, payment.transIdH);
  const current = await deps.store.payments.byTransIdH(payment.transIdH);
  return current?.answer ? replay(current.answer, current.transIdH) : replay(changes.answer, payment.transIdH);
}

/**
 * The answer to a request whose TransIDO is already recorded: 2001 for other content;
 * the stored answer once the outcome is definite; else wait (bounded) for the original.
 */
export async function answerOf(deps: HandlerDeps, inFlight: InFlight, payment: PaymentRecord, fingerprint: string): Promise<HandlerResult> {
  if (payment.fingerprint !== fingerprint) {
    return { rspCode: RSP.TRANSIDO_REUSED, rspDesc: `TransIDO ${payment.transIdO} was used for another payment`, body: {}, transIdH: payment.transIdH };
  }
  if (payment.answer) return replay(payment.answer, payment.transIdH);
  const running = inFlight.get(payment.transIdH);
  if (running) return running;
  const deadline = Date.now() + deps.payments.duplicateWaitMs;
  for (let delay = 10; Date.now() < deadline; delay = Math.min(delay * 2, 200)) {
    await new Promise((r) => setTimeout(r, delay));
    const current = await deps.store.payments.byTransIdH(payment.transIdH);
    if (current?.answer) return replay(current.answer, current.transIdH);
    const nowRunning = inFlight.get(payment.transIdH);
    if (nowRunning) return nowRunning;
  }
  return {
    rspCode: RSP.RESULT_UNKNOWN,
    rspDesc: 'the original payment is still in progress; ask again with the same TransIDO',
    body: { ServiceNumber: payment.serviceNumber, HomeProvince: payment.homeProvince, PayAmount: payment.amount },
    transIdH: payment.transIdH,
  };
}
