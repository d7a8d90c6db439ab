/**
 * The number-segment table (号段表): which province, and city, a service number belongs to.
 * Mobile numbers match on their 7-digit prefix, fixed-line numbers on their area code, so
 * the lookup is longest-prefix over lengths 7 down to 3 (at most five map look-ups).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isProvinceCode, ProvinceCode } from './provinces';

export interface Segment {
  prefix: string;
  province: string;
  city: string;
}

/** A segment of the table: its province checked to be one of the contract's. */
export interface KnownSegment extends Segment {
  province: ProvinceCode;
}

export const DEFAULT_SEGMENTS_FILE = resolve(__dirname, '../../../data/number-segments.csv');
const MAX_PREFIX = 7;
const MIN_PREFIX = 3;

export class NumberSegmentTable {
  private readonly byPrefix = new Map<string, KnownSegment>();

  constructor(segments: Iterable<Segment>) {
    for (const s of segments) {
      if (!isProvinceCode(s.province)) throw new Error(`number segment ${s.prefix}: unknown province ${s.province}`);
      if (s.prefix.length < MIN_PREFIX || s.prefix.length > MAX_PREFIX) throw new Error(`number segment ${s.prefix}: prefix must be 3-7 digits`);
      if (this.byPrefix.has(s.prefix)) throw new Error(`number segment ${s.prefix} is listed twice`);
      this.byPrefix.set(s.prefix, { prefix: s.prefix, province: s.province, city: s.city });
    }
  }

  static fromCsvFile(path = DEFAULT_SEGMENTS_FILE): NumberSegmentTable {
    return new NumberSegmentTable(parseSegmentsCsv(readFileSync(path, 'utf8'), path));
  }

  /** The segment a service number belongs to, or undefined (→ RspCode 1001). */
  lookup(serviceNumber: string): KnownSegment | undefined {
    for (let n = Math.min(MAX_PREFIX, serviceNumber.length); n >= MIN_PREFIX; n--) {
      const hit = this.byPrefix.get(serviceNumber.slice(0, n));
      if (hit) return hit;
    }
    return undefined;
  }

  all(): KnownSegment[] {
    return [...this.byPrefix.values()];
  }
}

export function parseSegmentsCsv(text: string, source = 'segments'): Segment[] {
  const segments: Segment[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed === 'prefix,province,city') return;
    const [prefix, province, city] = trimmed.split(',');
    if (!/^[0-9]+$/.test(prefix ?? '') || !province || !city) throw new Error(`${source}:${i + 1}: expected "prefix,province,city"`);
    segments.push({ prefix, province, city });
  });
  return segments;
}
