/**
 * The settlement rules (docs/SETTLEMENT.md), as pure functions: from the month's totals per
 * ordered pair (collecting province A, home province B) to each province's statement.
 *
 * A collected into B's numbers, so A holds B's money: A owes B the amount, less the
 * collection commission A keeps. The commission of a pair is computed once, in whole fen:
 * amount × rate ÷ 1000, rounded to the nearest fen with halves rounded up. A's statement
 * carries it with a plus (A keeps it), B's with a minus (B gives it up), and the pair's
 * amount with a minus on A's side and a plus on B's: so each pair adds exactly zero to the sum
 * of all nets, whatever the amounts and the rate. Rounding never breaks that, because it
 * happens once per pair, before the amount is split between the two statements.
 */
import { DeliverSettlementReq, SettlementCounterpartType } from '../../contract/generated/bodies';
import { ProvinceCode } from '../../domain/provinces';

/** The successful, unreversed remote payments A collected into B's numbers in the month. */
export interface PairTotal {
  collectProvince: ProvinceCode;
  homeProvince: ProvinceCode;
  count: number;
  amount: number; // fen
}

/** One province's statement: the body 8.2.1 delivers (DeliverSettlementReq). */
export type Statement = DeliverSettlementReq & { Counterpart: SettlementCounterpartType[] };

/** The commission on `amount` fen at `permille`: whole fen, the nearest, halves up (amounts are never negative). */
export function commissionOf(amount: number, permille: number): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`a pair's amount must be whole fen, not negative: ${amount}`);
  if (!Number.isInteger(permille) || permille < 0 || permille > 1000) throw new RangeError(`a commission rate is 0 to 1000 permille: ${permille}`);
  // In BigInt: a month's amount times the rate can pass 2^53.
  return Number((BigInt(amount) * BigInt(permille) + 500n) / 1000n);
}

interface Line {
  payableCount: number;
  payableAmount: number;
  receivableCount: number;
  receivableAmount: number;
  commission: number;
}

/**
 * Every statement of the month: one for each province of `provinces` (a province with no
 * activity gets one with no counterparts and a net of 0) and for any other a pair names;
 * counterparts in code order, only those with activity in either direction.
 */
export function statementsOf(month: string, permille: number, pairs: readonly PairTotal[], provinces: readonly ProvinceCode[]): Statement[] {
  const lines = new Map<ProvinceCode, Map<ProvinceCode, Line>>();
  const lineOf = (province: ProvinceCode, counterpart: ProvinceCode): Line => {
    let byCounterpart = lines.get(province);
    if (!byCounterpart) lines.set(province, (byCounterpart = new Map()));
    let line = byCounterpart.get(counterpart);
    if (!line) byCounterpart.set(counterpart, (line = { payableCount: 0, payableAmount: 0, receivableCount: 0, receivableAmount: 0, commission: 0 }));
    return line;
  };
  for (const pair of pairs) {
    // A payment inside one province is not remote and settles nothing (5.2.1 refuses it anyway).
    if (pair.collectProvince === pair.homeProvince || (pair.count === 0 && pair.amount === 0)) continue;
    const commission = commissionOf(pair.amount, permille);
    const collector = lineOf(pair.collectProvince, pair.homeProvince);
    collector.payableCount += pair.count;
    collector.payableAmount += pair.amount;
    collector.commission += commission;
    const home = lineOf(pair.homeProvince, pair.collectProvince);
    home.receivableCount += pair.count;
    home.receivableAmount += pair.amount;
    home.commission -= commission;
  }
  const all = [...new Set<ProvinceCode>([...provinces, ...lines.keys()])].sort();
  return all.map((province) => statementOf(month, permille, province, lines.get(province)));
}

function statementOf(month: string, permille: number, province: ProvinceCode, lines: Map<ProvinceCode, Line> | undefined): Statement {
  const counterparts = [...(lines ?? new Map<ProvinceCode, Line>()).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([counterpart, line]) => ({
      Province: counterpart,
      PayableCount: line.payableCount,
      PayableAmount: line.payableAmount,
      ReceivableCount: line.receivableCount,
      ReceivableAmount: line.receivableAmount,
      Commission: line.commission,
      NetAmount: line.receivableAmount - line.payableAmount + line.commission,
    }));
  return {
    SettleMonth: month,
    Province: province,
    CommissionRate: permille,
    Counterpart: counterparts,
    NetAmount: counterparts.reduce((sum, c) => sum + c.NetAmount, 0),
  };
}

/** Whether two statements say the same (a stored one may come back with its fields in another order). */
export function sameStatement(a: Statement, b: Statement): boolean {
  const canonical = (s: Statement): unknown[] => [
    s.SettleMonth,
    s.Province,
    s.CommissionRate,
    s.NetAmount,
    ...s.Counterpart.map((c) => [c.Province, c.PayableCount, c.PayableAmount, c.ReceivableCount, c.ReceivableAmount, c.Commission, c.NetAmount]),
  ];
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
