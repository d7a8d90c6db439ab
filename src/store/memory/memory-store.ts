/**
 * The in-memory store: the default when no MONGODB_URI is set, so `npm start` works on a
 * bare machine. Same semantics as the MongoDB adapter (the contract suite runs both); each
 * operation completes within one turn of the event loop, which is what makes its
 * check-then-write steps atomic. Records are copied in and out so callers can never
 * change stored state by holding a reference.
 */
import { Store } from '../ports';
import { RecordShelf } from '../record-kinds';
import { MemoryDocuments } from './memory-documents';
import { MemoryLeases, MemoryRuns } from './memory-jobs';
import { MemoryJournal } from './memory-journal';
import { NonceCache } from '../../wire/security/nonce-cache';

export interface MemoryStoreOptions {
  /** How many journal entries are kept (the newest); default 5,000 (their XML in a ring of 4 KB per entry, off the heap). */
  journalLimit?: number;
  /** How many job runs are kept (the newest); default 10,000. */
  runLimit?: number;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  // Families' record kinds open on first use: in memory there is nothing to prepare.
  const shelf = new RecordShelf('memory', true);
  return {
    kind: 'memory',
    persistent: false,
    journal: new MemoryJournal(options.journalLimit ?? 5_000),
    documents: new MemoryDocuments(),
    leases: new MemoryLeases(),
    runs: new MemoryRuns(options.runLimit ?? 10_000),
    nonces: new NonceCache(), // per process, as before: one instance, nothing kept across restarts
    records: (kind) => shelf.get(kind),
    ping: async () => undefined,
    close: async () => undefined,
  };
}
