/**
 * The in-memory journal: the newest `limit` entries, for a bare machine and for demos (a
 * journal of every exchange would otherwise grow without end).
 *
 * Nothing of an entry stays on the V8 heap: its fields (as JSON) and its XML both ways are
 * written into a byte ring (text-ring.ts says why), and the index of where each entry lies is
 * kept in typed arrays. Kept as objects, the entries outlived two young-generation collections,
 * were copied into the old generation and were what brought its full collections (measured,
 * docs/BENCHMARKS.md). Reading is the dear side, as it should be here: a query decodes the
 * fields of every entry kept. The ring holds about 4 KB per entry; when larger messages fill
 * it first, the oldest entries go sooner.
 */
import { DEFAULT_SCOPE } from '../../journal/scope';
import { IdentifiedEntry, JournalEntry, JournalQuery, JournalRepository, Page } from '../ports';
import { RingSlot, TextRing } from './text-ring';

type Fields = Omit<JournalEntry, 'requestXml' | 'responseXml' | 'receivedAt'> & { receivedAt: number | null }; // epoch ms (null: an invalid date)

const BYTES_PER_ENTRY = 4 * 1024;
const MIN_RING_BYTES = 1024 * 1024; // room for the largest message the journal writer passes (64 K characters) several times
const FIELDS = 0,
  REQUEST = 1,
  RESPONSE = 2; // the three texts of an entry, in the order they are written

export class MemoryJournal implements JournalRepository {
  private readonly ring: TextRing;
  // Entry k's texts are slots 3k, 3k+1, 3k+2; entries form a circle of `limit`, oldest at `first`.
  private readonly at: Float64Array;
  private readonly length: Uint32Array;
  private readonly utf16: Uint8Array;
  private first = 0;
  private kept = 0;
  /** Entries ever appended: entry number n (its id) lies at k = n % limit while it is kept. */
  private appended = 0;
  /** 1 where a scope reset removed the entry at k (until k is written again). */
  private readonly removed: Uint8Array;

  constructor(private readonly limit: number) {
    this.ring = new TextRing(Math.max(MIN_RING_BYTES, limit * BYTES_PER_ENTRY));
    this.at = new Float64Array(limit * 3);
    this.length = new Uint32Array(limit * 3);
    this.utf16 = new Uint8Array(limit * 3);
    this.removed = new Uint8Array(limit);
  }

  async appendMany(entries: JournalEntry[]): Promise<void> {
    for (const e of entries) this.append(e);
    // The ring may have overwritten the oldest entries' texts: they go.
    while (this.kept > 0 && !this.ring.holds(this.slot(this.first, FIELDS))) this.dropOldest();
  }

  async find(query: JournalQuery, page: Page): Promise<JournalEntry[]> {
    return (await this.findIdentified(query, page)).map((found) => found.entry);
  }

  async findIdentified(query: JournalQuery, page: Page): Promise<IdentifiedEntry[]> {
    const skip = page.skip ?? 0;
    return this.matching(query)
      .sort((a, b) => (b.fields.receivedAt ?? NaN) - (a.fields.receivedAt ?? NaN) || 0) // newest first
      .slice(skip, skip + page.limit)
      .map(({ k, fields }) => this.identified(k, fields));
  }

  async get(id: string): Promise<IdentifiedEntry | undefined> {
    const n = /^\d{1,15}$/.test(id) ? Number(id) : -1;
    if (n < this.appended - this.kept || n >= this.appended) return undefined;
    const k = n % this.limit;
    if (this.removed[k] === 1) return undefined;
    return this.identified(k, JSON.parse(this.ring.read(this.slot(k, FIELDS))) as Fields);
  }

  async removeScope(scope: string): Promise<number> {
    const found = this.matching({ scope });
    for (const { k } of found) this.removed[k] = 1;
    return found.length;
  }

  private identified(k: number, fields: Fields): IdentifiedEntry {
    // The entry number of position k: the newest append at k (appended - 1 lies at (appended - 1) % limit).
    const newest = this.appended - 1;
    const id = newest - ((newest - k + this.limit) % this.limit);
    const entry: JournalEntry = {
      ...fields,
      receivedAt: new Date(fields.receivedAt ?? NaN),
      requestXml: this.ring.read(this.slot(k, REQUEST)),
      responseXml: this.ring.read(this.slot(k, RESPONSE)),
    };
    return { id: String(id), entry };
  }

  async count(query: JournalQuery): Promise<number> {
    return this.matching(query).length;
  }

  private append(e: JournalEntry): void {
    if (this.kept === this.limit) this.dropOldest();
    const k = (this.first + this.kept) % this.limit;
    const max = this.ring.maxChars;
    this.keep(k, FIELDS, this.ring.put(JSON.stringify(fieldsOf(e, max))));
    this.keep(k, REQUEST, this.ring.put(e.requestXml.slice(0, max)));
    this.keep(k, RESPONSE, this.ring.put(e.responseXml.slice(0, max)));
    this.removed[k] = 0;
    this.kept++;
    this.appended++;
  }

  private dropOldest(): void {
    this.first = (this.first + 1) % this.limit;
    this.kept--;
  }

  private keep(k: number, part: number, slot: RingSlot): void {
    const i = k * 3 + part;
    this.at[i] = slot.at;
    this.length[i] = slot.length;
    this.utf16[i] = slot.utf16 ? 1 : 0;
  }

  private slot(k: number, part: number): RingSlot {
    const i = k * 3 + part;
    return { at: this.at[i], length: this.length[i], utf16: this.utf16[i] === 1 };
  }

  /** Matching entries, oldest first, with their fields decoded. */
  private matching(q: JournalQuery): Array<{ k: number; fields: Fields }> {
    const from = q.from?.getTime();
    const to = q.to?.getTime();
    const found: Array<{ k: number; fields: Fields }> = [];
    for (let n = 0; n < this.kept; n++) {
      const k = (this.first + n) % this.limit;
      if (this.removed[k] === 1) continue;
      const e = JSON.parse(this.ring.read(this.slot(k, FIELDS))) as Fields;
      if (
        (q.transIdO === undefined || e.transIdO === q.transIdO) &&
        (q.transIdH === undefined || e.transIdH === q.transIdH) &&
        (q.procId === undefined || e.procId === q.procId) &&
        (q.serviceNumber === undefined || e.serviceNumber === q.serviceNumber) &&
        (q.interfaceNumber === undefined || e.interfaceNumber === q.interfaceNumber) &&
        (from === undefined || (e.receivedAt ?? NaN) >= from) &&
        (to === undefined || (e.receivedAt ?? NaN) < to) &&
        (q.province === undefined || e.province === q.province) &&
        (q.rspCode === undefined || e.rspCode === q.rspCode) &&
        (q.direction === undefined || e.direction === q.direction) &&
        (q.scenario === undefined || e.scenario?.id === q.scenario) &&
        (q.scope === undefined || (e.scope ?? DEFAULT_SCOPE) === q.scope)
      ) {
        found.push({ k, fields: e });
      }
    }
    return found;
  }
}

/**
 * The entry's fields, every one named. (Copied with rest and spread instead, `{ ...rest }`, they
 * made V8 keep each entry's copy past two young-generation collections and into the old one:
 * measured in a replay of 6,000 entries a second, ~200 KB promoted per scavenge against ~15 KB.)
 */
function fieldsOf(e: JournalEntry, maxChars: number): Fields {
  const fields = {
    interfaceNumber: e.interfaceNumber,
    operation: e.operation,
    direction: e.direction,
    sender: e.sender,
    receiver: e.receiver,
    province: e.province,
    transIdO: e.transIdO,
    transIdH: e.transIdH,
    procId: e.procId,
    serviceNumber: e.serviceNumber,
    rspCode: e.rspCode,
    fault: e.fault,
    httpStatus: e.httpStatus,
    receivedAt: e.receivedAt.getTime(),
    durationMs: e.durationMs,
    truncated: e.truncated || e.requestXml.length > maxChars || e.responseXml.length > maxChars,
    scope: e.scope,
    scenario: e.scenario,
    nearMisses: e.nearMisses,
  };
  return fields satisfies Record<keyof Fields, unknown>; // a field added to JournalEntry must be named here
}
