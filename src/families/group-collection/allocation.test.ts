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

  it('refuses to allocate more than was billed, or less than nothing, naming the amount and the total', () => {
    expect(() => allocate('PARTIAL', 11, [{ key: '11', amount: 10 }])).to.throw(RangeError, /\b11 fen\b.*\b10\b/);
    expect(() => allocate('PARTIAL', -1, [{ key: '11', amount: 10 }])).to.throw(RangeError, /-1 fen\b.*\b10\b/);
  });

  it('refuses a FULL result short of the total and a FAILED one with money, naming the status and both amounts', () => {
    const bills = [
      { key: '36', amount: 700 },
      { key: '11', amount: 300 },
    ];
    // 9.2.3 refuses both (4001); shares of 999 could not each be the bill, shares of 1 could not each be 0.
    expect(() => allocate('FULL', 999, bills)).to.throw(RangeError, /FULL.*\b1000\b.*\b999\b/);
    expect(() => allocate('FAILED', 1, bills)).to.throw(RangeError, /FAILED.*\b1000\b.*\b1\b/);
  });

  it('gives bills of nothing nothing, whatever the status (no division by a zero total)', () => {
    const empty = [
      { key: '31', amount: 0 },
      { key: '11', amount: 0 },
    ];
    const nothing = [
      { key: '11', amount: 0, allocated: 0 },
      { key: '31', amount: 0, allocated: 0 },
    ];
    for (const status of ['PARTIAL', 'FULL', 'FAILED'] as const) expect(allocate(status, 0, empty), status).to.deep.equal(nothing);
  });

  it('gives the left-over fen of a long group of equal bills, uploaded in reverse key order, to the smallest keys', () => {
    // Long enough (70) for the sort to merge runs rather than insert one by one.
    const keys = Array.from({ length: 70 }, (_, i) => `1${String(i).padStart(9, '0')}`);
    const bills = [...keys].reverse().map((key) => ({ key, amount: 3 }));
    // Each exact share is 100 × 3 / 210 = 1.43: 70 floors of 1, and 100 - 70 = 30 fen left for the 30 smallest keys.
    const shares = allocate('PARTIAL', 100, bills);
    expect(shares.map((s) => s.key)).to.deep.equal(keys);
    expect(shares.map((s) => s.allocated)).to.deep.equal([...Array(30).fill(2), ...Array(40).fill(1)]);
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
