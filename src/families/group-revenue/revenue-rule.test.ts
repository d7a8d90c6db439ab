/**
 * The group revenue rule on examples worked by hand, and its promises as properties over
 * randomised groups and amounts (fast-check): transfers balance to zero, revenue is neither
 * made nor lost, commissions come out in whole fen by largest remainder, and the result
 * does not depend on the order the uploads came in.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { PROVINCE_CODES } from '../../domain/provinces';
import { computeRevenue, RevenueInput, shareByLargestRemainder } from './revenue-rule';

const byProvince = (input: RevenueInput) => new Map(computeRevenue(input).provinces.map((p) => [p.province, p]));

describe('group revenue rule', () => {
  it('leaves the collecting province its commission and owes each other province the rest (the 10.2.2 golden case)', () => {
    const shares = byProvince({ collectProvince: '11', provinces: ['11', '51'], billed: new Map([['51', 22700]]), commissionBp: 100 });
    expect(shares.get('51')).to.deep.equal({ province: '51', billedAmount: 22700, commission: 227, recognisedRevenue: 22473, transferAmount: 22473 });
    expect(shares.get('11')).to.deep.equal({ province: '11', billedAmount: 0, commission: 0, recognisedRevenue: 227, transferAmount: -22473 });
  });

  it('rounds the total commission half up once, and gives the odd fen to the largest remainders, ties to the lower province code', () => {
    // 1 % of 150 fen each: 1.5 fen per province, 4.5 in all → 5 fen; the remainders are equal, so 17 and 30 before 34.
    const billed = new Map(['17', '30', '34'].map((p) => [p, 150]));
    const shares = byProvince({ collectProvince: '11', provinces: ['11', '17', '30', '34'], billed, commissionBp: 100 });
    expect(['17', '30', '34'].map((p) => shares.get(p)!.commission)).to.deep.equal([2, 2, 1]);
    expect(shares.get('11')!.recognisedRevenue).to.equal(5);
    // A larger remainder wins over a lower code: 51's 1.9 fen rounds up before 17's 1.5.
    const uneven = byProvince({
      collectProvince: '11',
      provinces: ['11', '17', '51'],
      billed: new Map([
        ['17', 150],
        ['51', 190],
      ]),
      commissionBp: 100,
    });
    expect([uneven.get('17')!.commission, uneven.get('51')!.commission]).to.deep.equal([1, 2]);
  });

  it('refuses a negative bill, a province that takes no part, and a rate outside 0..10000 bp', () => {
    const input = { collectProvince: '11', provinces: ['11', '51'], commissionBp: 100 };
    expect(() => computeRevenue({ ...input, billed: new Map([['51', -1]]) })).to.throw('not a whole, non-negative');
    expect(() => computeRevenue({ ...input, billed: new Map([['17', 1]]) })).to.throw('takes no part');
    expect(() => computeRevenue({ ...input, billed: new Map(), commissionBp: 10_001 })).to.throw('not from 0 to 10000');
  });

  const groups = fc
    .record({
      provinces: fc.uniqueArray(fc.constantFrom(...PROVINCE_CODES), { minLength: 1, maxLength: 31 }),
      commissionBp: fc.integer({ min: 0, max: 10_000 }),
      amounts: fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 31, maxLength: 31 }),
      uploadedShare: fc.double({ min: 0, max: 1, noNaN: true }),
      collectorIndex: fc.nat(),
    })
    .map(({ provinces, commissionBp, amounts, uploadedShare, collectorIndex }) => {
      const uploaded = provinces.slice(0, Math.max(1, Math.round(provinces.length * uploadedShare)));
      return {
        collectProvince: provinces[collectorIndex % provinces.length],
        provinces,
        commissionBp,
        billed: new Map(uploaded.map((p, i) => [p, amounts[i]])),
      } satisfies RevenueInput;
    });

  it('balances the transfers of a group and cycle to zero, and recognises exactly what was billed', () => {
    fc.assert(
      fc.property(groups, (input) => {
        const result = computeRevenue(input);
        const sum = (f: (p: (typeof result.provinces)[number]) => number) => result.provinces.reduce((s, p) => s + f(p), 0);
        expect(sum((p) => p.transferAmount)).to.equal(0);
        expect(sum((p) => p.recognisedRevenue)).to.equal(sum((p) => p.billedAmount));
        expect(result.totalBilled).to.equal([...input.billed.values()].reduce((s, a) => s + a, 0));
        for (const p of result.provinces) {
          expect(Number.isSafeInteger(p.recognisedRevenue) && Number.isSafeInteger(p.transferAmount), p.province).to.equal(true);
          if (p.province !== input.collectProvince) {
            expect(p.recognisedRevenue).to.be.within(0, p.billedAmount);
            expect(p.transferAmount).to.equal(p.recognisedRevenue);
          }
        }
      }),
    );
  });

  it('takes the commission within a fen of each exact share, summing to the total rounded half up', () => {
    fc.assert(
      fc.property(groups, (input) => {
        const result = computeRevenue(input);
        const others = result.provinces.filter((p) => p.province !== input.collectProvince);
        const exact = (p: (typeof others)[number]) => (BigInt(p.billedAmount) * BigInt(input.commissionBp)) as bigint;
        const total = others.reduce((s, p) => s + exact(p), 0n);
        expect(BigInt(result.totalCommission)).to.equal((2n * total + 10_000n) / 20_000n);
        for (const p of others) {
          const floor = exact(p) / 10_000n;
          expect(BigInt(p.commission) - floor, p.province).to.be.oneOf([0n, 1n]);
        }
      }),
    );
  });

  it('gives the same result for the same uploads in any order', () => {
    fc.assert(
      fc.property(groups, fc.nat(), (input, seed) => {
        const entries = [...input.billed];
        const shuffled = entries.map((e, i) => ({ e, k: (i * 7919 + seed) % (entries.length + 13) })).sort((a, b) => a.k - b.k);
        const reordered = { ...input, provinces: [...input.provinces].reverse(), billed: new Map(shuffled.map((s) => s.e)) };
        expect(computeRevenue(reordered)).to.deep.equal(computeRevenue(input));
      }),
    );
  });

  it('shares equal remainders out to the lower key first, whatever order the parts come in', () => {
    // 5 + 5 + 5 = 15 over 10: 1.5 rounded half up is (2 × 15 + 10) / 20 = 2 units; every floor is 0 and every remainder 5, so a and b get one each.
    const shares = shareByLargestRemainder(
      ['c', 'b', 'a'].map((key) => ({ key, weight: 5n })),
      10n,
    );
    expect(Object.fromEntries(shares)).to.deep.equal({ a: 1, b: 1, c: 0 });
  });

  it('shares by largest remainder: a unit more only where a remainder was cut, never two', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { maxLength: 40 }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (weights, divisor) => {
        const parts = weights.map((weight, i) => ({ key: `k${String(i).padStart(2, '0')}`, weight }));
        const shares = shareByLargestRemainder(parts, divisor);
        for (const p of parts) {
          const extra = BigInt(shares.get(p.key)!) - p.weight / divisor;
          expect(extra === 0n || (extra === 1n && p.weight % divisor !== 0n), p.key).to.equal(true);
        }
      }),
    );
  });
});
