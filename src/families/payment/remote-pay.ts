/**
 * 5.2.1 remote payment: the collecting province took cash and asks HQ to credit an account
 * of another province. Reads top-down:
 *   the rules (amount, remote) → 2002 / 1004;
 *   journal the payment PENDING: the unique key makes duplicates (and concurrent ones) meet
 *   here, and a TransIDO seen before gets the first answer (or 2001 if the content differs);
 *   forward 5.2.2 with HQ's TransIDH → SUCCESS / FAILED, or still PENDING on a timeout (3002),
 *   which the resolver settles by re-sending the same TransIDH.
 */
import { cstDate } from '../../domain/cst-time';
import { checkPayAmount, checkRemote, contentFingerprint } from './payment-rules';
import { RemotePayRsp } from '../../contract/generated/bodies';
import { PaymentRecord } from './payment-port';
import { HandlerResult, OperationHandler } from '../../handlers/handler';
import { PaymentDeps } from './payment-deps';
import { nextAttemptAt, rspCodeOf, sendPay, settledPayment } from './home-province';
import { InFlight, answerOf, settle } from './payment-records';

export function remotePay(deps: PaymentDeps, inFlight: InFlight): OperationHandler<'RemotePay'> {
  const now = deps.now ?? Date.now;
  return async (request) => {
    const { head, route, transIdH, body: req } = request;
    const fingerprint = contentFingerprint({ ...req });
    const echo = { ServiceNumber: req.ServiceNumber, HomeProvince: route.province, PayAmount: req.PayAmount };

    const refusal = checkPayAmount(req.PayAmount, deps.settings.singlePaymentLimitFen) ?? checkRemote(req.CollectProvince, route.province);
    if (refusal) {
      // A TransIDO seen before is answered as before (2001 for other content) even if this content breaks a rule.
      const seen = await deps.payments.bySenderTransIdO(head.MsgSender, head.TransIDO);
      return seen ? answerOf(deps, inFlight, seen, fingerprint) : { rspCode: refusal.code, rspDesc: refusal.desc, body: echo };
    }

    const at = now();
    const payment: PaymentRecord = {
      sender: head.MsgSender,
      transIdO: head.TransIDO,
      transIdH,
      procId: head.ProcID,
      testFlag: head.TestFlag,
      fingerprint,
      serviceNumber: req.ServiceNumber,
      collectProvince: req.CollectProvince,
      homeProvince: route.province,
      amount: req.PayAmount,
      payTime: req.PayTime,
      accountingDate: cstDate(at),
      state: 'PENDING',
      attempts: 1,
      // Should this process die mid-call, the resolver picks the payment up from here.
      nextAttemptAt: nextAttemptAt(deps, 1, at + deps.settings.duplicateWaitMs),
      createdAt: new Date(at),
      updatedAt: new Date(at),
    };
    // No look-up first: the unique (sender, TransIDO) index answers "seen before" in the same round trip as the insert.
    const inserted = await deps.payments.insertIfAbsent(payment);
    if (!inserted.inserted) return answerOf(deps, inFlight, inserted.existing, fingerprint);

    return inFlight.run(payment.transIdH, () => forward(deps, payment, echo));
  };
}

async function forward(deps: PaymentDeps, payment: PaymentRecord, echo: RemotePayRsp): Promise<HandlerResult<RemotePayRsp>> {
  const outcome = await sendPay(deps, payment);
  if (outcome.kind === 'unknown') {
    // The payment stays PENDING with its re-send scheduled; the province must not pay again.
    return { rspCode: rspCodeOf(outcome), rspDesc: outcome.desc, body: echo, transIdH: payment.transIdH };
  }
  return settle(deps, payment, 'PENDING', settledPayment(payment, outcome));
}
