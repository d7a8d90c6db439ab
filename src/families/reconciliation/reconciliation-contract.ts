/**
 * Contract of the reconciliation family's records and of a reconciliation run at store
 * level: check records stored per batch (replaced, refused across batches, streamed in
 * payment order), HQ's day streamed in TransIDO order, each difference kind classified as
 * what it is, results re-written without double effects, a batch after a run making the
 * date stale. Run on every store adapter by reconciliation.test.ts.
 */
import { expect } from 'chai';
import type { ContractContext } from '../../../test/store/store-contract';
import { payment } from '../payment/payment-fixtures';
import { PaymentRecord } from '../payment/payment-port';
import { PAYMENT_RECORDS } from '../payment/payment-store';
import { noteBatchAccepted } from './check-days';
import { CheckRecord } from './check-record-port';
import { CHECK_RECORDS } from './check-record-store';
import { ReconcileDeps, reconcileCheckDate } from './reconcile';
import { markResultStale, readResult } from './results';
import { checkDateStates } from './status';

const DAY = '20240301';
let sequence = 0;

export function checkRecord(overrides: Partial<CheckRecord> = {}): CheckRecord {
  const transIdO = overrides.transIdO ?? `C${String(++sequence).padStart(6, '0')}`;
  return {
    checkDate: DAY,
    collectProvince: '11',
    batchNo: 1,
    paymentKey: transIdO,
    recordType: 'PAY',
    transIdO,
    serviceNumber: '13000000001',
    homeProvince: '36',
    amount: 5000,
    tradeTime: '20240301160000',
    ...overrides,
  };
}

/** The province's PAY record of an HQ payment. */
const payOf = (p: PaymentRecord, overrides: Partial<CheckRecord> = {}) =>
  checkRecord({ transIdO: p.transIdO, paymentKey: p.transIdO, transIdH: p.transIdH, amount: p.amount, homeProvince: p.homeProvince, ...overrides });
const reverseOf = (p: PaymentRecord) =>
  checkRecord({
    transIdO: `R${p.transIdO}`,
    paymentKey: p.transIdO,
    recordType: 'REVERSE',
    origTransIdO: p.transIdO,
    amount: p.amount,
    homeProvince: p.homeProvince,
  });

function depsOf(ctx: ContractContext): ReconcileDeps {
  const store = ctx.store();
  return { store, payments: store.records(PAYMENT_RECORDS), records: store.records(CHECK_RECORDS), maxListedDiffs: 100 };
}

export function describeReconciliationContract(ctx: ContractContext): void {
  describe('check records', function () {
    it('stores a batch, replaces it when stored again, and streams the day in payment order (a reversal under its payment)', async () => {
      const records = ctx.store().records(CHECK_RECORDS);
      const b = checkRecord({ transIdO: 'B1' });
      const a = checkRecord({ transIdO: 'A1' });
      const reverseOfB = checkRecord({ transIdO: 'Z9', paymentKey: 'B1', recordType: 'REVERSE', origTransIdO: 'B1' });
      expect(await records.putBatch(DAY, '11', 1, [b, reverseOfB])).to.deep.equal({ stored: true });
      expect(await records.putBatch(DAY, '11', 2, [a])).to.deep.equal({ stored: true });
      expect(await records.putBatch(DAY, '11', 2, [a])).to.deep.equal({ stored: true });
      const streamed: string[] = [];
      for await (const r of records.streamDay(DAY, '11')) streamed.push(r.transIdO);
      expect(streamed).to.deep.equal(['A1', 'B1', 'Z9']);
      expect(await records.count(DAY, '11')).to.equal(3);
      expect(await records.provincesOf(DAY)).to.deep.equal(['11']);
    });

    it('refuses, storing nothing, a record already uploaded in another batch', async () => {
      const records = ctx.store().records(CHECK_RECORDS);
      const first = checkRecord({ collectProvince: '31' });
      await records.putBatch(DAY, '31', 1, [first]);
      const outcome = await records.putBatch(DAY, '31', 2, [checkRecord({ collectProvince: '31' }), { ...first, batchNo: 2 }]);
      expect(outcome).to.deep.equal({ stored: false, clash: { transIdO: first.transIdO, recordType: 'PAY', batchNo: 1 } });
      expect(await records.count(DAY, '31')).to.equal(1);
    });
  });

  describe('reconciling a check date', function () {
    it('classifies each difference as what it is and nothing else', async () => {
      const deps = depsOf(ctx);
      const hq = (o: Partial<PaymentRecord>) => payment({ accountingDate: DAY, state: 'SUCCESS', attempts: 1, ...o });
      const matched = hq({ transIdO: 'T01' });
      const reversedBoth = hq({ transIdO: 'T02', state: 'REVERSED' });
      const hqOnly = hq({ transIdO: 'T03' });
      const amountDiffers = hq({ transIdO: 'T04', amount: 7000 });
      const reversedAtHqOnly = hq({ transIdO: 'T05', state: 'REVERSED' });
      const resolvedLater = hq({ transIdO: 'T06', attempts: 3 });
      const failedUnlisted = hq({ transIdO: 'T07', state: 'FAILED' });
      const otherProvince = hq({ transIdO: 'T08', collectProvince: '31', sender: 'BILL31' });
      for (const p of [matched, reversedBoth, hqOnly, amountDiffers, reversedAtHqOnly, resolvedLater, failedUnlisted, otherProvince])
        await deps.payments.insertIfAbsent(p);
      const provinceOnly = checkRecord({ transIdO: 'T00' });
      const uploaded = [
        payOf(matched),
        payOf(reversedBoth),
        reverseOf(reversedBoth),
        payOf(amountDiffers, { amount: 7001 }),
        payOf(reversedAtHqOnly),
        payOf(resolvedLater),
        provinceOnly,
      ];
      await deps.records.putBatch(DAY, '11', 1, uploaded);

      const outcome = await reconcileCheckDate(deps, DAY, 'run-1');
      const result = outcome.results.find((r) => r.collectProvince === '11')!;
      expect(result.differences.map((d) => [d.transIdO, d.kind])).to.deep.equal([
        ['T00', 'PROVINCE_ONLY'],
        ['T03', 'HQ_ONLY'],
        ['T04', 'AMOUNT_MISMATCH'],
        ['T05', 'STATE_MISMATCH'],
        ['T06', 'PENDING_RESOLVED'],
      ]);
      expect(result.matched).to.deep.equal({ count: 2, amount: matched.amount });
      expect(result.byKind.AMOUNT_MISMATCH).to.deep.equal({ count: 1, amount: 7000 });
      expect(result.differences[3]).to.include({ hqState: 'REVERSED', provinceState: 'SUCCESS' });
      expect(outcome.results.map((r) => r.collectProvince)).to.deep.equal(['11', '31']);
      expect(outcome.results[1].byKind.HQ_ONLY.count).to.equal(1);
    });

    it('re-runs without double effects, and a batch after the run makes the date stale until the next', async () => {
      const deps = depsOf(ctx);
      const day = '20240302';
      const p = payment({ accountingDate: day, state: 'SUCCESS', attempts: 1 });
      await deps.payments.insertIfAbsent(p);
      await deps.records.putBatch(day, '11', 1, [payOf(p, { checkDate: day })]);
      await noteBatchAccepted(deps.store, day, new Date());
      expect((await checkDateStates(deps.store, [day])).get(day)).to.equal('unreconciled');

      await reconcileCheckDate(deps, day, 'run-1');
      await reconcileCheckDate(deps, day, 'run-2');
      const result = await readResult(deps.store, day, '11');
      expect(result).to.deep.include({ state: 'current', runId: 'run-2', matched: { count: 1, amount: p.amount } });
      expect((await checkDateStates(deps.store, [day, '20240303'])).get(day)).to.equal('reconciled');

      await noteBatchAccepted(deps.store, day, new Date());
      await markResultStale(deps.store, day, '11');
      expect(await checkDateStates(deps.store, [day, '20240303'])).to.deep.equal(
        new Map([
          [day, 'stale'],
          ['20240303', 'unreconciled'],
        ]),
      );
      expect((await readResult(deps.store, day, '11'))!.state).to.equal('stale');
      await reconcileCheckDate(deps, day, 'run-3');
      expect((await checkDateStates(deps.store, [day])).get(day)).to.equal('reconciled');
    });
  });
}
