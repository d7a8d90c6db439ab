/**
 * 6.2.1 copies of a reversal in progress (the record put in the store as another instance's
 * first send left it): a copy waits, bounded by the duplicate wait (PROVINCE_TIMEOUT_MS + 1 s
 * here), for the outcome read from the record, then answers 3002 with the payment's TransIDH;
 * it is never answered with a refusal that is not its own reversal's current outcome. And a
 * reversal whose claim keeps being lost gives up after three looks with 2004.
 */
import { expect } from 'chai';
import * as soap from 'soap';
import { cstTimestamp } from '../../domain/cst-time';
import { createMemoryStore } from '../../store/memory/memory-store';
import { provinceHead } from '../../../test/support/heads';
import { soapClient } from '../../../test/support/soap-client';
import { RunningSystem, startSystem } from '../../../test/support/system';
import { storeWithPayments } from './meeting-payments';
import { PaymentRecord, PaymentRepository } from './payment-port';
import { PAYMENT_RECORDS } from './payment-store';
import { paidToday, reversalInProgress, reverse } from './reverse-test-support';

const ENV = { PROVINCE_TIMEOUT_MS: '200', RESOLVER_INTERVAL_MS: '3600000' };

describe('6.2.1 reversal: a copy of a reversal in progress', function () {
  this.timeout(30000);
  let system: RunningSystem;
  let client: soap.Client;
  const store = createMemoryStore();
  const payments = () => store.records(PAYMENT_RECORDS);

  // What another instance does "meanwhile" is done when the waiting copy reads the record
  // again, so the copy is sure to be waiting by then, however slow the machine.
  let onReread: (() => Promise<unknown>) | undefined;
  before(async () => {
    const inner = store.records(PAYMENT_RECORDS);
    const rereading = Object.assign(Object.create(inner) as PaymentRepository, {
      byTransIdH: async (transIdH: string) => {
        const change = onReread;
        onReread = undefined;
        await change?.();
        return inner.byTransIdH(transIdH);
      },
    });
    system = await startSystem({ store: await storeWithPayments(store, rereading), env: ENV });
    client = await soapClient(`${system.gatewayUrl}/ucrm/6.2.1?wsdl`);
  });
  after(async () => {
    await system.close();
    await store.close();
  });
  afterEach(() => (onReread = undefined));

  let n = 0;
  /** A payment REVERSING under the reversal of `head` (another instance sent its 6.2.2), and what a copy of that reversal sends. */
  const inProgress = async (extra: Partial<PaymentRecord> = {}) => {
    const number = `1305100${String(++n).padStart(4, '0')}`;
    const head = provinceHead('6.2.1', '36', { type: '01', value: number });
    const reverseTime = cstTimestamp();
    const reversal = reversalInProgress(head, reverseTime);
    const p = paidToday(number, { state: 'REVERSING', reversal, ...extra });
    await payments().insertIfAbsent(p);
    return { p, head, reversal, copy: () => reverse(client, head, p, reverseTime) };
  };

  it("a copy still unsettled after the duplicate wait is answered 3002 under the reversal's TransIDH, with the payment's TransIDH", async () => {
    const { p, reversal, copy } = await inProgress();
    const answer = await copy();
    expect(answer.head).to.include({ RspCode: '3002', TransIDH: reversal.transIdH });
    expect(answer.head.RspDesc).to.contain('in progress');
    expect(answer.body).to.deep.include({ ServiceNumber: p.serviceNumber, OrigTransIDH: p.transIdH });
  });

  it('a copy takes the outcome recorded while it waits: the reversal done meanwhile is answered 0000 with its serial', async () => {
    const { p, reversal, copy } = await inProgress();
    onReread = () => payments().transition(p.transIdH, ['REVERSING'], { state: 'REVERSED', reversal: { ...reversal, homeSerial: 'HS-R', balanceAfter: 10 } });
    const answer = await copy();
    expect(onReread, 'the copy read the record again while waiting').to.equal(undefined);
    expect(answer.head).to.include({ RspCode: '0000', TransIDH: reversal.transIdH });
    expect(answer.body).to.deep.include({ OrigTransIDH: p.transIdH, HomeSerial: 'HS-R' });
  });

  it("a copy waiting for its reversal is not answered with another reversal's refusal recorded meanwhile", async () => {
    const { p, copy } = await inProgress();
    const other = { sender: 'BILL36', transIdO: 'O-OTHER', transIdH: 'RH-OTHER', answer: { rspCode: '2005', rspDesc: 'not yours', body: {} } };
    onReread = () => payments().transition(p.transIdH, ['REVERSING'], { state: 'SUCCESS', reversal: undefined, refusedReversal: other });
    const answer = await copy();
    expect(onReread, 'the copy read the record again while waiting').to.equal(undefined);
    expect(answer.head.RspCode).to.equal('3002');
    expect(answer.head.TransIDH).not.to.equal('RH-OTHER');
  });

  it('a reversal in progress again after an earlier refusal under its own TransIDO: a copy waits for it (3002), not told the old refusal', async () => {
    const number = '13051009901';
    const head = provinceHead('6.2.1', '36', { type: '01', value: number });
    const reverseTime = cstTimestamp();
    const reversal = reversalInProgress(head, reverseTime);
    const refusedReversal = {
      sender: head.MsgSender,
      transIdO: head.TransIDO,
      transIdH: 'RH-EARLIER',
      answer: { rspCode: '2005', rspDesc: 'refused earlier', body: {} },
    };
    const p = paidToday(number, { state: 'REVERSING', reversal, refusedReversal });
    await payments().insertIfAbsent(p);
    const answer = await reverse(client, head, p, reverseTime);
    expect(answer.head).to.include({ RspCode: '3002', TransIDH: reversal.transIdH });
  });
});

describe('6.2.1 reversal: a claim that keeps being lost', function () {
  this.timeout(30000);

  it('a reversal whose claim is lost three times, the payment still looking reversible, is refused 2004 after three tries', async () => {
    const store = createMemoryStore();
    const inner = store.records(PAYMENT_RECORDS);
    const claims: string[] = [];
    // Every claim (SUCCESS → REVERSING) is lost, as when other reversals win and are refused in turn.
    const losing = Object.assign(Object.create(inner) as PaymentRepository, {
      transition: (transIdH: string, from: PaymentRecord['state'][], ...rest: [Partial<PaymentRecord>, number?]) =>
        from.includes('SUCCESS') ? (claims.push(transIdH), Promise.resolve(undefined)) : inner.transition(transIdH, from, ...rest),
    });
    const system = await startSystem({ store: await storeWithPayments(store, losing), env: ENV });
    try {
      const p = paidToday('13051009902');
      await inner.insertIfAbsent(p);
      const client = await soapClient(`${system.gatewayUrl}/ucrm/6.2.1?wsdl`);
      const answer = await reverse(client, provinceHead('6.2.1', '36', { type: '01', value: p.serviceNumber }), p, cstTimestamp());
      expect(answer.head.RspCode).to.equal('2004');
      expect(answer.head.RspDesc).to.contain(p.transIdO);
      expect(claims).to.deep.equal([p.transIdH, p.transIdH, p.transIdH]);
    } finally {
      await system.close();
      await store.close();
    }
  });
});
