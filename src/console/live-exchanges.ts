/**
 * Exchanges as they happen, for the console's live journal (GET /admin/events). The journal
 * is the record of what happened; this is only a window onto the last moments: while a console
 * is open the latest few are kept (for another that opens, or one that reconnects), and each
 * subscriber gets every new one. Records
 * are kept as they are (no copy per request: the gateway pays for this on every exchange);
 * what a subscriber is sent leaves the internal error stack out.
 */
import { ExchangeRecord } from '../journal/exchange-record';

export interface LiveEntry {
  seq: number;
  record: ExchangeRecord;
}

export type LiveListener = (entry: LiveEntry) => void;

export class LiveExchanges {
  private seq = 0;
  private readonly listeners = new Set<LiveListener>();
  private readonly recent: LiveEntry[] = [];
  private readonly closers = new Set<() => void>();

  /** `keep`: how many of the latest exchanges a new subscriber is given first. */
  constructor(private readonly keep = 200) {}

  publish(record: ExchangeRecord): void {
    // With nobody watching nothing is kept: a record held for the next 200 exchanges outlives
    // the young generation and is promoted, which the gateway pays for in every collection.
    if (this.listeners.size === 0) return;
    const entry = { seq: ++this.seq, record };
    this.recent.push(entry);
    if (this.recent.length > this.keep) this.recent.shift();
    for (const listener of this.listeners) listener(entry);
  }

  /** The latest exchanges, oldest first, then every new one; `onClose` when the gateway stops. Returns the unsubscribe. */
  subscribe(listener: LiveListener, onClose: () => void = () => undefined): () => void {
    for (const entry of this.recent) listener(entry);
    this.listeners.add(listener);
    this.closers.add(onClose);
    return () => {
      this.listeners.delete(listener);
      this.closers.delete(onClose);
    };
  }

  /** Ends every subscription: a stream held open would keep the drain from finishing. */
  close(): void {
    for (const close of [...this.closers]) close();
    this.listeners.clear();
    this.closers.clear();
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}

/** The JSON a subscriber is sent for one exchange. */
export function liveJson({ seq, record }: LiveEntry): string {
  const { internalError: _stack, ...shown } = record;
  return JSON.stringify({ seq, ...shown });
}
