/**
 * 6.2.1 reversal: the collecting province takes back a payment it made today. Reads top-down:
 *   find the original by the sender's OrigTransIDO → 2003;
 *   this very reversal seen before → its answer again;
 *   already reversed (or being reversed) → 2004; the rules (same day, province, full amount) → 2005;
 *   claim it with one conditional update SUCCESS → REVERSING (of concurrent reversals one wins);
 *   forward 6.2.2 → REVERSED, or back to SUCCESS on a refusal, or REVERSING until resolved (3002).
 */
import { RSP, RspCode } from '../../contract/rsp-codes';
import { RemotePayReverseRsp } from '../../contract/generated/bodies';
import { checkReversal } from './payment-rules';
import { PaymentRecord } from './payment-port';
import { HandlerResult, OperationHandler } from '../../handlers/handler';
import { PaymentDeps } from './payment-deps';
import { nextAttemptAt, rspCodeOf, sendPayReverse, settledReversal } from './home-province';
import { replay } from './payment-records';

type ReverseResult = HandlerResult<RemotePayReverseRsp>;

export function remotePayReverse(deps: PaymentDeps): OperationHandler<'RemotePayReverse'> {
  const now = deps.now ?? Date.now;
  return async (request) => {
    const { head, transIdH, body: req } = request;
    const echo: RemotePayReverseRsp = { ServiceNumber: req.ServiceNumber };
    const refuse = (code: RspCode, desc: string): ReverseResult => ({ rspCode: code, rspDesc: desc, body: echo });

    const original = await deps.payments.bySenderTransIdO(head.MsgSender, req.OrigTransIDO);
    if (!original || original.state === 'FAILED') return refuse(RSP.ORIGINAL_NOT_FOUND, `no successful payment ${req.OrigTransIDO} from ${head.MsgSender}`);
    const reversal = original.reversal;
    if (reversal && reversal.sender === head.MsgSender && reversal.transIdO === head.TransIDO) return answerAgain(original, echo);
    if (original.state === 'REVERSED' || original.state === 'REVERSING') return refuse(RSP.ALREADY_REVERSED, `payment ${req.OrigTransIDO} is already reversed`);
    if (original.state === 'PENDING') return refuse(RSP.REVERSAL_NOT_ALLOWED, `the outcome of payment ${req.OrigTransIDO} is not known yet`);
    const rule = checkReversal(original, { serviceNumber: req.ServiceNumber, collectProvince: req.CollectProvince, amount: req.ReverseAmount }, now());
    if (rule) return refuse(rule.code, rule.desc);

    const at = now();
    const claimed = await deps.payments.transition(original.transIdH, ['SUCCESS'], {
      state: 'REVERSING',
      attempts: 1,
      nextAttemptAt: nextAttemptAt(deps, 1, at + deps.settings.duplicateWaitMs),
      reversal: { sender: head.MsgSender, transIdO: head.TransIDO, transIdH, procId: head.ProcID, reverseTime: req.ReverseTime, requestedAt: new Date(at) },
    });
    if (!claimed) return refuse(RSP.ALREADY_REVERSED, `payment ${req.OrigTransIDO} is already reversed`);
    return forward(deps, claimed, { ...echo, OrigTransIDH: claimed.transIdH });
  };
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

/** The same reversal request again: its outcome if settled, else "still unknown". */
function answerAgain(payment: PaymentRecord, echo: RemotePayReverseRsp): ReverseResult {
  const r = payment.reversal!;
  if (payment.state === 'REVERSED') {
    return replay(
      { rspCode: RSP.SUCCESS, body: { ...echo, OrigTransIDH: payment.transIdH, HomeSerial: r.homeSerial, BalanceAfter: r.balanceAfter } },
      r.transIdH,
    );
  }
  return { rspCode: RSP.RESULT_UNKNOWN, rspDesc: 'the reversal is still in progress; ask again later', body: echo, transIdH: r.transIdH };
}
