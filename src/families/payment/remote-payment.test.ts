/**
 * 5.2.1 → 5.2.2 and 6.2.1 → 6.2.2 end to end through node-soap clients built from the served
 * WSDLs: every response code, idempotency (also under 50 concurrent duplicates), unknown
 * outcomes resolved by re-sending the same TransIDH, and concurrent reversals.
 */
import { expect } from 'chai';
import * as soap from 'soap';
import { cstTimestamp } from '../../domain/cst-time';
import { MessageHead } from '../../domain/message-head';
import { provinceHead, TRANSIDH_FORMAT, uniqueId } from '../../../test/support/heads';
import { callWithHead, soapClient } from '../../../test/support/soap-client';
import { RunningSystem, startSystem } from '../../../test/support/system';
import { PAYMENT_RECORDS } from './payment-store';

const DAY = 24 * 3600 * 1000;

describe('5.2.1 remote payment and 6.2.1 reversal (end to end through node-soap)', function () {
  this.timeout(30000);
  let system: RunningSystem;
  let payClient: soap.Client;
  let reverseClient: soap.Client;
  const clock = { offsetMs: 0 };
  const payments = () => system.gateway.store.records(PAYMENT_RECORDS);

  before(async () => {
    system = await startSystem({
      downProvinces: ['89'],
      now: () => Date.now() + clock.offsetMs,
      env: { PROVINCE_TIMEOUT_MS: '400', RESOLVER_INTERVAL_MS: '50', RESOLVER_BASE_DELAY_MS: '100', RESOLVER_MAX_DELAY_MS: '400', PAYMENT_LIMIT_FEN: '500000' },
    });
    payClient = await soapClient(`${system.gatewayUrl}/ucrm/5.2.1?wsdl`);
    reverseClient = await soapClient(`${system.gatewayUrl}/ucrm/6.2.1?wsdl`);
  });
  after(() => system.close());
  afterEach(() => {
    clock.offsetMs = 0;
  });

  let next = 0;
  /** A fresh active account of `province` for each test, so tests do not share balances. */
  const freshAccount = (province = '51') => {
    const active = system.mocks.books
      .get(province)!
      .list()
      .filter((a) => a.userStatus === '0' && a.serviceNumber.startsWith('1'));
    return active[next++ % active.length];
  };
  const balanceOf = (province: string, number: string) => system.mocks.books.get(province)!.find(number)!.balance;
  const ledgerSize = (province: string) => system.mocks.books.get(province)!.ledger.size;

  const payHead = (number: string, sender = '36', extra: Partial<MessageHead> = {}) => provinceHead('5.2.1', sender, { type: '01', value: number }, extra);
  const pay = (number: string, amount: number, opts: { sender?: string; collect?: string; head?: MessageHead; payTime?: string } = {}) => {
    const sender = opts.sender ?? '36';
    const head = opts.head ?? payHead(number, sender);
    const payTime = opts.payTime ?? cstTimestamp();
    return callWithHead(payClient, 'RemotePay', head, {
      ServiceNumber: number,
      CollectProvince: opts.collect ?? sender,
      PayAmount: amount,
      PayTime: payTime,
    }).then((r) => ({ ...r, sent: head, payTime }));
  };
  const reverse = (number: string, origTransIdO: string, amount: number, opts: { sender?: string; collect?: string } = {}) => {
    const sender = opts.sender ?? '36';
    return callWithHead(reverseClient, 'RemotePayReverse', provinceHead('6.2.1', sender, { type: '01', value: number }), {
      ServiceNumber: number,
      CollectProvince: opts.collect ?? sender,
      OrigTransIDO: origTransIdO,
      ReverseAmount: amount,
      ReverseTime: cstTimestamp(),
    });
  };

  describe('payment', () => {
    it('credits the home account once and answers 0000 with TransIDH, home serial and balance after', async () => {
      const a = freshAccount();
      const before = balanceOf('51', a.serviceNumber);
      const { head, body, sent } = await pay(a.serviceNumber, 5000);
      expect(head.RspCode).to.equal('0000');
      expect(head.TransIDH).to.match(TRANSIDH_FORMAT);
      expect(body.HomeSerial).to.be.a('string').and.not.empty;
      expect(Number(body.BalanceAfter)).to.equal(before + 5000 - Math.min(a.arrears, 5000));
      expect(balanceOf('51', a.serviceNumber)).to.equal(Number(body.BalanceAfter));
      const stored = await payments().bySenderTransIdO('BILL36', sent.TransIDO);
      expect(stored).to.include({ state: 'SUCCESS', transIdH: head.TransIDH, amount: 5000, homeProvince: '51', collectProvince: '36' });
    });

    it('shows the new balance to a remote query afterwards', async () => {
      const a = freshAccount('17');
      const { body } = await pay(a.serviceNumber, 1234);
      const query = await soapClient(`${system.gatewayUrl}/ucrm/4.2.1?wsdl`);
      const q = await callWithHead(query, 'QueryRemoteAccount', provinceHead('4.2.1', '36', { type: '01', value: a.serviceNumber }), {
        ServiceNumber: a.serviceNumber,
        CollectProvince: '36',
      });
      expect(String((q.body.AccountInfo as Record<string, unknown>).Balance)).to.equal(String(body.BalanceAfter));
    });

    it('answers 2002 for a zero, negative or over-limit amount and pays nothing', async () => {
      const a = freshAccount();
      const ledger = ledgerSize('51');
      for (const amount of [0, -100, 500001]) expect((await pay(a.serviceNumber, amount)).head.RspCode).to.equal('2002');
      expect(ledgerSize('51')).to.equal(ledger);
    });

    it('answers 1004 when the collecting province is the home province, 1001 for an unknown segment', async () => {
      const a = freshAccount();
      expect((await pay(a.serviceNumber, 100, { sender: '51' })).head.RspCode).to.equal('1004');
      expect((await pay('13099990001', 100)).head.RspCode).to.equal('1001');
    });

    it("relays the home province's 1002 for an unknown user and records the payment FAILED", async () => {
      const { head, sent } = await pay('13051009999', 100);
      expect(head.RspCode).to.equal('1002');
      expect((await payments().bySenderTransIdO('BILL36', sent.TransIDO))?.state).to.equal('FAILED');
    });

    it('replays the first answer for the same TransIDO and content, and never pays twice', async () => {
      const a = freshAccount();
      const first = await pay(a.serviceNumber, 700);
      const ledger = ledgerSize('51');
      const again = await pay(a.serviceNumber, 700, { head: { ...first.sent, ProcessTime: cstTimestamp() }, payTime: first.payTime });
      expect(again.head.RspCode).to.equal('0000');
      expect(again.head.TransIDH).to.equal(first.head.TransIDH);
      expect(again.body).to.deep.equal(first.body);
      expect(ledgerSize('51')).to.equal(ledger);
    });

    it('answers 2001 for the same TransIDO with other content', async () => {
      const a = freshAccount();
      const first = await pay(a.serviceNumber, 800);
      const other = await pay(a.serviceNumber, 801, { head: { ...first.sent }, payTime: first.payTime });
      expect(other.head.RspCode).to.equal('2001');
      expect(balanceOf('51', a.serviceNumber)).to.equal(Number(first.body.BalanceAfter));
    });

    it('pays once for 50 identical requests arriving at the same moment, with 50 identical answers', async () => {
      const a = freshAccount('34');
      const before = balanceOf('34', a.serviceNumber);
      const ledger = ledgerSize('34');
      const head = payHead(a.serviceNumber);
      const payTime = cstTimestamp();
      const clients = await Promise.all(Array.from({ length: 5 }, () => soapClient(`${system.gatewayUrl}/ucrm/5.2.1?wsdl`)));
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          callWithHead(clients[i % 5], 'RemotePay', head, { ServiceNumber: a.serviceNumber, CollectProvince: '36', PayAmount: 2500, PayTime: payTime }),
        ),
      );
      expect(ledgerSize('34') - ledger, 'credits at the home province').to.equal(1);
      expect(balanceOf('34', a.serviceNumber)).to.equal(before + 2500 - Math.min(a.arrears, 2500));
      const shapes = new Set(answers.map((r) => JSON.stringify({ code: r.head.RspCode, h: r.head.TransIDH, body: r.body })));
      expect(shapes.size, [...shapes].join('\n')).to.equal(1);
      expect(answers[0].head.RspCode).to.equal('0000');
    });

    it('answers 3001 and records FAILED when the home province is down, and 3001 on a province fault', async () => {
      const down = system.mocks.books.get('89')!.list()[0];
      const r = await pay(down.serviceNumber, 100);
      expect(r.head.RspCode).to.equal('3001');
      expect((await payments().bySenderTransIdO('BILL36', r.sent.TransIDO))?.state).to.equal('FAILED');
      const a = freshAccount();
      const ledger = ledgerSize('51');
      system.mocks.misbehave('51', '5.2.2', { kind: 'fault', times: 1 });
      expect((await pay(a.serviceNumber, 100)).head.RspCode).to.equal('3001');
      expect(ledgerSize('51')).to.equal(ledger);
    });

    it('answers 3002 on a timeout after sending, leaves the payment PENDING, and the resolver settles it by re-sending the same TransIDH', async () => {
      const a = freshAccount('76');
      const before = balanceOf('76', a.serviceNumber);
      system.mocks.misbehave('76', '5.2.2', { kind: 'answer-late', ms: 800, times: 1 });
      const first = await pay(a.serviceNumber, 3300);
      expect(first.head.RspCode).to.equal('3002');
      const pending = await payments().bySenderTransIdO('BILL36', first.sent.TransIDO);
      expect(pending?.state).to.equal('PENDING');
      let settled = pending;
      for (let i = 0; i < 100 && settled?.state === 'PENDING'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        settled = await payments().bySenderTransIdO('BILL36', first.sent.TransIDO);
      }
      expect(settled?.state).to.equal('SUCCESS');
      expect(settled!.attempts).to.be.greaterThan(1);
      const outbound = system.records.filter((r) => r.direction === 'outbound' && r.interfaceNumber === '5.2.2' && r.transIdH === pending!.transIdH);
      expect(outbound.length, 'sends of the same TransIDH').to.be.greaterThan(1);
      expect(balanceOf('76', a.serviceNumber), 'credited once').to.equal(before + 3300 - Math.min(a.arrears, 3300));
      const asked = await pay(a.serviceNumber, 3300, { head: { ...first.sent }, payTime: first.payTime });
      expect(asked.head.RspCode).to.equal('0000');
      expect(asked.body.HomeSerial).to.equal(settled!.homeSerial);
    });
  });

  describe('reversal', () => {
    const paid = async (province = '51', amount = 4000) => {
      const a = freshAccount(province);
      const r = await pay(a.serviceNumber, amount);
      expect(r.head.RspCode).to.equal('0000');
      return { account: a, transIdO: r.sent.TransIDO, balanceBefore: Number(r.body.BalanceAfter) - amount, amount };
    };

    /** One reversal of `p` from 36, as its copies would send it again. */
    const reversalRequest = (p: Awaited<ReturnType<typeof paid>>) => ({
      head: provinceHead('6.2.1', '36', { type: '01', value: p.account.serviceNumber }),
      body: { ServiceNumber: p.account.serviceNumber, CollectProvince: '36', OrigTransIDO: p.transIdO, ReverseAmount: p.amount, ReverseTime: cstTimestamp() },
    });

    it('reverses a payment of today in full and restores the home balance', async () => {
      const p = await paid();
      const { head, body } = await reverse(p.account.serviceNumber, p.transIdO, p.amount);
      expect(head.RspCode).to.equal('0000');
      expect(body.OrigTransIDH).to.match(TRANSIDH_FORMAT);
      expect(Number(body.BalanceAfter)).to.equal(balanceOf('51', p.account.serviceNumber));
      const stored = await payments().bySenderTransIdO('BILL36', p.transIdO);
      expect(stored?.state).to.equal('REVERSED');
    });

    it("answers 2003 for an unknown original, and for another sender's payment", async () => {
      const p = await paid();
      expect((await reverse(p.account.serviceNumber, uniqueId('X'), p.amount)).head.RspCode).to.equal('2003');
      expect((await reverse(p.account.serviceNumber, p.transIdO, p.amount, { sender: '17' })).head.RspCode).to.equal('2003');
    });

    it('answers 2004 for a payment already reversed', async () => {
      const p = await paid();
      expect((await reverse(p.account.serviceNumber, p.transIdO, p.amount)).head.RspCode).to.equal('0000');
      expect((await reverse(p.account.serviceNumber, p.transIdO, p.amount)).head.RspCode).to.equal('2004');
    });

    it('answers 2005 for another amount, another collecting province, or another accounting day', async () => {
      const p = await paid();
      expect((await reverse(p.account.serviceNumber, p.transIdO, p.amount - 1)).head.RspCode).to.equal('2005');
      expect((await reverse(p.account.serviceNumber, p.transIdO, p.amount, { collect: '17' })).head.RspCode).to.equal('2005');
      clock.offsetMs = DAY;
      expect((await reverse(p.account.serviceNumber, p.transIdO, p.amount)).head.RspCode).to.equal('2005');
      clock.offsetMs = 0;
      expect((await payments().bySenderTransIdO('BILL36', p.transIdO))?.state).to.equal('SUCCESS');
    });

    it('answers 3002 when the reversal times out, and the resolver completes it with the same TransIDH', async () => {
      const p = await paid('74', 2100);
      system.mocks.misbehave('74', '6.2.2', { kind: 'answer-late', ms: 800, times: 1 });
      const first = await reverse(p.account.serviceNumber, p.transIdO, p.amount);
      expect(first.head.RspCode).to.equal('3002');
      let stored = await payments().bySenderTransIdO('BILL36', p.transIdO);
      expect(stored?.state).to.equal('REVERSING');
      for (let i = 0; i < 100 && stored?.state === 'REVERSING'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        stored = await payments().bySenderTransIdO('BILL36', p.transIdO);
      }
      expect(stored?.state).to.equal('REVERSED');
      expect(balanceOf('74', p.account.serviceNumber), 'reversed once').to.equal(p.balanceBefore);
    });

    it("answers 10 copies of one reversal (same TransIDO), sent at once while the home province is slow, each with the winner's answer", async () => {
      const p = await paid('30', 3100);
      system.mocks.misbehave('30', '6.2.2', { kind: 'answer-late', ms: 250, times: 1 });
      const { head, body } = reversalRequest(p);
      const answers = await Promise.all(Array.from({ length: 10 }, () => callWithHead(reverseClient, 'RemotePayReverse', head, body)));
      const shapes = new Set(answers.map((r) => JSON.stringify({ code: r.head.RspCode, h: r.head.TransIDH, body: r.body })));
      expect([...shapes], 'one answer for all copies').to.have.length(1);
      expect(answers[0].head.RspCode).to.equal('0000');
      expect(balanceOf('30', p.account.serviceNumber), 'reversed once').to.equal(p.balanceBefore);
      const late = await callWithHead(reverseClient, 'RemotePayReverse', { ...head, ProcessTime: cstTimestamp() }, body);
      expect(JSON.stringify({ code: late.head.RspCode, h: late.head.TransIDH, body: late.body })).to.equal([...shapes][0]);
    });

    it("answers a copy of a refused reversal with that refusal, not with another reversal's outcome", async () => {
      const p = await paid('31', 1700);
      system.mocks.misbehave('31', '6.2.2', { kind: 'fault', times: 1 });
      const { head, body } = reversalRequest(p);
      const refused = await callWithHead(reverseClient, 'RemotePayReverse', head, body);
      expect(refused.head.RspCode).to.equal('3001');
      expect((await reverse(p.account.serviceNumber, p.transIdO, p.amount)).head.RspCode, 'another reversal may then succeed').to.equal('0000');
      const copy = await callWithHead(reverseClient, 'RemotePayReverse', head, body);
      expect({ code: copy.head.RspCode, h: copy.head.TransIDH }).to.deep.equal({ code: '3001', h: refused.head.TransIDH });
    });

    it('lets exactly one of 10 concurrent reversals of one payment succeed', async () => {
      const p = await paid('38', 6000);
      const balance = balanceOf('38', p.account.serviceNumber);
      const answers = await Promise.all(Array.from({ length: 10 }, () => reverse(p.account.serviceNumber, p.transIdO, p.amount)));
      const codes = answers.map((r) => r.head.RspCode).sort();
      expect(codes.filter((c) => c === '0000')).to.have.length(1);
      expect(codes.filter((c) => c === '2004')).to.have.length(9);
      expect(balanceOf('38', p.account.serviceNumber)).to.equal(balance - p.amount);
    });
  });
});
