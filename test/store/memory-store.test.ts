import { expect } from 'chai';
import { createMemoryStore, paymentLimitForHeap } from '../../src/store/memory/memory-store';
import { StoreUnavailableError } from '../../src/store/ports';
import { describeStoreContract } from './store-contract';

describeStoreContract('memory', async () => createMemoryStore());

describe('memory store: journal bound', () => {
  it('keeps only the newest entries past its limit', async () => {
    const store = createMemoryStore({ journalLimit: 100 });
    const entry = (n: number) => ({ interfaceNumber: '4.2.1', direction: 'inbound' as const, transIdO: `O${n}`, rspCode: '0000', receivedAt: new Date(1_700_000_000_000 + n), durationMs: 1, requestXml: '', responseXml: '', truncated: false });
    for (let n = 0; n < 1000; n += 10) await store.journal.appendMany(Array.from({ length: 10 }, (_, k) => entry(n + k)));
    const count = await store.journal.count({});
    expect(count).to.be.within(100, 110);
    expect(await store.journal.count({ transIdO: 'O999' })).to.equal(1);
    expect(await store.journal.count({ transIdO: 'O0' })).to.equal(0);
  });
});

describe('memory store: payment bound', () => {
  it('refuses new payments past its limit as store-unavailable, still answering duplicates', async () => {
    const store = createMemoryStore({ paymentLimit: 3 });
    const at = new Date('2026-01-01T00:00:00Z');
    const payment = (n: number) => ({
      sender: 'BILL36', transIdO: `O${n}`, transIdH: `H${n}`, procId: 'P', testFlag: '1' as const, fingerprint: 'f', serviceNumber: '13051000001',
      collectProvince: '36', homeProvince: '51', amount: 100, payTime: '20260101080000', accountingDate: '20260101', state: 'PENDING' as const,
      attempts: 1, createdAt: at, updatedAt: at,
    });
    for (const n of [1, 2, 3]) expect((await store.payments.insertIfAbsent(payment(n))).inserted).to.equal(true);
    await store.payments.insertIfAbsent(payment(4)).then(() => expect.fail('expected a refusal'), (e) => expect(e).to.be.instanceOf(StoreUnavailableError).and.have.property('message').that.contains('MONGODB_URI'));
    expect((await store.payments.insertIfAbsent(payment(2))).inserted).to.equal(false);
  });
});

describe('memory store: the default payment bound fits the heap', () => {
  const MB = 2 ** 20;
  it('holds 16,384 payments in the heap npm start sets (128 MB old space, 176 MB in all)', () => {
    expect(paymentLimitForHeap(176 * MB)).to.equal(16_384);
  });

  it('grows with the heap and never drops below 1,000', () => {
    expect(paymentLimitForHeap(1024 * MB)).to.be.greaterThan(200_000);
    expect(paymentLimitForHeap(64 * MB)).to.equal(1_000);
  });
});
