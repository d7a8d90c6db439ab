/** The settlement rules: the golden case by hand, the rounding rule, and nets summing to zero on any month (fast-check). */
import { expect } from 'chai';
import fc from 'fast-check';
import { PROVINCE_CODES, ProvinceCode } from '../../domain/provinces';
import { commissionOf, PairTotal, sameStatement, Statement, statementsOf } from './statements';

const pair = (collectProvince: ProvinceCode, homeProvince: ProvinceCode, count: number, amount: number): PairTotal => ({
  collectProvince,
  homeProvince,
  count,
  amount,
});

describe('settlement statements', () => {
  it('makes the statement of the 8.2.1 golden case (51 with 11 and 31, 10 permille) as computed by hand', () => {
    const pairs = [pair('51', '11', 2, 8000), pair('11', '51', 10, 150000), pair('51', '31', 5, 30000), pair('31', '51', 3, 12000)];
    const of51 = statementsOf('202510', 10, pairs, ['11', '31', '51']).find((s) => s.Province === '51')!;
    // 51 keeps 80 on its 8000 for 11 and gives up 1500 of 11's 150000: 150000 - 8000 + 80 - 1500.
    expect(of51).to.deep.equal({
      SettleMonth: '202510',
      Province: '51',
      CommissionRate: 10,
      Counterpart: [
        { Province: '11', PayableCount: 2, PayableAmount: 8000, ReceivableCount: 10, ReceivableAmount: 150000, Commission: -1420, NetAmount: 140580 },
        { Province: '31', PayableCount: 5, PayableAmount: 30000, ReceivableCount: 3, ReceivableAmount: 12000, Commission: 180, NetAmount: -17820 },
      ],
      NetAmount: 122760,
    });
  });

  it('rounds a pair’s commission to the nearest fen, halves up, in whole fen past 2^53', () => {
    expect(commissionOf(49, 10)).to.equal(0); // 0.49
    expect(commissionOf(50, 10)).to.equal(1); // 0.5: up
    expect(commissionOf(149, 10)).to.equal(1); // 1.49
    expect(commissionOf(150, 10)).to.equal(2); // 1.5: up
    expect(commissionOf(12345, 0)).to.equal(0);
    expect(commissionOf(12345, 1000)).to.equal(12345);
    expect(commissionOf(0, 999)).to.equal(0);
    // 9007199254740991 × 7 / 1000 = 63050394783186.937 → 63050394783187 (a float product would have lost the last digits)
    expect(commissionOf(Number.MAX_SAFE_INTEGER, 7)).to.equal(63050394783187);
    expect(() => commissionOf(-1, 10)).to.throw(RangeError);
    expect(() => commissionOf(100, 1001)).to.throw(RangeError);
  });

  it('rounds once per pair, so one direction carries the whole rounded commission on both sides', () => {
    const statements = statementsOf('202611', 10, [pair('36', '11', 1, 50)], ['11', '36', '51']);
    const [of11, of36, of51] = statements;
    expect(of36.Counterpart).to.deep.equal([
      { Province: '11', PayableCount: 1, PayableAmount: 50, ReceivableCount: 0, ReceivableAmount: 0, Commission: 1, NetAmount: -49 },
    ]);
    expect(of11.Counterpart).to.deep.equal([
      { Province: '36', PayableCount: 0, PayableAmount: 0, ReceivableCount: 1, ReceivableAmount: 50, Commission: -1, NetAmount: 49 },
    ]);
    // A province with no activity still gets its statement: no counterparts, net 0.
    expect(of51).to.deep.equal({ SettleMonth: '202611', Province: '51', CommissionRate: 10, Counterpart: [], NetAmount: 0 });
  });

  it('ignores a pair inside one province (not remote) and pairs with nothing in them', () => {
    const statements = statementsOf('202611', 10, [pair('36', '36', 3, 900), pair('11', '36', 0, 0)], ['11', '36']);
    expect(statements.map((s) => s.Counterpart.length)).to.deep.equal([0, 0]);
  });

  it('refuses a commission rate that is not a whole permille from 0 to 1000, naming the rate', () => {
    expect(() => commissionOf(100, -1)).to.throw(RangeError, /commission rate .*: -1$/);
    // 1.5 would also fail as a BigInt, but with a message that says nothing of the rate.
    expect(() => commissionOf(100, 1.5)).to.throw(RangeError, /commission rate .*: 1\.5$/);
    expect(() => commissionOf(100, 1001)).to.throw(RangeError, /commission rate .*: 1001$/);
  });

  it('refuses an amount that is not whole fen or is negative, naming the amount', () => {
    expect(() => commissionOf(-1, 10)).to.throw(RangeError, /amount .*: -1$/);
    expect(() => commissionOf(2.5, 10)).to.throw(RangeError, /amount .*: 2\.5$/);
    expect(() => commissionOf(2 ** 53, 10)).to.throw(RangeError, /amount .*: 9007199254740992$/);
  });

  it('leaves out only a pair with neither payments nor money: a count without an amount, or an amount without a count, still makes a line', () => {
    const statements = statementsOf('202611', 10, [pair('11', '36', 2, 0), pair('31', '36', 0, 500), pair('51', '36', 0, 0)], ['11', '31', '36', '51']);
    const [of11, of31, of36, of51] = statements;
    // 2 payments of nothing: commission 0 × 10 / 1000 = 0.
    expect(of11.Counterpart).to.deep.equal([
      { Province: '36', PayableCount: 2, PayableAmount: 0, ReceivableCount: 0, ReceivableAmount: 0, Commission: 0, NetAmount: 0 },
    ]);
    // 500 fen: commission 500 × 10 / 1000 = 5, net 0 - 500 + 5 = -495.
    expect(of31.Counterpart).to.deep.equal([
      { Province: '36', PayableCount: 0, PayableAmount: 500, ReceivableCount: 0, ReceivableAmount: 0, Commission: 5, NetAmount: -495 },
    ]);
    expect(of36.Counterpart.map((c) => [c.Province, c.ReceivableCount, c.ReceivableAmount, c.NetAmount])).to.deep.equal([
      ['11', 2, 0, 0],
      ['31', 0, 500, 495],
    ]);
    expect(of51.Counterpart).to.deep.equal([]);
  });

  it('makes one statement per province, in code order, however the provinces come (unsorted, repeated) and also for a province only a pair names', () => {
    const statements = statementsOf('202611', 10, [pair('19', '36', 1, 100)], ['51', '11', '36', '11']);
    expect(statements.map((s) => s.Province)).to.deep.equal(['11', '19', '36', '51']);
  });

  it('lists a statement’s counterparts in code order whatever order the pairs come in', () => {
    const pairs = [pair('51', '31', 1, 100), pair('36', '51', 1, 100), pair('51', '11', 1, 100), pair('13', '51', 1, 100)];
    const of51 = statementsOf('202611', 10, pairs, ['51']).find((s) => s.Province === '51')!;
    expect(of51.Counterpart.map((c) => c.Province)).to.deep.equal(['11', '13', '31', '36']);
  });

  it('takes a statement recorded with its fields in another order as the same, and one whose lines differ as another, even with the same net', () => {
    const pairs = [pair('51', '11', 2, 8000), pair('51', '31', 5, 30000)];
    const of51 = statementsOf('202510', 10, pairs, ['11', '31', '51']).find((s) => s.Province === '51')!;
    const reordered = (s: Statement) => JSON.parse(JSON.stringify(s, Object.keys(s).concat(Object.keys(s.Counterpart[0])).reverse())) as Statement;
    expect(sameStatement(of51, reordered(of51))).to.equal(true);
    // A line's count changes no amount: same net, same number of lines, yet another statement.
    const recounted = { ...of51, Counterpart: of51.Counterpart.map((c, i) => (i === 0 ? { ...c, PayableCount: 3 } : c)) };
    expect(sameStatement(of51, recounted)).to.equal(false);
    // The same lines under each other's province: nothing summed changes.
    const swapped = { ...of51, Counterpart: of51.Counterpart.map((c, i, all) => ({ ...c, Province: all[1 - i].Province })) };
    expect(sameStatement(of51, swapped)).to.equal(false);
  });

  describe('on randomised months (fast-check)', () => {
    const province = fc.constantFrom(...PROVINCE_CODES);
    const pairs = fc.uniqueArray(
      fc.record({
        collectProvince: province,
        homeProvince: province,
        count: fc.integer({ min: 1, max: 100_000 }),
        amount: fc.integer({ min: 0, max: 2 ** 40 }),
      }),
      // Some months are one pair in one direction, most leave many provinces idle.
      { minLength: 0, maxLength: 60, selector: (p) => `${p.collectProvince}|${p.homeProvince}` },
    );
    const rate = fc.oneof(fc.constantFrom(0, 1, 5, 10, 999, 1000), fc.integer({ min: 0, max: 1000 }));
    const remote = (ps: PairTotal[]) => ps.filter((p) => p.collectProvince !== p.homeProvince);

    /** The same month with every pair whose reverse came first left out: money going one way only. */
    const oneWay = (ps: PairTotal[]) =>
      ps.filter((p, i) => !ps.slice(0, i).some((q) => q.collectProvince === p.homeProvince && q.homeProvince === p.collectProvince));

    it('nets sum to exactly zero across all provinces, also when every pair goes one way, and every province gets one statement', () => {
      fc.assert(
        fc.property(pairs, rate, (ps, permille) => {
          for (const month of [ps, oneWay(ps)]) {
            const statements = statementsOf('202611', permille, month, PROVINCE_CODES);
            expect(statements.map((s) => s.Province)).to.deep.equal([...PROVINCE_CODES]);
            expect(statements.reduce((sum, s) => sum + s.NetAmount, 0)).to.equal(0);
            // Provinces in no pair are idle: their statement is empty.
            const active = new Set(remote(month).flatMap((p) => [p.collectProvince, p.homeProvince]));
            for (const s of statements.filter((s) => !active.has(s.Province))) expect(s).to.deep.include({ Counterpart: [], NetAmount: 0 });
          }
        }),
        { numRuns: 300 },
      );
    });

    it('each statement adds up, and the two sides of every pair mirror each other', () => {
      fc.assert(
        fc.property(pairs, rate, (ps, permille) => {
          const statements = new Map(statementsOf('202611', permille, ps, PROVINCE_CODES).map((s) => [s.Province, s]));
          for (const s of statements.values()) checkAddsUp(s);
          for (const s of statements.values()) {
            for (const line of s.Counterpart) {
              const mirror = statements.get(line.Province)!.Counterpart.find((c) => c.Province === s.Province)!;
              expect([mirror.PayableCount, mirror.PayableAmount, mirror.ReceivableCount, mirror.ReceivableAmount]).to.deep.equal([
                line.ReceivableCount,
                line.ReceivableAmount,
                line.PayableCount,
                line.PayableAmount,
              ]);
              expect(mirror.Commission).to.equal(-line.Commission);
              expect(mirror.NetAmount).to.equal(-line.NetAmount);
            }
          }
        }),
        { numRuns: 200 },
      );
    });

    it('every remote pair appears once as payable, with its count, amount and rounded commission', () => {
      fc.assert(
        fc.property(pairs, rate, (ps, permille) => {
          const statements = new Map(statementsOf('202611', permille, ps, PROVINCE_CODES).map((s) => [s.Province, s]));
          for (const p of remote(ps)) {
            const line = statements.get(p.collectProvince)!.Counterpart.find((c) => c.Province === p.homeProvince)!;
            const reverse = ps.find((q) => q.collectProvince === p.homeProvince && q.homeProvince === p.collectProvince);
            expect(line.PayableCount).to.equal(p.count);
            expect(line.PayableAmount).to.equal(p.amount);
            expect(line.Commission).to.equal(commissionOf(p.amount, permille) - (reverse ? commissionOf(reverse.amount, permille) : 0));
          }
          const lines = [...statements.values()].reduce((n, s) => n + s.Counterpart.length, 0);
          const unordered = new Set(remote(ps).map((p) => [p.collectProvince, p.homeProvince].sort().join('|')));
          expect(lines).to.equal(2 * unordered.size);
        }),
        { numRuns: 200 },
      );
    });
  });
});

function checkAddsUp(s: Statement): void {
  for (const c of s.Counterpart) expect(c.NetAmount).to.equal(c.ReceivableAmount - c.PayableAmount + c.Commission);
  expect(s.NetAmount).to.equal(s.Counterpart.reduce((sum, c) => sum + c.NetAmount, 0));
}
