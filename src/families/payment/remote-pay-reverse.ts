/**
 * 6.2.1 reversal: the collecting province takes back a payment it made today. Reads top-down:
 *   find the original by the sender's OrigTransIDO → 2003; a TransIDO used for the reversal of another payment → 2001;
 *   this very reversal (same sender and TransIDO) seen before → its answer, waiting (bounded,
 *   as a duplicate payment does) while it is in progress here or on another instance;
 *   already reversed (or being reversed) by another → 2004; the rules (same day, province, full amount) → 2005;
 *   claim it with one conditional update SUCCESS → REVERSING (of concurrent reversals one wins;
 *   a copy that loses to its own original waits for it like one that came later);
 *   forward 6.2.2 → REVERSED, or back to SUCCESS on a refusal, or REVERSING until resolved (3002).
 */
import { isRspCode, RSP, RspCode } from '../../contract/rsp-codes';
import { RemotePayReverseRsp } from '../../contract/generated/bodies';
import { MessageHead } from '../../domain/message-head';
import { checkReversal } from './payment-rules';
import { PaymentRecord } from './payment-port';
import { HandlerResult, OperationHandler } from '../../handlers/handler';
import { PaymentDeps } from './payment-deps';
import { nextAttemptAt, rspCodeOf, sendPayReverse, settledReversal } from './home-province';
import { awaitOriginal, InFlight, replay } from './payment-records';

type ReverseResult = HandlerResult<RemotePayReverseRsp>;

/** Which reversal a request is: its sender's system and TransIDO (copies share both). */
interface ReversalKey {
  sender: string;
  transIdO: string;
}

const keyOf = (k: ReversalKey): string => `${k.sender}|${k.transIdO}`;
const isSame = (k: ReversalKey, other: ReversalKey | undefined): boolean => other !== undefined && other.sender === k.sender && other.transIdO === k.transIdO;
/** Whether `p` holds the reversal `k`, in progress, done or refused. */
const holds = (p: PaymentRecord, k: ReversalKey): boolean => isSame(k, p.reversal) || isSame(k, p.refusedReversal);

export function remotePayReverse(deps: PaymentDeps, inFlight = new InFlight<ReverseResult>()): OperationHandler<'RemotePayReverse'> {
  const now = deps.now ?? Date.now;
  return async (request) => {
    const { head, transIdH, body: req } = request;
    const echo: RemotePayReverseRsp = { ServiceNumber: req.ServiceNumber };
    const refuse = (code: RspCode, desc: string): ReverseResult => ({ rspCode: code, rspDesc: desc, body: echo });
    const key: ReversalKey = { sender: head.MsgSender, transIdO: head.TransIDO };

    let original = await deps.payments.bySenderTransIdO(head.MsgSender, req.OrigTransIDO);
    const used = await deps.payments.byReversal(head.MsgSender, head.TransIDO);
    if (used && used.transIdH !== original?.transIdH)
      return refuse(RSP.TRANSIDO_REUSED, `TransIDO ${head.TransIDO} was used before for the reversal of another payment (${used.transIdO})`);
    // A lost claim is looked at again: the winner may be this reversal's own original, or a refused one.
    for (let look = 0; look < 3; look++) {
      if (!original || original.state === 'FAILED') return refuse(RSP.ORIGINAL_NOT_FOUND, `no successful payment ${req.OrigTransIDO} from ${head.MsgSender}`);
      if (holds(original, key)) {
        const changed = otherContent(original, key, req);
        if (changed) return refuse(RSP.TRANSIDO_REUSED, `TransIDO ${head.TransIDO} was used before for this reversal with another ${changed}`);
        return answerAgain(deps, inFlight, original, key, echo);
      }
      if (original.state === 'REVERSED' || original.state === 'REVERSING')
        return refuse(RSP.ALREADY_REVERSED, `payment ${req.OrigTransIDO} is already reversed`);
      if (original.state === 'PENDING') return refuse(RSP.REVERSAL_NOT_ALLOWED, `the outcome of payment ${req.OrigTransIDO} is not known yet`);
      const rule = checkReversal(original, { serviceNumber: req.ServiceNumber, collectProvince: req.CollectProvince, amount: req.ReverseAmount }, now());
      if (rule) return refuse(rule.code, rule.desc);
      const claimed = await claim(deps, original, head, req.ReverseTime, transIdH, now());
      if (claimed) return inFlight.run(keyOf(key), () => forward(deps, claimed, { ...echo, OrigTransIDH: claimed.transIdH }));
      original = await deps.payments.byTransIdH(original.transIdH);
    }
    return refuse(RSP.ALREADY_REVERSED, `payment ${req.OrigTransIDO} is already reversed`);
  };
}

/**
 * What a request under a reversal's own (sender, TransIDO) says differently from that reversal:
 * a copy is the same request sent again, so another amount, number, province or time is a
 * reused TransIDO (2001), never the first answer.
 */
function otherContent(
  payment: PaymentRecord,
  key: ReversalKey,
  req: { ServiceNumber: string; CollectProvince: string; ReverseAmount: number; ReverseTime: string },
) {
  if (req.ReverseAmount !== payment.amount) return 'ReverseAmount';
  if (req.ServiceNumber !== payment.serviceNumber) return 'ServiceNumber';
  if (req.CollectProvince !== payment.collectProvince) return 'CollectProvince';
  const recorded = isSame(key, payment.reversal) ? payment.reversal!.reverseTime : undefined;
  if (recorded !== undefined && req.ReverseTime !== recorded) return 'ReverseTime';
  return undefined;
}

/** SUCCESS → REVERSING with this reversal recorded on the payment; undefined if another got there first. */
function claim(deps: PaymentDeps, original: PaymentRecord, head: MessageHead, reverseTime: string, transIdH: string, at: number) {
  return deps.payments.transition(original.transIdH, ['SUCCESS'], {
    state: 'REVERSING',
    attempts: 1,
    nextAttemptAt: nextAttemptAt(deps, 1, at + deps.settings.duplicateWaitMs),
    reversal: { sender: head.MsgSender, transIdO: head.TransIDO, transIdH, procId: head.ProcID, reverseTime, requestedAt: new Date(at) },
  });
}

async function forward(deps: PaymentDeps, payment: PaymentRecord, echo: RemotePayReverseRsp): Promise<ReverseResult> {
  const reversal = payment.reversal!;
  const outcome = await sendPayReverse(deps, payment);
  if (outcome.kind === 'unknown') {
    return { rspCode: rspCodeOf(outcome), rspDesc: outcome.desc, body: echo, transIdH: reversal.transIdH };
  }
  const { changes, rspCode } = settledReversal(payment, outcome);
  await deps.payments.transition(payment.transIdH, ['REVERSING'], changes);
  if (outcome.kind !== 'applied') return { rspCode, rspDesc: outcome.desc, body: echo, transIdH: reversal.transIdH };
  return replay({ rspCode, body: { ...echo, HomeSerial: outcome.homeSerial, BalanceAfter: outcome.balanceAfter } }, reversal.transIdH);
}

/**
 * A copy of a reversal already recorded: its outcome if settled; else the original's, waited
 * for as long as a duplicate payment waits; then "still unknown" (3002).
 */
async function answerAgain(
  deps: PaymentDeps,
  inFlight: InFlight<ReverseResult>,
  payment: PaymentRecord,
  key: ReversalKey,
  echo: RemotePayReverseRsp,
): Promise<ReverseResult> {
  const settled =
    settledAnswer(payment, key, echo) ??
    (await awaitOriginal(deps, inFlight, keyOf(key), async () => {
      const current = await deps.payments.byTransIdH(payment.transIdH);
      return current && settledAnswer(current, key, echo);
    }));
  if (settled) return settled;
  const transIdH = payment.reversal?.transIdH ?? payment.refusedReversal!.transIdH;
  return {
    rspCode: RSP.RESULT_UNKNOWN,
    rspDesc: 'the reversal is still in progress; ask again later',
    body: { ...echo, OrigTransIDH: payment.transIdH },
    transIdH,
  };
}

/** The answer the reversal `key` got, if its outcome at the home province is definite. */
function settledAnswer(payment: PaymentRecord, key: ReversalKey, echo: RemotePayReverseRsp): ReverseResult | undefined {
  const r = payment.reversal;
  if (payment.state === 'REVERSED' && r && isSame(key, r)) {
    return replay(
      { rspCode: RSP.SUCCESS, body: { ...echo, OrigTransIDH: payment.transIdH, HomeSerial: r.homeSerial, BalanceAfter: r.balanceAfter } },
      r.transIdH,
    );
  }
  const refused = payment.refusedReversal;
  if (refused && isSame(key, refused) && !isSame(key, r)) {
    const { rspCode, rspDesc } = refused.answer;
    return replay({ rspCode: isRspCode(rspCode) ? rspCode : RSP.INTERNAL_ERROR, rspDesc, body: { ...echo, OrigTransIDH: payment.transIdH } }, refused.transIdH);
  }
  return undefined;
}
