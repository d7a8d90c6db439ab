/**
 * GET /admin/events: the live exchanges as server-sent events (one `exchange` event each, its
 * data the JSON of a LiveExchange), behind the admin API's access check. A subscriber that
 * reads slower than exchanges arrive has its oldest undelivered events dropped, and is told
 * how many in a `dropped` event, rather than buffering without bound.
 */
import { Request, Response } from 'express';
import { LiveEntry, LiveExchanges, liveJson } from './live-exchanges';

/** Undelivered events one subscriber may have waiting before the oldest are dropped. */
const MAX_PENDING = 500;
/** A comment line now and then keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15000;

export function eventStream(live: LiveExchanges) {
  return (req: Request, res: Response): void => {
    res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    const pending: LiveEntry[] = [];
    let dropped = 0;
    let writing = false;
    const flush = () => {
      if (writing) return;
      if (dropped > 0) {
        res.write(`event: dropped\ndata: ${dropped}\n\n`);
        dropped = 0;
      }
      while (pending.length > 0) {
        const entry = pending.shift()!;
        const ok = res.write(`event: exchange\nid: ${entry.seq}\ndata: ${liveJson(entry)}\n\n`);
        if (!ok) {
          writing = true;
          res.once('drain', () => {
            writing = false;
            flush();
          });
          return;
        }
      }
    };
    const unsubscribe = live.subscribe(
      (entry) => {
        pending.push(entry);
        if (pending.length > MAX_PENDING) {
          pending.shift();
          dropped += 1;
        }
        flush();
      },
      () => res.end(),
    );
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  };
}
