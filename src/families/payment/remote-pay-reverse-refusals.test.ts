/**
 * 6.2.1's refusals, each naming what the operator needs (the TransIDO, the payment, the
 * field): a TransIDO used for another payment's reversal (2001, checked before the payment
 * is looked for), no such payment (2003), already reversed (2004), outcome not known yet
 * (2005), and a copy of a reversal that says another number or collecting province (2001).
 */
import { expect } from 'chai';
import * as soap from 'soap';
import { cstTimestamp } from '../../domain/cst-time';
import { MessageHead } from '../../domain/message-head';
import { provinceHead } from '../../../test/support/heads';
import { callWithHead, soapClient } from '../../../test/support/soap-client';
import { RunningSystem, startSystem } from '../../../test/support/system';
import { payment } from './payment-fixtures';
import { PAYMENT_RECORDS } from './payment-store';

describe('6.2.1 reversal: refusals that name what was wrong', function () {
  this.timeout(30000);
  let system: RunningSystem;
  let payClient: soap.Client;
  let reverseClient: soap.Client;

  before(async () => {
    system = await startSystem({ env: { PROVINCE_TIMEOUT_MS: '400', RESOLVER_INTERVAL_MS: '3600000' } });
    payClient = await soapClient(`${system.gatewayUrl}/ucrm/5.2.1?wsdl`);
    reverseClient = await soapClient(`${system.gatewayUrl}/ucrm/6.2.1?wsdl`);
  });
  after(() => system.close());

  let next = 0;
  const freshNumber = () =>
    system.mocks.books
      .get('51')!
      .list()
      .filter((a) => a.userStatus === '0' && a.serviceNumber.startsWith('1'))[next++].serviceNumber;
  /** A payment of `amount` from BILL36, paid at the home province; its head. */
  const paid = async (number: string, amount: number): Promise<MessageHead> => {
    const head = provinceHead('5.2.1', '36', { type: '01', value: number });
    const answer = await callWithHead(payClient, 'RemotePay', head, {
      ServiceNumber: number,
      CollectProvince: '36',
      PayAmount: amount,
      PayTime: cstTimestamp(),
    });
    expect(answer.head.RspCode, answer.head.RspDesc).to.equal('0000');
    return head;
  };
  const reversalHead = (number: string) => provinceHead('6.2.1', '36', { type: '01', value: number });
  const reverse = (
    head: MessageHead,
    body: { ServiceNumber: string; OrigTransIDO: string; ReverseAmount: number; CollectProvince?: string; ReverseTime?: string },
  ) =>
    callWithHead(reverseClient, 'RemotePayReverse', head, {
      // in the schema's order: the validator checks the sequence
      ServiceNumber: body.ServiceNumber,
      CollectProvince: body.CollectProvince ?? '36',
      OrigTransIDO: body.OrigTransIDO,
      ReverseAmount: body.ReverseAmount,
      ReverseTime: body.ReverseTime ?? cstTimestamp(),
    });

  it("a TransIDO used for another payment's reversal is refused 2001 naming that payment, even when the payment named is unknown", async () => {
    const number = freshNumber();
    const first = await paid(number, 300);
    const head = reversalHead(number);
    expect((await reverse(head, { ServiceNumber: number, OrigTransIDO: first.TransIDO, ReverseAmount: 300 })).head.RspCode).to.equal('0000');
    const reused = await reverse(
      { ...reversalHead(number), TransIDO: head.TransIDO },
      { ServiceNumber: number, OrigTransIDO: 'O-NEVER-PAID', ReverseAmount: 300 },
    );
    expect(reused.head.RspCode).to.equal('2001');
    expect(reused.head.RspDesc).to.contain(head.TransIDO).and.contain(first.TransIDO);
  });

  it('a reversal of a payment HQ does not hold is refused 2003 naming the OrigTransIDO and the sender', async () => {
    const number = freshNumber();
    const head = reversalHead(number);
    const answer = await reverse(head, { ServiceNumber: number, OrigTransIDO: 'O-NOT-HERE-1', ReverseAmount: 300 });
    expect(answer.head.RspCode).to.equal('2003');
    expect(answer.head.RspDesc).to.contain('O-NOT-HERE-1').and.contain(head.MsgSender);
  });

  it('a second reversal of a reversed payment is refused 2004 naming the payment', async () => {
    const number = freshNumber();
    const pay = await paid(number, 400);
    expect((await reverse(reversalHead(number), { ServiceNumber: number, OrigTransIDO: pay.TransIDO, ReverseAmount: 400 })).head.RspCode).to.equal('0000');
    const again = await reverse(reversalHead(number), { ServiceNumber: number, OrigTransIDO: pay.TransIDO, ReverseAmount: 400 });
    expect(again.head.RspCode).to.equal('2004');
    expect(again.head.RspDesc).to.contain(pay.TransIDO);
  });

  it('a reversal of a payment whose outcome is not known yet is refused 2005 naming the payment', async () => {
    const number = freshNumber();
    const pending = payment({ sender: 'BILL36', collectProvince: '36', homeProvince: '51', serviceNumber: number, amount: 500, state: 'PENDING' });
    await system.gateway.store.records(PAYMENT_RECORDS).insertIfAbsent(pending);
    const answer = await reverse(reversalHead(number), { ServiceNumber: number, OrigTransIDO: pending.transIdO, ReverseAmount: 500 });
    expect(answer.head.RspCode).to.equal('2005');
    expect(answer.head.RspDesc).to.contain(pending.transIdO);
  });

  for (const field of ['ServiceNumber', 'CollectProvince'] as const) {
    it(`a copy of a reversal naming another ${field} than the reversal is refused 2001 naming ${field}`, async () => {
      const number = freshNumber();
      const pay = await paid(number, 600);
      const head = reversalHead(number);
      const body = { ServiceNumber: number, OrigTransIDO: pay.TransIDO, ReverseAmount: 600, CollectProvince: '36', ReverseTime: cstTimestamp() };
      expect((await reverse(head, body)).head.RspCode).to.equal('0000');
      const changed = field === 'ServiceNumber' ? { ServiceNumber: freshNumber() } : { CollectProvince: '11' };
      const copy = await reverse(head, { ...body, ...changed });
      expect(copy.head.RspCode, copy.head.RspDesc).to.equal('2001');
      expect(copy.head.RspDesc).to.contain(field);
    });
  }
});
