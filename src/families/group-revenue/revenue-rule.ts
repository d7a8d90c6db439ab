/**
 * The group revenue rule (docs/GROUP-REVENUE.md), as a pure function of what the provinces
 * uploaded (10.2.1): no store, no clock, so the same uploads give the same result whatever
 * order they came in, and a property test can hold it to its promises.
 *
 * One-point collection: the group pays its whole bill to the collecting province, which
 * keeps a collection commission on what it collected for the other provinces and owes each
 * of them the rest. So, per province p and the collecting province C:
 *
 *   commission   K  = Σ_{p≠C} billed_p × rate, rounded half up to a whole fen, once per group;
 *                     shared among the p≠C by largest remainder (ties: lower province code)
 *   recognised_p    = billed_p − commission_p            (p ≠ C)
 *   recognised_C    = billed_C + K
 *   transfer_p      = recognised_p                       (p ≠ C: what C owes p)
 *   transfer_C      = −Σ_{p≠C} transfer_p                (what C pays out in all)
 *
 * Hence Σ recognised = Σ billed and Σ transfer = 0, in whole fen, exactly.
 */

/** A rate in basis points (1/10,000): 100 is 1 %. */
export type BasisPoints = number;

export interface RevenueInput {
  collectProvince: string;
  /** Every province that takes part: the member provinces and the collecting province. */
  provinces: readonly string[];
  /** What each province uploaded as billed (fen, ≥ 0); a province missing here billed nothing. */
  billed: ReadonlyMap<string, number>;
  commissionBp: BasisPoints;
}

export interface ProvinceRevenue {
  province: string;
  billedAmount: number;
  commission: number; // what the collecting province keeps of this province's bill (0 for itself)
  recognisedRevenue: number;
  transferAmount: number;
}

export interface RevenueResult {
  commissionBp: BasisPoints;
  totalBilled: number;
  totalCommission: number;
  /** In province-code order. */
  provinces: ProvinceRevenue[];
}

const BP = 10_000n;

export function computeRevenue(input: RevenueInput): RevenueResult {
  const { collectProvince: collector, commissionBp } = input;
  if (!Number.isSafeInteger(commissionBp) || commissionBp < 0 || commissionBp > 10_000) throw new Error(`commission ${commissionBp} bp is not from 0 to 10000`);
  const codes = [...new Set([...input.provinces, collector])].sort();
  for (const [province, amount] of input.billed) {
    if (!codes.includes(province)) throw new Error(`province ${province} billed the group but takes no part in it`);
    if (!Number.isSafeInteger(amount) || amount < 0) throw new Error(`province ${province} billed ${amount}: not a whole, non-negative number of fen`);
  }
  const billedOf = (p: string) => input.billed.get(p) ?? 0;
  const others = codes.filter((p) => p !== collector);
  const commissions = shareByLargestRemainder(
    others.map((p) => ({ key: p, weight: BigInt(billedOf(p)) * BigInt(commissionBp) })),
    BP,
  );
  const provinces = codes.map((province): ProvinceRevenue => {
    const billedAmount = billedOf(province);
    const commission = province === collector ? 0 : commissions.get(province)!;
    return { province, billedAmount, commission, recognisedRevenue: billedAmount - commission, transferAmount: billedAmount - commission };
  });
  const totalCommission = others.reduce((sum, p) => sum + commissions.get(p)!, 0);
  const own = provinces.find((p) => p.province === collector)!;
  own.recognisedRevenue = own.billedAmount + totalCommission;
  own.transferAmount = -provinces.filter((p) => p !== own).reduce((sum, p) => sum + p.transferAmount, 0);
  return { commissionBp, totalBilled: provinces.reduce((sum, p) => sum + p.billedAmount, 0), totalCommission, provinces };
}

/**
 * Shares of Σ weight / divisor, rounded half up, in whole units: each key gets the floor of
 * weight / divisor, and the units left over go one each to the largest remainders; equal
 * remainders go to the lower key first. Exact integer arithmetic (bigint), so no share
 * depends on floating-point error.
 */
export function shareByLargestRemainder(parts: ReadonlyArray<{ key: string; weight: bigint }>, divisor: bigint): Map<string, number> {
  const total = parts.reduce((sum, p) => sum + p.weight, 0n);
  const target = (2n * total + divisor) / (2n * divisor); // half up
  const shares = parts.map((p) => ({ key: p.key, floor: p.weight / divisor, remainder: p.weight % divisor }));
  let left = target - shares.reduce((sum, s) => sum + s.floor, 0n);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.remainder > b.remainder ? -1 : 1,
  );
  for (const share of byRemainder) {
    // Never past the shares with a remainder: the total rounded half up leaves at most one unit for each.
    if (left <= 0n || share.remainder === 0n) break;
    share.floor += 1n;
    left -= 1n;
  }
  return new Map(shares.map((s) => [s.key, Number(s.floor)]));
}
