/**
 * Contract of PaymentRepository.totals(): counts and amounts per group, computed in the
 * store (an aggregation on MongoDB), for the payments of an accounting-date range in the
 * states asked. Run on every store adapter by payment-records.test.ts.
 */
import { expect } from 'chai';
import type { ContractContext } from '../../../test/store/store-contract';
import { payment } from './payment-fixtures';
import { PaymentRepository, PaymentTotal } from './payment-port';
import { PAYMENT_RECORDS } from './payment-store';

const paymentsOf = (ctx: ContractContext): PaymentRepository => ctx.store().records(PAYMENT_RECORDS);

/** In one order, whatever order the store gave them in. */
const sorted = (totals: PaymentTotal[]): PaymentTotal[] => [...totals].sort((a, b) => (JSON.stringify(a.group) < JSON.stringify(b.group) ? -1 : 1));

export function describePaymentTotalsContract(ctx: ContractContext): void {
  describe('payment totals', function () {
    it('totals per (collecting, home) province the payments of the date range in the states asked, the bounds included', async function () {
      const payments = paymentsOf(ctx);
      const at = (
        collectProvince: string,
        homeProvince: string,
        accountingDate: string,
        amount: number,
        state: 'SUCCESS' | 'PENDING' | 'REVERSED' = 'SUCCESS',
      ) => payments.insertIfAbsent(payment({ collectProvince, homeProvince, accountingDate, amount, state }));
      await at('11', '36', '20261101', 100);
      await at('11', '36', '20261130', 250);
      await at('36', '11', '20261115', 7);
      await at('11', '51', '20261110', 1000, 'REVERSED');
      await at('11', '36', '20261110', 40, 'PENDING');
      await at('11', '36', '20261031', 9999); // the day before
      await at('11', '36', '20261201', 9999); // the day after
      const month = { fromDate: '20261101', toDate: '20261130' };
      expect(sorted(await payments.totals({ ...month, states: ['SUCCESS'] }, ['collectProvince', 'homeProvince']))).to.deep.equal([
        { group: { collectProvince: '11', homeProvince: '36' }, count: 2, amount: 350 },
        { group: { collectProvince: '36', homeProvince: '11' }, count: 1, amount: 7 },
      ]);
      expect(sorted(await payments.totals({ ...month, states: ['PENDING', 'REVERSED'] }, ['accountingDate', 'state']))).to.deep.equal([
        { group: { accountingDate: '20261110', state: 'PENDING' }, count: 1, amount: 40 },
        { group: { accountingDate: '20261110', state: 'REVERSED' }, count: 1, amount: 1000 },
      ]);
      expect(await payments.totals({ ...month, states: ['REVERSING'] }, ['collectProvince'])).to.deep.equal([]);
      expect(await payments.totals({ fromDate: '20261031', toDate: '20261201', states: ['SUCCESS'] }, [])).to.deep.equal([
        { group: {}, count: 5, amount: 100 + 250 + 7 + 9999 + 9999 },
      ]);
    });

    it('keeps large amounts exact', async function () {
      const payments = paymentsOf(ctx);
      for (let i = 0; i < 3; i++) await payments.insertIfAbsent(payment({ accountingDate: '20261105', amount: 2 ** 50, state: 'SUCCESS' }));
      expect(await payments.totals({ fromDate: '20261101', toDate: '20261130', states: ['SUCCESS'] }, ['homeProvince'])).to.deep.equal([
        { group: { homeProvince: '36' }, count: 3, amount: 3 * 2 ** 50 },
      ]);
    });
  });
}
