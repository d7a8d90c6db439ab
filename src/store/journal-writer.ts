/**
 * Turns exchange records into journal entries and writes them in batches, off the request
 * path: an answer never waits for the journal. When the database is down the entries stay
 * queued and are written when it returns (bounded: past `maxQueued` the oldest are dropped,
 * counted and logged, rather than the process running out of memory).
 */
import { ExchangeRecord } from '../journal/exchange-record';
import { JournalEntry, JournalRepository } from './ports';

export interface JournalWriterOptions {
  maxXmlChars?: number; // each of request/response XML is capped at this
  batchSize?: number;
  flushDelayMs?: number; // how long a record may wait for its batch to fill
  retryDelayMs?: number; // after a failed write
  maxQueued?: number;
  onError?: (error: unknown, queued: number) => void;
  onDrop?: (dropped: number) => void;
}

export class JournalWriter {
  private queue: JournalEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private readonly opts: Required<Omit<JournalWriterOptions, 'onError' | 'onDrop'>> & JournalWriterOptions;
  written = 0;
  dropped = 0;

  constructor(
    private readonly journal: JournalRepository,
    options: JournalWriterOptions = {},
  ) {
    this.opts = { maxXmlChars: 64 * 1024, batchSize: 500, flushDelayMs: 20, retryDelayMs: 1000, maxQueued: 200_000, ...options };
  }

  get queued(): number {
    return this.queue.length;
  }

  readonly record = (r: ExchangeRecord): void => {
    this.queue.push(this.toEntry(r));
    if (this.queue.length > this.opts.maxQueued) {
      const excess = this.queue.length - this.opts.maxQueued;
      this.queue.splice(0, excess);
      this.dropped += excess;
      this.opts.onDrop?.(excess);
    }
    if (this.queue.length >= this.opts.batchSize) this.schedule(0);
    else this.schedule(this.opts.flushDelayMs);
  };

  /** Writes everything queued now; resolves when done or rejects if the database refuses. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing) await this.writing.catch(() => undefined);
    while (this.queue.length) {
      const batch = this.queue.slice(0, this.opts.batchSize);
      this.writing = this.journal.appendMany(batch);
      try {
        await this.writing;
      } finally {
        this.writing = undefined;
      }
      this.queue.splice(0, batch.length);
      this.written += batch.length;
    }
  }

  private schedule(delay: number): void {
    if (this.timer || this.writing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error) => {
        this.opts.onError?.(error, this.queue.length);
        this.schedule(this.opts.retryDelayMs);
      });
    }, delay);
    this.timer.unref();
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
