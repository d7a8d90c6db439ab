/**
 * The journal writer: bounded by bytes while the database is away (the oldest dropped,
 * counted and told, never the process's heap), and the entries of the interfaces that move
 * money written before their answer goes.
 */
import { expect } from 'chai';
import { ExchangeRecord } from '../journal/exchange-record';
import { JournalWriter, queueBytesForHeap } from './journal-writer';
import { IdentifiedEntry, JournalEntry, JournalRepository, StoreUnavailableError } from './ports';

const record = (interfaceNumber: string, xmlChars = 100, transIdO = 'O1'): ExchangeRecord => ({
  interfaceNumber,
  direction: 'inbound',
  requestHead: { TransIDO: transIdO } as ExchangeRecord['requestHead'],
  rspCode: '0000',
  receivedAt: Date.now(),
  durationMs: 1,
  requestXml: 'q'.repeat(xmlChars),
  responseXml: 'a'.repeat(xmlChars),
});

/** A journal whose writes wait for the test's word: `release()` lets the pending ones through, `down` refuses them. */
class HeldJournal implements JournalRepository {
  readonly entries: JournalEntry[] = [];
  down = false;
  private waiting: Array<() => void> = [];
  calls = 0;

  async appendMany(entries: JournalEntry[]): Promise<void> {
    this.calls++;
    if (this.down) throw new StoreUnavailableError('the database is down');
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.entries.push(...entries);
  }
  release(): void {
    for (const go of this.waiting.splice(0)) go();
  }
  get pending(): number {
    return this.waiting.length;
  }
  async find(): Promise<JournalEntry[]> {
    return this.entries;
  }
  async count(): Promise<number> {
    return this.entries.length;
  }
  async findIdentified(): Promise<IdentifiedEntry[]> {
    return this.entries.map((entry, i) => ({ id: String(i), entry }));
  }
  async get(): Promise<IdentifiedEntry | undefined> {
    return undefined;
  }
  async removeScope(): Promise<number> {
    return 0;
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('journal writer', () => {
  describe('while the database is away: bounded by bytes', () => {
    it('keeps no more than its byte bound queued, dropping the oldest with a count and a reason', async () => {
      const journal = new HeldJournal();
      journal.down = true;
      const drops: Array<[number, string]> = [];
      const writer = new JournalWriter(journal, {
        maxQueuedBytes: 1_000_000,
        retryDelayMs: 60_000,
        onError: () => undefined,
        onDrop: (n, why) => drops.push([n, why]),
      });
      for (let i = 0; i < 100; i++) writer.record(record('4.2.1', 20_000, `O${i}`));
      expect(writer.queuedBytes, 'bytes held').to.be.at.most(1_000_000);
      expect(writer.dropped).to.be.greaterThan(50);
      expect(writer.dropped + writer.queued, 'every entry queued or counted as dropped').to.equal(100);
      expect(drops.reduce((sum, [n]) => sum + n, 0)).to.equal(writer.dropped);
      expect(drops[0][1]).to.contain('bytes');
      journal.down = false;
      const flushed = writer.flush();
      journal.release();
      await turn();
      journal.release();
      await flushed;
      expect(journal.entries.map((e) => e.transIdO).at(-1), 'the newest kept').to.equal('O99');
      expect(journal.entries[0].transIdO, 'the oldest dropped').to.not.equal('O0');
      expect(writer.queuedBytes).to.equal(0);
    });

    it('sizes its default bound in proportion to the heap', () => {
      expect(queueBytesForHeap(176 * 2 ** 20)).to.equal(22 * 2 ** 20);
      expect(queueBytesForHeap(4 * 2 ** 30)).to.equal(16 * queueBytesForHeap(256 * 2 ** 20));
    });
  });

  describe('entries that move money: durable before their answer', () => {
    it('starts writing a durable entry at once and settles its promise only once it is written', async () => {
      const journal = new HeldJournal();
      const writer = new JournalWriter(journal, { durable: new Set(['5.2.1']), flushDelayMs: 60_000 });
      expect(writer.record(record('4.2.1')), 'a query: nothing to wait for').to.equal(undefined);
      let written = false;
      void writer.record(record('5.2.1'))!.then(() => (written = true));
      await turn();
      expect(journal.pending, 'a write started without waiting for the batch delay').to.equal(1);
      expect(written, 'not before the write completed').to.equal(false);
      journal.release();
      await turn();
      expect(written).to.equal(true);
      expect(
        journal.entries.map((e) => e.interfaceNumber),
        'the query queued before it went in the same batch',
      ).to.deep.equal(['4.2.1', '5.2.1']);
    });

    it('settles a durable entry whose write failed (the answer is not held by an outage), and writes it when the database returns', async () => {
      const journal = new HeldJournal();
      journal.down = true;
      const writer = new JournalWriter(journal, { durable: new Set(['6.2.1']), retryDelayMs: 60_000, onError: () => undefined });
      await writer.record(record('6.2.1'));
      expect(writer.queued).to.equal(1);
      journal.down = false;
      const flushed = writer.flush();
      journal.release();
      await flushed;
      expect(journal.entries).to.have.length(1);
    });
  });
});
