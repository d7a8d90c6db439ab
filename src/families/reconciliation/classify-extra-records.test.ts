/**
 * A province may list more for one payment than one PAY and one REVERSE record (the payment
 * twice, a second reversal of it): each record beyond those is a difference of its own, so
 * no listed amount goes unreported, whether or not HQ knows the payment.
 */
import { expect } from 'chai';
import { payment } from '../payment/payment-fixtures';
import { CheckRecord, compareCheckRecords } from './check-record-port';
import { classify } from './classify';
import { Pair, provincePayments } from './merge';
import { checkRecord } from './reconciliation-contract';

/** The province's records of one payment, grouped as the merge-join groups them. */
async function provinceSideOf(records: CheckRecord[]): Promise<NonNullable<Pair['province']>> {
  const grouped = [];
  async function* sorted() {
    yield* [...records].sort(compareCheckRecords);
  }
  for await (const p of provincePayments(sorted())) grouped.push(p);
  expect(grouped, 'one payment').to.have.length(1);
  return grouped[0];
}

const pay = (amount: number, more: Partial<CheckRecord> = {}) => checkRecord({ transIdO: 'T0001', paymentKey: 'T0001', amount, ...more });
const reverse = (transIdO: string, amount: number) =>
  checkRecord({ transIdO, paymentKey: 'T0001', recordType: 'REVERSE', origTransIdO: 'T0001', amount, serviceNumber: '13000000002', homeProvince: '51' });
const of = (r: CheckRecord, provinceState: 'SUCCESS' | 'REVERSED') => ({
  kind: 'PROVINCE_ONLY',
  transIdO: r.transIdO,
  ...(r.transIdH !== undefined && { transIdH: r.transIdH }),
  serviceNumber: r.serviceNumber,
  homeProvince: r.homeProvince,
  provinceAmount: r.amount,
  provinceState,
});

describe('classification of a payment the province listed more than once', () => {
  it('reports a province-only payment, then each extra PAY record as SUCCESS and each extra REVERSE record as REVERSED, with its own number and amount', async () => {
    const first = pay(5000, { transIdH: 'UCRM0000000001' });
    const again = pay(5100);
    const reversal = reverse('R0001', 5000);
    const secondReversal = reverse('R0002', 4900);
    // The two PAY records share their merge order (same TransIDO): the one read first is the payment.
    const verdict = classify({ province: await provinceSideOf([secondReversal, first, reversal, again]) });
    expect(verdict).to.deep.equal({
      matched: false,
      differences: [
        // The payment itself: its first PAY record, the TransIDH the province gave, reversed there.
        {
          kind: 'PROVINCE_ONLY',
          transIdO: 'T0001',
          transIdH: 'UCRM0000000001',
          serviceNumber: first.serviceNumber,
          homeProvince: first.homeProvince,
          provinceAmount: 5000,
          provinceState: 'REVERSED',
        },
        of(again, 'SUCCESS'),
        of(secondReversal, 'REVERSED'),
      ],
    });
  });

  it('carries the TransIDH an extra record has, as it does for the payment itself, so the province can find both exchanges', async () => {
    const hq = payment({ transIdO: 'T0001', state: 'SUCCESS', attempts: 1, amount: 5000 });
    const again = pay(5000, { batchNo: 2, transIdH: 'UCRM0000000002' });
    const verdict = classify({ hq, province: await provinceSideOf([pay(5000), again]) });
    expect(verdict).to.deep.equal({ matched: false, differences: [{ ...of(again, 'SUCCESS'), transIdH: 'UCRM0000000002' }] });
  });

  it('carries no TransIDH on a province-only payment whose record has none', async () => {
    const verdict = classify({ province: await provinceSideOf([reverse('R0001', 700)]) });
    expect(verdict).to.deep.equal({
      matched: false,
      differences: [
        { kind: 'PROVINCE_ONLY', transIdO: 'T0001', serviceNumber: '13000000002', homeProvince: '51', provinceAmount: 700, provinceState: 'REVERSED' },
      ],
    });
  });

  it('reports a second reversal of a payment both sides agree on as a province-only difference, and the payment as no difference', async () => {
    const hq = payment({ transIdO: 'T0001', state: 'REVERSED', attempts: 1, amount: 5000 });
    const secondReversal = reverse('R0002', 5000);
    const province = await provinceSideOf([pay(5000), reverse('R0001', 5000), secondReversal]);
    expect(classify({ hq, province })).to.deep.equal({ matched: false, differences: [of(secondReversal, 'REVERSED')] });
  });

  it('reports a payment listed twice beside HQ’s copy as one extra SUCCESS record, after the difference of the payment itself', async () => {
    const hq = payment({ transIdO: 'T0001', state: 'SUCCESS', attempts: 1, amount: 5000 });
    const again = pay(5000, { batchNo: 2 });
    const verdict = classify({ hq, province: await provinceSideOf([pay(4000), again]) });
    expect(verdict).to.have.property('matched', false);
    const differences = (verdict as { differences: { kind: string }[] }).differences;
    // 4000 listed against 5000 at HQ: money first; then the second listing on its own.
    expect(differences.map((d) => d.kind)).to.deep.equal(['AMOUNT_MISMATCH', 'PROVINCE_ONLY']);
    expect(differences[1]).to.deep.equal(of(again, 'SUCCESS'));
  });
});
