/** Which months may be settled, their check dates, and the month a scheduled run settles. */
import { expect } from 'chai';
import { checkDatesOf, checkSettlementMonth, monthBefore, SettlementMonthError, settlementMonthProblem } from './settlement-month';

// 2026-12-02 10:00 CST
const NOW = Date.parse('2026-12-02T10:00:00+08:00');

describe('settlement month', () => {
  it('takes a closed month, refusing a malformed, current or future one with a reason', () => {
    expect(settlementMonthProblem('202611', NOW)).to.equal(undefined);
    expect(settlementMonthProblem('202511', NOW)).to.equal(undefined);
    for (const bad of ['2026-11', '20261', '202613', '202600', 'abcdef', '', '2026111', '199912'])
      expect(settlementMonthProblem(bad, NOW), bad).to.match(/malformed: expected YYYYMM/);
    expect(settlementMonthProblem('202701', NOW)).to.match(/202701 is in the future \(it is 202612 in CST\)/);
    expect(settlementMonthProblem('202612', NOW)).to.match(/202612 has not closed yet/);
    expect(() => checkSettlementMonth('202701', NOW)).to.throw(SettlementMonthError, /future/);
  });

  it('reads the month in CST: 1 December 00:30 CST is still 30 November in UTC, and November has closed', () => {
    const justAfter = Date.parse('2026-12-01T00:30:00+08:00');
    expect(settlementMonthProblem('202611', justAfter)).to.equal(undefined);
    expect(settlementMonthProblem('202611', justAfter - 3_600_000)).to.match(/not closed yet/);
  });

  it('lists every check date of the month, leap Februaries included', () => {
    expect(checkDatesOf('202611')).to.have.length(30);
    expect(checkDatesOf('202611')[0]).to.equal('20261101');
    expect(checkDatesOf('202611').at(-1)).to.equal('20261130');
    expect(checkDatesOf('202402')).to.have.length(29);
    expect(checkDatesOf('202602').at(-1)).to.equal('20260228');
    expect(checkDatesOf('202612').at(-1)).to.equal('20261231');
  });

  it('a scheduled run settles the month before the one it fires in (CST)', () => {
    expect(monthBefore(new Date('2026-12-05T02:00:00+08:00'))).to.equal('202611');
    expect(monthBefore(new Date('2027-01-03T02:00:00+08:00'))).to.equal('202612');
    // 31 December 17:00 UTC is already 1 January in CST.
    expect(monthBefore(new Date('2026-12-31T17:00:00Z'))).to.equal('202612');
  });
});
