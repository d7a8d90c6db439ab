/**
 * The shape a record has once stored, shared by both adapters so they return the same
 * objects: MongoDB (BSON) keeps no `undefined` — an object key holding it is dropped and an
 * array element holding it becomes null — so the memory adapter stores records the same way.
 * Without this, `{ nextAttemptAt: undefined }` would be a present-but-undefined key in memory
 * and an absent one in MongoDB, and deep comparisons of records would differ by adapter.
 */

/** A deep copy of `value` without undefined object keys (undefined array elements → null). */
export function asStored<T>(value: T): T {
  return strip(value) as T;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : strip(item)));
  if (value instanceof Date) return new Date(value.getTime());
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  // for…in rather than Object.entries: no array of pairs per record (every journal entry and
  // family record goes through here). Plain objects only, so there are no inherited keys to skip.
  for (const key in value) {
    const item = value[key];
    if (item !== undefined) out[key] = strip(item);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
