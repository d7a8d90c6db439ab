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
 *
 * FULL and FAILED need no rule of their own: the pro-rata share of the whole total is each
 * bill, of 0 is 0. A status that disagrees with the amount (FULL short of the total, FAILED
 * with money) is refused, as 9.2.3 refuses it (4001): its shares could not both match the
 * status and sum to what was collected.
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
  const total = sorted.reduce((sum, b) => sum + BigInt(b.amount), 0n);
  const implied = status === 'FULL' ? total : status === 'FAILED' ? 0n : undefined;
  if (implied !== undefined && BigInt(collected) !== implied)
    throw new RangeError(`a ${status} collection is ${implied} fen of bills totalling ${total}, not ${collected}`);
  return proRata(collected, sorted, total);
}

function proRata(collected: number, bills: Billed[], total: bigint): Allocated[] {
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
    // Equal bills too: the sort is stable and parts are in key order, so the smaller key comes first.
    return bills[y.index].amount - bills[x.index].amount;
  });
  for (const p of byRemainder) {
    if (left === 0n) break;
    p.floor += 1n;
    left -= 1n;
  }
  return bills.map((b, i) => ({ ...b, allocated: Number(parts[i].floor) }));
}
