/**
 * The in-memory journal: the newest `limit` entries, for a bare machine and for demos (a
 * journal of every exchange would otherwise grow without end). Their XML lives in a byte ring
 * off the V8 heap (text-ring.ts says why); the ring holds about 4 KB per entry, and when
 * larger messages fill it first, the oldest entries go sooner.
 */
import { JournalEntry, JournalQuery, JournalRepository, Page } from '../ports';
import { asStored } from '../stored-shape';
import { RingSlot, TextRing } from './text-ring';

type Kept = Omit<JournalEntry, 'requestXml' | 'responseXml'> & { requestXml: RingSlot; responseXml: RingSlot };

const BYTES_PER_ENTRY = 4 * 1024;
const MIN_RING_BYTES = 1024 * 1024; // room for the largest message the journal writer passes (64 K characters) several times

export class MemoryJournal implements JournalRepository {
  private entries: Kept[] = [];
  private readonly ring: TextRing;

  constructor(private readonly limit: number) {
    this.ring = new TextRing(Math.max(MIN_RING_BYTES, limit * BYTES_PER_ENTRY));
  }

  async appendMany(entries: JournalEntry[]): Promise<void> {
    for (const e of entries) this.entries.push(this.keep(e));
    // The ring may have overwritten the oldest entries' XML: they go. The count is trimmed
    // in chunks so the cost of dropping is spread, not paid on every append.
    let gone = 0;
    while (gone < this.entries.length && !this.ring.holds(this.entries[gone].requestXml)) gone++;
    if (gone) this.entries.splice(0, gone);
    if (this.entries.length > this.limit * 1.1) this.entries = this.entries.slice(this.entries.length - this.limit);
  }

  async find(query: JournalQuery, page: Page): Promise<JournalEntry[]> {
    return this.matching(query)
      .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime())
      .slice(page.skip ?? 0, (page.skip ?? 0) + page.limit)
      .map((e) => this.entryOf(e));
  }

  async count(query: JournalQuery): Promise<number> {
    return this.matching(query).length;
  }

  private keep(e: JournalEntry): Kept {
    const max = this.ring.maxChars;
    const { requestXml, responseXml, ...rest } = e;
    const kept = asStored(rest) as Kept;
    for (const key of Object.keys(kept) as Array<keyof Kept>) {
      const value = kept[key];
      // Ids parsed from a message are slices of its whole text, which they would keep alive.
      if (typeof value === 'string') (kept as unknown as Record<string, string>)[key] = unsliced(value);
    }
    kept.truncated = e.truncated || requestXml.length > max || responseXml.length > max;
    kept.requestXml = this.ring.put(requestXml.slice(0, max));
    kept.responseXml = this.ring.put(responseXml.slice(0, max));
    return kept;
  }

  /** A copy of what was kept, XML read back from the ring. */
  private entryOf(e: Kept): JournalEntry {
    const { requestXml, responseXml, ...rest } = e;
    return { ...structuredClone(rest), requestXml: this.ring.read(requestXml), responseXml: this.ring.read(responseXml) };
  }

  private matching(q: JournalQuery): Kept[] {
    return this.entries.filter(
      (e) =>
        (q.transIdO === undefined || e.transIdO === q.transIdO) &&
        (q.transIdH === undefined || e.transIdH === q.transIdH) &&
        (q.procId === undefined || e.procId === q.procId) &&
        (q.serviceNumber === undefined || e.serviceNumber === q.serviceNumber) &&
        (q.interfaceNumber === undefined || e.interfaceNumber === q.interfaceNumber) &&
        (q.from === undefined || e.receivedAt >= q.from) &&
        (q.to === undefined || e.receivedAt < q.to),
    );
  }
}

const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * A copy of `s` that refers to no larger string: V8 shares the text of a slice of 13 characters
 * or more with the string it was cut from. (One with unpaired surrogates, which UTF-8 cannot
 * carry and no validated message has, is kept as it is.)
 */
function unsliced(s: string): string {
  return s.length < 13 || !isWellFormed(s) ? s : Buffer.from(s, 'utf8').toString('utf8');
}
