/**
 * The races the payment records must decide, with two gateway instances on one store and
 * the interleaving forced (meeting-payments.ts): both requests read "absent", "SUCCESS" or
 * "due" before either writes, so the unique key (sender, TransIDO) and the conditional
 * updates — not the order requests happened to arrive in — decide who pays, who reverses
 * and who re-sends. In memory, and on MongoDB (MONGODB_URI) with requests truly concurrent.
 */
import { expect } from 'chai';
import * as soap from 'soap';
import { cstTimestamp } from '../../domain/cst-time';
import { FAMILIES, recordKindsOf } from '..';
import { createMemoryStore } from '../../store/memory/memory-store';
import { createMongoStore } from '../../store/mongo/mongo-store';
import { Store } from '../../store/ports';
import { mongoUriOrStandIn, TestDatabases } from '../../../test/store/mongo-test-db';
import { provinceHead } from '../../../test/support/heads';
import { callWithHead, soapClient } from '../../../test/support/soap-client';
import { RunningSystem, startSystem } from '../../../test/support/system';
import { MeetingPayments, storeWithPayments } from './meeting-payments';
import { payment } from './payment-fixtures';
import { PAYMENT_RECORDS } from './payment-store';
import { RESOLVER_JOB } from './pending-resolver';

const ENV = { PROVINCE_TIMEOUT_MS: '1500', RESOLVER_INTERVAL_MS: '3600000', RESOLVER_BASE_DELAY_MS: '1000', RESOLVER_MAX_DELAY_MS: '4000' };

function describeRaces(adapter: string, open: () => Promise<{ store: Store; dispose(): Promise<void> }>): void {
  describe(`payment races between two gateway instances (${adapter})`, function () {
    this.timeout(30000);
    let dispose: () => Promise<void>;
    let meeting: MeetingPayments;
    let a: RunningSystem;
    let b: RunningSystem;
    let store: Store;

    beforeEach(async () => {
      ({ store, dispose } = await open());
      meeting = new MeetingPayments(store.records(PAYMENT_RECORDS));
      const shared = await storeWithPayments(store, meeting);
      // Two instances on one database need ids of their own, or their TransIDHs could meet (INSTANCE_ID, ARCHITECTURE.md).
      a = await startSystem({ store: shared, env: { ...ENV, INSTANCE_ID: 'A1' } });
      b = await startSystem({ store: shared, env: { ...ENV, INSTANCE_ID: 'B2' }, mocksOf: a });
    });
    afterEach(async () => {
      await b.close();
      await a.close();
      await dispose();
    });

    const book = (province: string) => a.mocks.books.get(province)!;
    const activeIn = (province: string, index: number) =>
      book(province)
        .list()
        .filter((x) => x.userStatus === '0')[index];
    const client = (system: RunningSystem, number: string): Promise<soap.Client> => soapClient(`${system.gatewayUrl}/ucrm/${number}?wsdl`);
    const pay = async (system: RunningSystem, head: ReturnType<typeof provinceHead>, number: string, amount: number, payTime: string) =>
      callWithHead(await client(system, '5.2.1'), 'RemotePay', head, { ServiceNumber: number, CollectProvince: '36', PayAmount: amount, PayTime: payTime });
    const reverse = async (system: RunningSystem, number: string, origTransIdO: string, amount: number) => {
      const head = provinceHead('6.2.1', '36', { type: '01', value: number });
      const answer = await callWithHead(await client(system, '6.2.1'), 'RemotePayReverse', head, {
        ServiceNumber: number,
        CollectProvince: '36',
        OrigTransIDO: origTransIdO,
        ReverseAmount: amount,
        ReverseTime: cstTimestamp(),
      });
      return { ...answer, sent: head };
    };
    const sendsOf = (interfaceNumber: string, transIdH: string) =>
      [...a.records, ...b.records].filter((r) => r.direction === 'outbound' && r.interfaceNumber === interfaceNumber && r.transIdH === transIdH);

    it('a duplicate payment racing its original on another instance loses at the unique key: credited once, both answered alike', async () => {
      const account = activeIn('51', 0);
      const ledger = book('51').ledger.size;
      const head = provinceHead('5.2.1', '36', { type: '01', value: account.serviceNumber });
      const payTime = cstTimestamp();
      const met = meeting.meetAt('insertIfAbsent', 2);
      const answers = await Promise.all([pay(a, head, account.serviceNumber, 1200, payTime), pay(b, head, account.serviceNumber, 1200, payTime)]);
      expect(met(), 'both requests reached the insert before either inserted').to.equal(true);
      expect([...meeting.inserts].sort(), 'one insert won, one met the unique key').to.deep.equal([false, true]);
      expect(book('51').ledger.size - ledger, 'credits at the home province').to.equal(1);
      expect(answers.map((r) => r.head.RspCode)).to.deep.equal(['0000', '0000']);
      expect(answers[1].head.TransIDH).to.equal(answers[0].head.TransIDH);
      expect(answers[1].body).to.deep.equal(answers[0].body);
      const stored = await store.records(PAYMENT_RECORDS).bySenderTransIdO('BILL36', head.TransIDO);
      expect(stored).to.include({ state: 'SUCCESS', transIdH: answers[0].head.TransIDH, amount: 1200 });
    });

    it('a duplicate racing its original on the same instance loses at the unique key and gets the original’s answer: credited once', async () => {
      const account = activeIn('51', 2);
      const ledger = book('51').ledger.size;
      const head = provinceHead('5.2.1', '36', { type: '01', value: account.serviceNumber });
      const payTime = cstTimestamp();
      const met = meeting.meetAt('insertIfAbsent', 2);
      const answers = await Promise.all([pay(a, head, account.serviceNumber, 1250, payTime), pay(a, head, account.serviceNumber, 1250, payTime)]);
      expect(met()).to.equal(true);
      expect([...meeting.inserts].sort()).to.deep.equal([false, true]);
      expect(book('51').ledger.size - ledger).to.equal(1);
      expect(new Set(answers.map((r) => JSON.stringify([r.head.RspCode, r.head.TransIDH, r.body]))).size, 'one answer for both').to.equal(1);
      expect(answers[0].head.RspCode).to.equal('0000');
    });

    it('a racing request under the same TransIDO with other content loses at the unique key and gets 2001, paying nothing', async () => {
      const account = activeIn('51', 1);
      const ledger = book('51').ledger.size;
      const head = provinceHead('5.2.1', '36', { type: '01', value: account.serviceNumber });
      const payTime = cstTimestamp();
      const met = meeting.meetAt('insertIfAbsent', 2);
      const answers = await Promise.all([pay(a, head, account.serviceNumber, 1300, payTime), pay(b, head, account.serviceNumber, 1301, payTime)]);
      expect(met()).to.equal(true);
      expect(answers.map((r) => r.head.RspCode).sort()).to.deep.equal(['0000', '2001']);
      expect(book('51').ledger.size - ledger).to.equal(1);
      const stored = await store.records(PAYMENT_RECORDS).bySenderTransIdO('BILL36', head.TransIDO);
      const winner = answers.find((r) => r.head.RspCode === '0000')!;
      expect(stored).to.include({ state: 'SUCCESS', transIdH: winner.head.TransIDH });
    });

    it('of two reversals that both read the payment SUCCESS, one claims it and reverses once; the other gets 2004', async () => {
      const account = activeIn('38', 0);
      const head = provinceHead('5.2.1', '36', { type: '01', value: account.serviceNumber });
      expect((await pay(a, head, account.serviceNumber, 2000, cstTimestamp())).head.RspCode).to.equal('0000');
      const balance = book('38').find(account.serviceNumber)!.balance;
      const met = meeting.meetAt('bySenderTransIdO', 2);
      const answers = await Promise.all([reverse(a, account.serviceNumber, head.TransIDO, 2000), reverse(b, account.serviceNumber, head.TransIDO, 2000)]);
      expect(met(), 'both reversals read the payment before either claimed it').to.equal(true);
      expect(answers.map((r) => r.head.RspCode).sort()).to.deep.equal(['0000', '2004']);
      const reversals = [...book('38').ledger.values()].filter((e) => e.kind === 'REVERSE' && e.serviceNumber === account.serviceNumber);
      expect(reversals, 'debits at the home province').to.have.length(1);
      expect(book('38').find(account.serviceNumber)!.balance).to.equal(balance - 2000);
      const winner = answers.find((r) => r.head.RspCode === '0000')!;
      const stored = await store.records(PAYMENT_RECORDS).bySenderTransIdO('BILL36', head.TransIDO);
      expect(stored?.state).to.equal('REVERSED');
      expect(stored?.reversal).to.include({ sender: 'BILL36', transIdO: winner.sent.TransIDO, procId: winner.sent.ProcID, transIdH: winner.head.TransIDH });
    });

    it('the claim by attempt count keeps two instances that both found a payment due from re-sending it twice', async () => {
      const account = activeIn('17', 0);
      const pending = payment({
        sender: 'BILL36',
        collectProvince: '36',
        homeProvince: '17',
        serviceNumber: account.serviceNumber,
        amount: 900,
        attempts: 1,
        nextAttemptAt: new Date(Date.now() - 1000),
      });
      await store.records(PAYMENT_RECORDS).insertIfAbsent(pending);
      const met = meeting.meetAt('due', 2);
      await Promise.all([a.gateway.runNow(RESOLVER_JOB), b.gateway.runNow(RESOLVER_JOB)]);
      expect(met(), 'both resolver passes listed the payment as due').to.equal(true);
      expect(sendsOf('5.2.2', pending.transIdH), 're-sends of its TransIDH').to.have.length(1);
      const settled = await store.records(PAYMENT_RECORDS).byTransIdH(pending.transIdH);
      expect(settled).to.include({ state: 'SUCCESS', attempts: 2 });
      expect(book('17').ledger.get(pending.transIdH)?.amount, 'credited once').to.equal(900);
    });
  });
}

describeRaces('memory', async () => {
  const store = createMemoryStore();
  return { store, dispose: () => store.close() };
});

describe('payment races on MongoDB', () => {
  const uri = mongoUriOrStandIn('payment races on MongoDB');
  if (!uri) return;
  const databases = new TestDatabases(uri);
  after(() => databases.close());
  describeRaces('mongodb', async () => {
    const fresh = databases.fresh();
    const store = await createMongoStore(fresh, { records: recordKindsOf(FAMILIES) });
    return {
      store,
      dispose: async () => {
        await store.close();
        await databases.drop(fresh);
      },
    };
  });
});
