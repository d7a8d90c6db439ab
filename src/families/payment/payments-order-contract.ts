/**
 * Contract of PaymentRepository, continued: the orders callers depend on. A day is read in
 * TransIDO order because reconciliation merge-joins it with the province's records sorted
 * the same way (reconcile.ts); a listing breaks equal creation times by TransIDH. The
 * payments are inserted out of order, as they arrive, so an adapter that returns them in
 * insertion order fails. Run on every store adapter by payment-records.test.ts.
 */
import { expect } from 'chai';
import type { ContractContext } from '../../../test/store/store-contract';
import { at } from '../../../test/store/store-fixtures';
import { payment } from './payment-fixtures';
import { DaySide, PaymentRecord, PaymentRepository } from './payment-port';
import { PAYMENT_RECORDS } from './payment-store';

const paymentsOf = (ctx: ContractContext): PaymentRepository => ctx.store().records(PAYMENT_RECORDS);

const DAY = '20240301';

async function streamed(payments: PaymentRepository, side: DaySide, day: string): Promise<PaymentRecord[]> {
  const read: PaymentRecord[] = [];
  for await (const p of payments.streamDay(side, day)) read.push(p);
  return read;
}

export function describePaymentsOrderContract(ctx: ContractContext): void {
  describe('payments: orders', function () {
    it("streams one collecting province's accounting day in TransIDO order, whatever the order of arrival, and nothing else", async function () {
      // Code-unit order: digits, then upper case, then lower case.
      const arrival = ['T-5', 'T-b', 'T-0', 'T-B', 'T-3', 'T-a', 'T-1'];
      const day = arrival.map((transIdO, i) => payment({ transIdO, collectProvince: '11', homeProvince: i % 2 ? '36' : '51', accountingDate: DAY }));
      const others = [
        payment({ transIdO: 'T-2', collectProvince: '11', accountingDate: '20240302' }),
        payment({ transIdO: 'T-4', collectProvince: '31', accountingDate: DAY }),
      ];
      for (const p of [...day.slice(0, 3), ...others, ...day.slice(3)]) await paymentsOf(ctx).insertIfAbsent(p);
      const read = await streamed(paymentsOf(ctx), { collectProvince: '11' }, DAY);
      expect(read.map((p) => p.transIdO)).to.deep.equal(['T-0', 'T-1', 'T-3', 'T-5', 'T-B', 'T-a', 'T-b']);
      expect(read.find((p) => p.transIdO === 'T-3')).to.deep.equal(day[arrival.indexOf('T-3')]);
      expect(await streamed(paymentsOf(ctx), { collectProvince: '11' }, '20240303')).to.deep.equal([]);
    });

    it("streams one home province's accounting day in TransIDO order, whatever the order of arrival", async function () {
      const arrival = ['K-9', 'K-2', 'K-7', 'K-0', 'K-4'];
      for (const [i, transIdO] of arrival.entries()) {
        await paymentsOf(ctx).insertIfAbsent(payment({ transIdO, homeProvince: '51', collectProvince: i % 2 ? '11' : '31', accountingDate: DAY }));
      }
      await paymentsOf(ctx).insertIfAbsent(payment({ transIdO: 'K-1', homeProvince: '36', accountingDate: DAY }));
      const read = await streamed(paymentsOf(ctx), { homeProvince: '51' }, DAY);
      expect(read.map((p) => p.transIdO)).to.deep.equal(['K-0', 'K-2', 'K-4', 'K-7', 'K-9']);
    });

    it('lists payments of one creation time in TransIDH code-unit order, whatever the order of arrival', async function () {
      const arrival = ['HQ-5', 'HQ-B', 'HQ-0', 'HQ-a', 'HQ-3', 'HQ-Z', 'HQ-1', 'HQ-c'];
      for (const transIdH of arrival) await paymentsOf(ctx).insertIfAbsent(payment({ transIdH, createdAt: at(0) }));
      const listed = (await paymentsOf(ctx).find({}, { limit: 100 })).map((p) => p.transIdH);
      expect(listed).to.deep.equal(['HQ-0', 'HQ-1', 'HQ-3', 'HQ-5', 'HQ-B', 'HQ-Z', 'HQ-a', 'HQ-c']);
    });
  });
}
