/**
 * The 9.2.4 allocation rule (docs/GROUPS.md): what the bank collected for a group bill,
 * shared among the bills it covered.
 *
 *   FULL    each bill gets its amount;
 *   FAILED  each gets 0;
 *   PARTIAL each gets collected × bill / total, in whole fen: the floor first, then the fen
 *           left over go one each to the largest remainders; ties go to the larger bill, then
 *           to the smaller key (province code, or service number).
 *
 * The shares sum exactly to what was collected and none exceeds its bill (a bill gets a fen
 * above its floor only if its exact share had a fraction, so floor + 1 ≤ bill). The input is
 * sorted by key first, so the result does not depend on the order the bills came in. The
 * products are computed in BigInt: fen × fen goes far beyond 2^53.
 */
import type { CollectStatusType } from '../../contract/generated/bodies';

export interface Billed {
  key: string;
  amount: number; // fen, ≥ 0
}

export interface Allocated extends Billed {
  allocated: number; // fen
}

export function allocate(status: CollectStatusType, collected: number, bills: readonly Billed[]): Allocated[] {
  const sorted = [...bills].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (status === 'FULL') return sorted.map((b) => ({ ...b, allocated: b.amount }));
  if (status === 'FAILED') return sorted.map((b) => ({ ...b, allocated: 0 }));
  return proRata(collected, sorted);
}

function proRata(collected: number, bills: Billed[]): Allocated[] {
  const total = bills.reduce((sum, b) => sum + BigInt(b.amount), 0n);
  if (collected < 0 || BigInt(collected) > total) throw new RangeError(`cannot allocate ${collected} fen of bills totalling ${total}`);
  if (total === 0n) return bills.map((b) => ({ ...b, allocated: 0 }));
  const c = BigInt(collected);
  const parts = bills.map((b, index) => {
    const product = c * BigInt(b.amount);
    return { index, floor: product / total, remainder: product % total };
  });
  let left = c - parts.reduce((sum, p) => sum + p.floor, 0n);
  const byRemainder = [...parts].sort((x, y) => {
    if (x.remainder !== y.remainder) return x.remainder > y.remainder ? -1 : 1;
    const ax = bills[x.index].amount;
    const ay = bills[y.index].amount;
    return ax !== ay ? ay - ax : x.index - y.index; // bills are in key order, so the index breaks ties by key
  });
  for (const p of byRemainder) {
    if (left === 0n) break;
    p.floor += 1n;
    left -= 1n;
  }
  return bills.map((b, i) => ({ ...b, allocated: Number(parts[i].floor) }));
}
