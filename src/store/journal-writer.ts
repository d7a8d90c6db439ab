/**
 * Turns exchange records into journal entries and writes them in batches, off the request
 * path. Two kinds of entry:
 *  - most (queries) wait up to `flushDelayMs` for their batch to fill, and their answer never
 *    waits for the journal;
 *  - those of the interfaces in `durable` (the ones that move money) start a write at once, and
 *    `record` gives a promise that settles once their batch is written, which the answer waits
 *    for: a crash right after the answer cannot lose its entry. Entries queued before one are
 *    written in the same or an earlier batch (batches go in order), so a payment's province
 *    leg, recorded before its answer, is durable with it.
 * While the database is away entries stay queued and are written when it returns, bounded by
 * bytes (`maxQueuedBytes`, by default an eighth of the heap: queries keep flowing during an
 * outage and each entry holds its XML) and by count: past either the oldest are dropped,
 * counted (`dropped`) and told (`onDrop`), rather than the process running out of memory. A
 * durable entry's promise settles also when its write failed or it was dropped: an outage
 * holds no answer longer than one write attempt.
 */
import { getHeapStatistics } from 'node:v8';
import { ExchangeRecord } from '../journal/exchange-record';
import { JournalEntry, JournalRepository } from './ports';

export interface JournalWriterOptions {
  maxXmlChars?: number; // each of request/response XML is capped at this
  batchSize?: number;
  flushDelayMs?: number; // how long a record may wait for its batch to fill
  retryDelayMs?: number; // after a failed write
  maxQueued?: number;
  /** Bytes the queued entries may hold (estimated); default queueBytesForHeap(). */
  maxQueuedBytes?: number;
  /** Interface numbers whose entries are written before their answer goes (the families' money interfaces). */
  durable?: ReadonlySet<string>;
  onError?: (error: unknown, queued: number) => void;
  onDrop?: (dropped: number, reason: string) => void;
}

/** The default byte bound of the queue: an eighth of V8's heap limit, so an outage cannot take the heap. */
export function queueBytesForHeap(heapLimitBytes: number = getHeapStatistics().heap_size_limit): number {
  return Math.floor(heapLimitBytes / 8);
}

// An entry's fields and object beside its two XML strings, which V8 may hold two bytes a character.
const ENTRY_OVERHEAD_BYTES = 600;

interface Queued {
  entry: JournalEntry;
  bytes: number;
  written?: () => void; // a durable entry's waiter
}

export class JournalWriter {
  private queue: Queued[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Infinity;
  private immediate: NodeJS.Immediate | undefined;
  private writing: Promise<void> | undefined;
  private inFlight = 0; // entries at the head of the queue being written now: never dropped
  private readonly opts: Required<Omit<JournalWriterOptions, 'onError' | 'onDrop' | 'durable'>> & JournalWriterOptions;
  written = 0;
  dropped = 0;
  queuedBytes = 0;

  constructor(
    private readonly journal: JournalRepository,
    options: JournalWriterOptions = {},
  ) {
    this.opts = {
      maxXmlChars: 64 * 1024,
      batchSize: 500,
      flushDelayMs: 20,
      retryDelayMs: 1000,
      maxQueued: 200_000,
      maxQueuedBytes: queueBytesForHeap(),
      ...options,
    };
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Queues the record's entry; for a durable interface, a promise that settles once it is written (or could not be). */
  readonly record = (r: ExchangeRecord): Promise<void> | undefined => {
    const entry = this.toEntry(r);
    const queued: Queued = { entry, bytes: ENTRY_OVERHEAD_BYTES + 2 * (entry.requestXml.length + entry.responseXml.length) };
    this.queue.push(queued);
    this.queuedBytes += queued.bytes;
    this.bound();
    if (this.opts.durable?.has(r.interfaceNumber)) {
      const done = new Promise<void>((resolve) => (queued.written = resolve));
      this.schedule(0);
      return done;
    }
    this.schedule(this.queue.length >= this.opts.batchSize ? 0 : this.opts.flushDelayMs);
    return undefined;
  };

  /** Writes everything queued now; resolves when done or rejects if the database refuses. */
  async flush(): Promise<void> {
    this.clearTimer();
    while (this.writing) await this.writing.catch(() => undefined);
    while (this.queue.length) {
      const batch = this.queue.slice(0, this.opts.batchSize);
      this.inFlight = batch.length;
      this.writing = this.journal.appendMany(batch.map((q) => q.entry));
      try {
        await this.writing;
      } catch (error) {
        for (const q of this.queue) this.settle(q); // they stay queued, to be written when the database returns
        throw error;
      } finally {
        this.writing = undefined;
        this.inFlight = 0;
      }
      this.remove(batch.length);
      this.written += batch.length;
      for (const q of batch) this.settle(q);
    }
  }

  /** Past the count or the byte bound, drops the oldest entries not being written. */
  private bound(): void {
    const { maxQueued, maxQueuedBytes } = this.opts;
    if (this.queue.length <= maxQueued && this.queuedBytes <= maxQueuedBytes) return;
    let count = 0;
    let bytes = 0;
    for (let i = this.inFlight; i < this.queue.length - 1; i++) {
      if (this.queue.length - count <= maxQueued && this.queuedBytes - bytes <= maxQueuedBytes) break;
      bytes += this.queue[i].bytes;
      count++;
    }
    if (count === 0) return;
    const gone = this.queue.splice(this.inFlight, count);
    this.queuedBytes -= bytes;
    this.dropped += count;
    for (const q of gone) this.settle(q);
    const reason = this.queue.length > maxQueued ? `more than ${maxQueued} entries queued` : `more than ${maxQueuedBytes} bytes queued`;
    this.opts.onDrop?.(count, reason);
  }

  private remove(count: number): void {
    for (let i = 0; i < count; i++) this.queuedBytes -= this.queue[i].bytes;
    this.queue.splice(0, count);
  }

  private settle(q: Queued): void {
    q.written?.();
    q.written = undefined;
  }

  /** A write in `delay` ms, or sooner if one is already due sooner; 0: at the end of this turn of the event loop (every durable entry of the turn in one batch). */
  private schedule(delay: number): void {
    if (this.writing || this.immediate) return; // the write in progress, or the one coming, takes what is queued
    if (delay === 0) {
      this.clearTimer();
      this.immediate = setImmediate(() => {
        this.immediate = undefined;
        this.write();
      });
      return;
    }
    if (this.timer) {
      if (Date.now() + delay >= this.timerDue) return;
      this.clearTimer();
    }
    this.timerDue = Date.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDue = Infinity;
      this.write();
    }, delay);
    this.timer.unref();
  }

  private write(): void {
    this.flush().catch((error) => {
      this.opts.onError?.(error, this.queue.length);
      this.schedule(this.opts.retryDelayMs);
    });
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
  }

  private toEntry(r: ExchangeRecord): JournalEntry {
    const cap = this.opts.maxXmlChars;
    const truncated = r.requestXml.length > cap || r.responseXml.length > cap;
    return {
      interfaceNumber: r.interfaceNumber,
      operation: r.operation,
      direction: r.direction,
      sender: r.requestHead?.MsgSender,
      receiver: r.requestHead?.MsgReceiver,
      province: r.province,
      transIdO: r.requestHead?.TransIDO,
      transIdH: r.transIdH,
      procId: r.requestHead?.ProcID,
      serviceNumber: r.serviceNumber,
      rspCode: r.rspCode,
      fault: r.fault?.name,
      httpStatus: r.httpStatus,
      receivedAt: new Date(r.receivedAt),
      durationMs: r.durationMs,
      requestXml: r.requestXml.slice(0, cap),
      responseXml: r.responseXml.slice(0, cap),
      truncated,
      scope: r.scope,
      scenario: r.scenario,
      nearMisses: r.nearMisses,
    };
  }
}
