/** What the 6.2.1 reversal suites on copies share: the call, the payment reversed, and a reversal in progress. */
import * as soap from 'soap';
import { cstDate, cstTimestamp } from '../../domain/cst-time';
import { MessageHead } from '../../domain/message-head';
import { callWithHead } from '../../../test/support/soap-client';
import { payment } from './payment-fixtures';
import { PaymentRecord } from './payment-port';

/** A 6.2.1 RemotePayReverse of `p` under `head`. */
export const reverse = (client: soap.Client, head: MessageHead, p: PaymentRecord, reverseTime: string) =>
  callWithHead(client, 'RemotePayReverse', head, {
    ServiceNumber: p.serviceNumber,
    CollectProvince: p.collectProvince,
    OrigTransIDO: p.transIdO,
    ReverseAmount: p.amount,
    ReverseTime: reverseTime,
  });

/** A payment of BILL36 to 51 made today: SUCCESS unless `overrides` say otherwise. */
export const paidToday = (serviceNumber: string, overrides: Partial<PaymentRecord> = {}) =>
  payment({
    sender: 'BILL36',
    collectProvince: '36',
    homeProvince: '51',
    serviceNumber,
    amount: 800,
    state: 'SUCCESS',
    homeSerial: 'HS-1',
    payTime: cstTimestamp(),
    accountingDate: cstDate(Date.now()),
    ...overrides,
  });

/** The reversal record of the 6.2.1 sent under `head`, as the instance that sent its 6.2.2 left it (no outcome yet). */
export const reversalInProgress = (head: MessageHead, reverseTime: string) => ({
  sender: head.MsgSender,
  transIdO: head.TransIDO,
  transIdH: `RH-${head.TransIDO}`,
  procId: head.ProcID,
  reverseTime,
  requestedAt: new Date(),
});
