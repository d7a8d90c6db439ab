/** Small conversions between what the port speaks and what MongoDB stores. */
import { Page } from '../ports';

/** A record as read back with lean(): the port's shape plus MongoDB's own _id (and __v). */
export type Stored<T> = T & { _id?: unknown; __v?: unknown };

/** The port's record: MongoDB's bookkeeping fields removed. Dates already come back as Date. */
export function fromStored<T>(doc: Stored<T>): T {
  const record: Record<string, unknown> = { ...doc };
  delete record._id;
  delete record.__v;
  return record as T;
}

/**
 * The page as skip/limit, or undefined when it selects nothing: MongoDB reads limit 0 as
 * "no limit", while the port (and the memory adapter) read it as an empty page.
 */
export function pageOf(page: Page): { skip: number; limit: number } | undefined {
  if (page.limit <= 0) return undefined;
  return { skip: Math.max(0, page.skip ?? 0), limit: page.limit };
}

/**
 * The strings that start with `prefix`, as a range: [prefix, the next string after all of
 * them). A range rather than an anchored $regex because it uses the index the same way and
 * every MongoDB-compatible server has it (mongo-java-server's H2 backend has no $regex).
 * MongoDB orders strings by code point (UTF-8 bytes), so the bound is computed by code point.
 */
export function prefixRange(prefix: string): { $gte: string; $lt?: string } {
  const points = [...prefix].map((c) => c.codePointAt(0)!);
  while (points.length > 0 && points[points.length - 1] === 0x10ffff) points.pop();
  if (points.length === 0) return { $gte: prefix }; // '' or all maximal: no upper bound
  const last = points.pop()! + 1;
  points.push(last === 0xd800 ? 0xe000 : last); // skip the surrogate range
  return { $gte: prefix, $lt: String.fromCodePoint(...points) };
}

/** `{$gte: from, $lt: to}` for the bounds given, or undefined for none. */
export function timeRange(from?: Date, to?: Date): { $gte?: Date; $lt?: Date } | undefined {
  if (from === undefined && to === undefined) return undefined;
  return { ...(from && { $gte: from }), ...(to && { $lt: to }) };
}

/** A filter with the undefined conditions left out (the port's "not given"). */
export function definedOnly(conditions: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(conditions).filter(([, value]) => value !== undefined));
}
