/**
 * China Standard Time (UTC+8, no daylight saving) in the contract's formats.
 * Computed by offset rather than through Intl: it is on every message's hot path.
 */
const CST_OFFSET_MS = 8 * 3600 * 1000;

// NaN equals no second, so the first call always computes its stamp: an initial -1 would have
// answered the empty initial stamp to a first call in the second before the epoch.
let cachedSecond = NaN;
let cachedStamp = '';

/** YYYYMMDDHHMMSS in CST. Every message head carries one, so the last second's is reused. */
export function cstTimestamp(at: number = Date.now()): string {
  const second = Math.floor(at / 1000);
  if (second !== cachedSecond) {
    cachedStamp = new Date(second * 1000 + CST_OFFSET_MS).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    cachedSecond = second;
  }
  return cachedStamp;
}

/** YYYYMMDD: the accounting (check) date of an instant. */
export function cstDate(at: number = Date.now()): string {
  return cstTimestamp(at).slice(0, 8);
}

/** YYYYMM: the bill cycle an instant falls in. */
export function cstCycle(at: number = Date.now()): string {
  return cstTimestamp(at).slice(0, 6);
}

/** The cycle n months before `cycle` (YYYYMM). */
export function previousCycle(cycle: string, n = 1): string {
  const months = Number(cycle.slice(0, 4)) * 12 + Number(cycle.slice(4, 6)) - 1 - n;
  return `${Math.floor(months / 12)}${String((months % 12) + 1).padStart(2, '0')}`;
}

/** Epoch ms of a YYYYMMDDHHMMSS CST timestamp. */
export function parseCstTimestamp(ts: string): number {
  const iso = `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}T${ts.slice(8, 10)}:${ts.slice(10, 12)}:${ts.slice(12, 14)}+08:00`;
  return Date.parse(iso);
}
