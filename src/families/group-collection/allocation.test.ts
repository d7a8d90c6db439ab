import { expect } from 'chai';
import fc from 'fast-check';
import { allocate, Billed } from './allocation';

const PROVINCE_KEYS = ['10', '11', '13', '17', '18', '19', '30', '31', '34', '36', '38', '50', '51', '59', '70', '71'];

/** A group: distinct province keys, each with a bill of up to ten million yuan in fen. */
const group = fc
  .uniqueArray(fc.constantFrom(...PROVINCE_KEYS), { minLength: 1, maxLength: PROVINCE_KEYS.length })
  .chain((keys) => fc.tuple(...keys.map((key) => fc.record({ key: fc.constant(key), amount: fc.integer({ min: 0, max: 1_000_000_000 }) }))));
const total = (bills: readonly Billed[]) => bills.reduce((s, b) => s + b.amount, 0);
const withCollected = group.chain((bills) => fc.tuple(fc.constant(bills as Billed[]), fc.integer({ min: 0, max: total(bills) })));

describe('group collection: the 9.2.4 allocation', () => {
  it('shares a partial collection pro rata, the left-over fen to the largest remainders (the golden fixture)', () => {
    const shares = allocate('PARTIAL', 50000, [
      { key: '51', amount: 22700 },
      { key: '11', amount: 30000 },
      { key: '31', amount: 15000 },
    ]);
    // exact shares 22156.57, 11078.28, 16765.31: the one fen left goes to 11.
    expect(shares.map((s) => [s.key, s.allocated])).to.deep.equal([
      ['11', 22157],
      ['31', 11078],
      ['51', 16765],
    ]);
  });

  it('breaks equal remainders by the larger bill, then the smaller key', () => {
    expect(
      allocate('PARTIAL', 1, [
        { key: 'b', amount: 5 },
        { key: 'a', amount: 5 },
      ]).map((s) => s.allocated),
    ).to.deep.equal([1, 0]); // a, then b
    expect(
      allocate('PARTIAL', 3, [
        { key: 'a', amount: 2 },
        { key: 'b', amount: 4 },
      ]).map((s) => s.allocated),
    ).to.deep.equal([1, 2]); // 1 and 2 exactly
    expect(
      allocate('PARTIAL', 2, [
        { key: 'a', amount: 1 },
        { key: 'b', amount: 3 },
      ]).map((s) => s.allocated),
    ).to.deep.equal([0, 2]); // remainders equal: the larger bill
    expect(
      allocate('PARTIAL', 2, [
        { key: 'a', amount: 1 },
        { key: 'b', amount: 1 },
        { key: 'c', amount: 2 },
      ]).map((s) => s.allocated),
    ).to.deep.equal([1, 0, 1]);
  });

  it('gives each its bill on FULL and nothing on FAILED', () => {
    const bills = [
      { key: '36', amount: 700 },
      { key: '11', amount: 300 },
    ];
    expect(allocate('FULL', 1000, bills).map((s) => s.allocated)).to.deep.equal([300, 700]);
    expect(allocate('FAILED', 0, bills).map((s) => s.allocated)).to.deep.equal([0, 0]);
  });

  it('refuses to allocate more than was billed', () => {
    expect(() => allocate('PARTIAL', 11, [{ key: '11', amount: 10 }])).to.throw(RangeError);
  });

  it('property: shares sum exactly to what was collected and none exceeds its bill', () => {
    fc.assert(
      fc.property(withCollected, ([bills, collected]) => {
        const shares = allocate('PARTIAL', collected, bills);
        expect(total(shares.map((s) => ({ key: s.key, amount: s.allocated })))).to.equal(collected);
        for (const s of shares) expect(s.allocated).to.be.within(0, s.amount);
      }),
    );
  });

  it('property: the same bills in any upload order give the same shares', () => {
    fc.assert(
      fc.property(
        withCollected.chain(([bills, collected]) =>
          fc.tuple(fc.constant(bills), fc.constant(collected), fc.shuffledSubarray(bills, { minLength: bills.length })),
        ),
        ([bills, collected, shuffled]) => {
          expect(allocate('PARTIAL', collected, shuffled)).to.deep.equal(allocate('PARTIAL', collected, bills));
        },
      ),
    );
  });

  it('property: no share is more than one fen from its exact pro-rata value', () => {
    fc.assert(
      fc.property(withCollected, ([bills, collected]) => {
        const sum = total(bills);
        for (const s of allocate('PARTIAL', collected, bills)) {
          const exact = sum === 0 ? 0 : (collected * s.amount) / sum;
          expect(Math.abs(s.allocated - exact)).to.be.below(1 + 1e-6);
        }
      }),
    );
  });
});
