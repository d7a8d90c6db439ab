/**
 * The payment records on every store adapter: the contract (payments-contract.ts), the
 * memory adapter's bound, and what only the MongoDB adapter has (indexes, a strict schema).
 */
import { expect } from 'chai';
import { describeOnEveryStore } from '../../../test/store/each-store';
import { mongoUriOrStandIn, TestDatabases } from '../../../test/store/mongo-test-db';
import { rejectionOf } from '../../../test/store/store-fixtures';
import { isDuplicateKey } from '../../store/mongo/errors';
import { createMongoStore } from '../../store/mongo/mongo-store';
import { StoreUnavailableError } from '../../store/ports';
import { MemoryPayments, paymentLimitForHeap } from './memory-payments';
import { describePaymentsContract } from './payments-contract';
import { describePaymentsOrderContract } from './payments-order-contract';
import { describePaymentTotalsContract } from './payments-totals-contract';
import { payment } from './payment-fixtures';
import { PaymentRecord } from './payment-port';
import { PAYMENT_RECORDS } from './payment-store';
import { CHECK_RECORDS } from '../reconciliation/check-record-store';

describeOnEveryStore('payment records', [PAYMENT_RECORDS], [describePaymentsContract, describePaymentsOrderContract, describePaymentTotalsContract]);

describe('payment records in memory: the bound', () => {
  it('refuses new payments past its limit as store-unavailable, still answering duplicates', async () => {
    const payments = new MemoryPayments(3);
    const at = new Date('2026-01-01T00:00:00Z');
    const numbered = (n: number) => ({
      sender: 'BILL36',
      transIdO: `O${n}`,
      transIdH: `H${n}`,
      procId: 'P',
      testFlag: '1' as const,
      fingerprint: 'f',
      serviceNumber: '13051000001',
      collectProvince: '36',
      homeProvince: '51',
      amount: 100,
      payTime: '20260101080000',
      accountingDate: '20260101',
      state: 'PENDING' as const,
      attempts: 1,
      createdAt: at,
      updatedAt: at,
    });
    for (const n of [1, 2, 3]) expect((await payments.insertIfAbsent(numbered(n))).inserted).to.equal(true);
    await payments.insertIfAbsent(numbered(4)).then(
      () => expect.fail('expected a refusal'),
      (e) => expect(e).to.be.instanceOf(StoreUnavailableError).and.have.property('message').that.contains('MONGODB_URI'),
    );
    expect((await payments.insertIfAbsent(numbered(2))).inserted).to.equal(false);
  });
});

describe('payment records in memory: the default bound fits the heap', () => {
  const MB = 2 ** 20;
  it('holds 16,384 payments in the heap npm start sets (128 MB old space, 176 MB in all)', () => {
    expect(paymentLimitForHeap(176 * MB)).to.equal(16_384);
  });

  it('grows with the heap and never drops below 1,000', () => {
    expect(paymentLimitForHeap(1024 * MB)).to.be.greaterThan(200_000);
    expect(paymentLimitForHeap(64 * MB)).to.equal(1_000);
  });
});

describe('payment records on mongodb: specifics', function () {
  const uri = mongoUriOrStandIn('payment records on MongoDB: indexes and schema');
  if (uri) {
    const dbs = new TestDatabases(uri);
    after(() => dbs.close());
    const withStore = async (work: (store: Awaited<ReturnType<typeof createMongoStore>>, fresh: string) => Promise<void>) => {
      const fresh = dbs.fresh();
      const store = await createMongoStore(fresh, { records: [PAYMENT_RECORDS] });
      try {
        await work(store, fresh);
      } finally {
        await store.close();
        await dbs.drop(fresh);
      }
    };

    it('creates its indexes when the store is created, the unique ones unique', () =>
      withStore(async (_store, fresh) => {
        const indexes = await dbs.indexes(fresh);
        expect(indexes.payments).to.deep.include({ key: { sender: 1, transIdO: 1 }, unique: true });
        expect(indexes.payments).to.deep.include({ key: { transIdH: 1 }, unique: true });
        expect(indexes.payments).to.deep.include({ key: { state: 1, nextAttemptAt: 1 }, unique: false });
      }));

    it('refuses a field its schema does not know rather than dropping it silently', () =>
      withStore(async (store) => {
        const stray = { ...payment(), notInThePort: 1 } as PaymentRecord;
        const error = await rejectionOf(store.records(PAYMENT_RECORDS).insertIfAbsent(stray));
        expect(error).not.to.be.instanceOf(StoreUnavailableError);
        expect(error.message).to.contain('notInThePort');
      }));

    it('reports each operation after close() as StoreUnavailableError naming the operation, for the log of the 9999', async function () {
      const fresh = dbs.fresh();
      const store = await createMongoStore(fresh, { records: [PAYMENT_RECORDS, CHECK_RECORDS] });
      await store.close();
      const payments = store.records(PAYMENT_RECORDS);
      const checkRecords = store.records(CHECK_RECORDS);
      const drain = async (stream: AsyncIterable<unknown>) => {
        for await (const item of stream) void item;
      };
      const operations: Array<[string, () => Promise<unknown>]> = [
        ['payments.insertIfAbsent', () => payments.insertIfAbsent(payment())],
        ['payments.bySenderTransIdO', () => payments.bySenderTransIdO('BILL11', 'O')],
        ['payments.byReversal', () => payments.byReversal('BILL11', 'R')],
        ['payments.byTransIdH', () => payments.byTransIdH('H')],
        ['payments.transition', () => payments.transition('H', ['PENDING'], { state: 'SUCCESS' })],
        ['payments.due', () => payments.due(['PENDING'], new Date(), 1)],
        ['payments.find', () => payments.find({}, { limit: 1 })],
        ['payments.count', () => payments.count({})],
        ['payments.totals', () => payments.totals({ fromDate: '20240301', toDate: '20240331', states: ['SUCCESS'] }, ['collectProvince'])],
        // A day's reconciliation and check file read through cursors: an outage there is "unavailable" too.
        ['payments.streamDay', () => drain(payments.streamDay({ collectProvince: '11' }, '20240301'))],
        ['checkRecords.streamDay', () => drain(checkRecords.streamDay('20240301', '11'))],
      ];
      for (const [operation, run] of operations) {
        const error = await rejectionOf(run());
        expect(error, operation).to.be.instanceOf(StoreUnavailableError);
        expect(error.message, operation).to.contain(`during ${operation}: `);
      }
      await dbs.drop(fresh);
    });

    it('refuses a taken TransIDH with the duplicate-key error as its cause, which names the clashing index', () =>
      withStore(async (store) => {
        const payments = store.records(PAYMENT_RECORDS);
        const first = payment();
        await payments.insertIfAbsent(first);
        const error = await rejectionOf(payments.insertIfAbsent(payment({ transIdH: first.transIdH })));
        expect(error.message).to.contain(first.transIdH);
        expect(isDuplicateKey(error.cause), 'the cause is the E11000').to.equal(true);
        expect((error.cause as Error).message).to.contain('transIdH');
      }));

    it('is refused by a store that was not created with it, naming the fix', () =>
      withStore(async () => {
        const fresh = dbs.fresh();
        const bare = await createMongoStore(fresh);
        try {
          expect(() => bare.records(PAYMENT_RECORDS)).to.throw('record kind "payments" (src/families/payment) is not open in this mongodb store');
        } finally {
          await bare.close();
          await dbs.drop(fresh);
        }
      }));
  }
});
