/**
 * The money rules of 5.2.1 and 6.2.1 that HQ itself must keep, each checked where the
 * province cannot hide a mistake: what HQ refuses never reaches the home province (its
 * ledger and HQ's outbound journal stay as they were), and what the province refuses
 * leaves HQ's record as it was.
 */
import { expect } from 'chai';
import * as soap from 'soap';
import { cstTimestamp } from '../../domain/cst-time';
import { MessageHead } from '../../domain/message-head';
import { provinceHead, TRANSIDH_FORMAT } from '../../../test/support/heads';
import { callWithHead, soapClient } from '../../../test/support/soap-client';
import { RunningSystem, startSystem } from '../../../test/support/system';
import { PAYMENT_RECORDS } from './payment-store';

const LIMIT = 500000;

describe('payment money rules (5.2.1, 6.2.1)', function () {
  this.timeout(30000);
  let system: RunningSystem;
  let payClient: soap.Client;
  let reverseClient: soap.Client;
  const payments = () => system.gateway.store.records(PAYMENT_RECORDS);

  before(async () => {
    system = await startSystem({ env: { PROVINCE_TIMEOUT_MS: '1000', PAYMENT_LIMIT_FEN: String(LIMIT) } });
    payClient = await soapClient(`${system.gatewayUrl}/ucrm/5.2.1?wsdl`);
    reverseClient = await soapClient(`${system.gatewayUrl}/ucrm/6.2.1?wsdl`);
  });
  after(() => system.close());

  let next = 0;
  /** The next active account of province 51 (assertions on balances are relative: an account may come round again). */
  const freshNumber = (province = '51') => {
    const active = system.mocks.books
      .get(province)!
      .list()
      .filter((a) => a.userStatus === '0');
    return active[next++ % active.length].serviceNumber;
  };
  const ledger = (province = '51') => system.mocks.books.get(province)!.ledger;
  const outbound = (interfaceNumber: string) => system.records.filter((r) => r.direction === 'outbound' && r.interfaceNumber === interfaceNumber);

  const pay = async (number: string, amount: number, head: MessageHead = provinceHead('5.2.1', '36', { type: '01', value: number })) => {
    const answer = await callWithHead(payClient, 'RemotePay', head, {
      ServiceNumber: number,
      CollectProvince: '36',
      PayAmount: amount,
      PayTime: cstTimestamp(),
    });
    return { ...answer, sent: head };
  };
  const reverse = async (
    number: string,
    origTransIdO: string,
    amount: number,
    head: MessageHead = provinceHead('6.2.1', '36', { type: '01', value: number }),
    reverseTime = cstTimestamp(),
  ) => {
    const body = { ServiceNumber: number, CollectProvince: '36', OrigTransIDO: origTransIdO, ReverseAmount: amount, ReverseTime: reverseTime };
    return { ...(await callWithHead(reverseClient, 'RemotePayReverse', head, body)), sent: head, reverseTime };
  };
  const paid = async (amount = 3000) => {
    const number = freshNumber();
    const r = await pay(number, amount);
    expect(r.head.RspCode).to.equal('0000');
    return { number, transIdO: r.sent.TransIDO, transIdH: r.head.TransIDH, amount };
  };

  describe('single-payment limit and amounts', () => {
    it('a payment of exactly the single-payment limit is forwarded and credited', async () => {
      const number = freshNumber();
      const before = ledger().size;
      const r = await pay(number, LIMIT);
      expect(r.head.RspCode).to.equal('0000');
      expect(r.head.TransIDH).to.match(TRANSIDH_FORMAT);
      expect(ledger().size - before).to.equal(1);
      expect(ledger().get(r.head.TransIDH)?.amount).to.equal(LIMIT);
    });

    it('a payment of one fen above the limit is refused by HQ with 2002 and never reaches the home province', async () => {
      const number = freshNumber();
      const before = { ledger: ledger().size, sends: outbound('5.2.2').length };
      const r = await pay(number, LIMIT + 1);
      expect(r.head.RspCode).to.equal('2002');
      expect(r.head.RspDesc).to.contain(`limit of ${LIMIT} fen`);
      expect(outbound('5.2.2').length, '5.2.2 calls').to.equal(before.sends);
      expect(ledger().size).to.equal(before.ledger);
      expect(await payments().bySenderTransIdO('BILL36', r.sent.TransIDO), 'nothing recorded').to.equal(undefined);
    });

    for (const amount of [0, -1, -5000]) {
      it(`HQ itself refuses an amount of ${amount} fen with 2002: the home province is never asked`, async () => {
        const number = freshNumber();
        const before = { ledger: ledger().size, sends: outbound('5.2.2').length };
        const r = await pay(number, amount);
        expect(r.head.RspCode).to.equal('2002');
        expect(r.head.RspDesc).to.contain('must be positive');
        expect(outbound('5.2.2').length, '5.2.2 calls').to.equal(before.sends);
        expect(ledger().size).to.equal(before.ledger);
        expect(await payments().bySenderTransIdO('BILL36', r.sent.TransIDO)).to.equal(undefined);
      });
    }
  });

  describe('reversal', () => {
    it('a reversal naming another service number than its payment is refused with 2003 and the payment stays SUCCESS', async () => {
      const p = await paid();
      const other = freshNumber();
      const sends = outbound('6.2.2').length;
      const r = await reverse(other, p.transIdO, p.amount);
      expect(r.head.RspCode).to.equal('2003');
      expect(r.head.RspDesc).to.contain('another number');
      expect(outbound('6.2.2').length, '6.2.2 calls').to.equal(sends);
      const stored = await payments().bySenderTransIdO('BILL36', p.transIdO);
      expect(stored?.state).to.equal('SUCCESS');
      expect(stored).not.to.have.property('reversal');
    });

    it('a province refusing a 6.2.2 reversal leaves the payment SUCCESS, its refusal relayed, and the payment reversible later', async () => {
      const p = await paid();
      const entry = ledger().get(p.transIdH)!;
      entry.reversedBy = 'reversed-at-the-province-already'; // the home province will answer 2004
      const refused = await reverse(p.number, p.transIdO, p.amount);
      expect(refused.head.RspCode).to.equal('2004');
      expect(outbound('6.2.2').filter((s) => s.transIdH === refused.head.TransIDH)[0]?.rspCode, "the province's own answer").to.equal('2004');
      const stored = await payments().bySenderTransIdO('BILL36', p.transIdO);
      expect(stored).to.include({ state: 'SUCCESS', transIdH: p.transIdH });
      expect(stored).not.to.have.property('reversal');
      expect(stored).not.to.have.property('nextAttemptAt');
      // A copy of the refused reversal gets the refusal again, its body echoing the number and the payment.
      const copy = await reverse(p.number, p.transIdO, p.amount, { ...refused.sent, ProcessTime: cstTimestamp() }, refused.reverseTime);
      expect(copy.head).to.include({ RspCode: '2004', TransIDH: refused.head.TransIDH });
      expect(copy.body).to.deep.include({ ServiceNumber: p.number, OrigTransIDH: p.transIdH });
      delete entry.reversedBy;
      expect((await reverse(p.number, p.transIdO, p.amount)).head.RspCode, 'a later reversal').to.equal('0000');
    });

    it('a province answering a 6.2.2 reversal with a fault leaves the payment SUCCESS and answers 3001', async () => {
      const p = await paid();
      system.mocks.misbehave('51', '6.2.2', { kind: 'fault', times: 1 });
      const r = await reverse(p.number, p.transIdO, p.amount);
      expect(r.head.RspCode).to.equal('3001');
      expect((await payments().bySenderTransIdO('BILL36', p.transIdO))?.state).to.equal('SUCCESS');
      expect([...ledger().values()].filter((e) => e.kind === 'REVERSE' && e.origTransIdH === p.transIdH)).to.have.length(0);
    });

    it('a repeated 6.2.1 with the same TransIDO gets its first answer and reverses once', async () => {
      const p = await paid();
      const first = await reverse(p.number, p.transIdO, p.amount);
      expect(first.head.RspCode).to.equal('0000');
      const balance = system.mocks.books.get('51')!.find(p.number)!.balance;
      const again = await reverse(p.number, p.transIdO, p.amount, { ...first.sent, ProcessTime: cstTimestamp() }, first.reverseTime);
      expect(again.head.RspCode).to.equal('0000');
      expect(again.head.TransIDH).to.equal(first.head.TransIDH);
      expect(again.body).to.deep.equal(first.body);
      expect(
        [...ledger().values()].filter((e) => e.kind === 'REVERSE' && e.origTransIdH === p.transIdH),
        'debits',
      ).to.have.length(1);
      expect(system.mocks.books.get('51')!.find(p.number)!.balance).to.equal(balance);
    });

    it('a 6.2.1 that reuses its TransIDO with another amount or time is refused with 2001, and the first reversal stands', async () => {
      const p = await paid();
      const first = await reverse(p.number, p.transIdO, p.amount);
      expect(first.head.RspCode).to.equal('0000');
      const sentAgain = () => ({ ...first.sent, ProcessTime: cstTimestamp() });
      const otherAmount = await reverse(p.number, p.transIdO, p.amount - 1, sentAgain(), first.reverseTime);
      expect(otherAmount.head.RspCode).to.equal('2001');
      expect(otherAmount.head.RspDesc).to.contain('ReverseAmount');
      const otherTime = await reverse(p.number, p.transIdO, p.amount, sentAgain(), '20200101000000');
      expect(otherTime.head.RspCode).to.equal('2001');
      expect(otherTime.head.RspDesc).to.contain('ReverseTime');
      const stored = await payments().byTransIdH(p.transIdH);
      expect(stored).to.deep.include({ state: 'REVERSED' });
      expect(stored!.reversal).to.deep.include({ transIdO: first.sent.TransIDO, transIdH: first.head.TransIDH });
      expect([...ledger().values()].filter((e) => e.kind === 'REVERSE' && e.origTransIdH === p.transIdH)).to.have.length(1);
    });

    it('a 6.2.1 that reuses the TransIDO of a reversal of another payment is refused with 2001, and that payment stays SUCCESS', async () => {
      const first = await paid();
      const second = await paid();
      const reversed = await reverse(first.number, first.transIdO, first.amount);
      expect(reversed.head.RspCode).to.equal('0000');
      const reused = await reverse(second.number, second.transIdO, second.amount, { ...reversed.sent, ProcessTime: cstTimestamp() });
      expect(reused.head.RspCode).to.equal('2001');
      expect(reused.head.RspDesc).to.contain('another payment');
      expect(await payments().byTransIdH(second.transIdH)).to.deep.include({ state: 'SUCCESS' });
      expect([...ledger().values()].filter((e) => e.kind === 'REVERSE' && e.origTransIdH === second.transIdH)).to.have.length(0);
    });

    it('the stored reversal keeps its sender and ids, and the serial and balance the province gave', async () => {
      const p = await paid();
      const r = await reverse(p.number, p.transIdO, p.amount);
      expect(r.head.RspCode).to.equal('0000');
      expect(r.head.TransIDH).to.match(TRANSIDH_FORMAT).and.not.equal(p.transIdH);
      expect(r.body.OrigTransIDH).to.equal(p.transIdH);
      const stored = await payments().bySenderTransIdO('BILL36', p.transIdO);
      expect(stored?.state).to.equal('REVERSED');
      expect(stored?.reversal).to.deep.include({
        sender: 'BILL36',
        transIdO: r.sent.TransIDO,
        transIdH: r.head.TransIDH,
        procId: r.sent.ProcID,
        reverseTime: r.reverseTime,
        homeSerial: r.body.HomeSerial,
        balanceAfter: Number(r.body.BalanceAfter),
      });
      expect(ledger().get(r.head.TransIDH)).to.include({ kind: 'REVERSE', origTransIdH: p.transIdH, transIdO: r.sent.TransIDO });
    });
  });
});
