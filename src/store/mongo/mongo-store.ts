/**
 * The MongoDB adapter of the store port, through mongoose on a connection of its own (not
 * mongoose's global one, so several stores — and tests — can coexist).
 *
 * Failing fast is the point of the options: bufferCommands off, so an operation while the
 * database is unreachable fails after serverSelectionTimeoutMS instead of queueing silently;
 * a socket timeout, so a server that accepted a request but stopped answering cannot hold a
 * caller forever. The driver reconnects on its own: after an outage the same Store works
 * again without being recreated.
 */
import mongoose, { Connection } from 'mongoose';
import { Store, StoreUnavailableError } from '../ports';
import { RecordKind, RecordShelf } from '../record-kinds';
import { guarded } from './errors';
import { MongoDocuments } from './mongo-documents';
import { MongoLeases, MongoRuns } from './mongo-jobs';
import { MongoJournal } from './mongo-journal';
import { MongoNonces } from './mongo-nonces';
import { ensureIndexes, storeModels } from './schemas';

export interface MongoStoreOptions {
  /** How long an operation waits for a reachable server before failing (default 2000). */
  serverSelectionTimeoutMS?: number;
  /** How long a TCP connect may take (default: serverSelectionTimeoutMS). */
  connectTimeoutMS?: number;
  /** How long a started operation may wait for its answer (default 10000). */
  socketTimeoutMS?: number;
  /** Overrides the database named in the URI. */
  dbName?: string;
  /** The families' record kinds, opened (collections and indexes made) before the store is returned. */
  records?: ReadonlyArray<RecordKind<unknown>>;
}

export async function createMongoStore(uri: string, options: MongoStoreOptions = {}): Promise<Store> {
  const serverSelectionTimeoutMS = options.serverSelectionTimeoutMS ?? 2000;
  const conn = mongoose.createConnection(uri, {
    bufferCommands: false,
    autoIndex: false, // indexes are created (awaited) below, not in the background
    autoCreate: false,
    serverSelectionTimeoutMS,
    connectTimeoutMS: options.connectTimeoutMS ?? serverSelectionTimeoutMS,
    socketTimeoutMS: options.socketTimeoutMS ?? 10_000,
    ...(options.dbName !== undefined && { dbName: options.dbName }),
  });
  try {
    await guarded('connect', () => conn.asPromise());
    const models = storeModels(conn);
    await guarded('index creation', () => ensureIndexes(models));
    const shelf = new RecordShelf('mongodb', false);
    for (const kind of options.records ?? []) await guarded(`index creation (${kind.name})`, () => shelf.open(kind, (k) => k.adapters.mongo(conn)));
    return storeOn(conn, models, shelf);
  } catch (error) {
    await conn.close(true).catch(() => undefined);
    throw error;
  }
}

function storeOn(conn: Connection, models: ReturnType<typeof storeModels>, shelf: RecordShelf): Store {
  return {
    kind: 'mongodb',
    persistent: true,
    journal: new MongoJournal(models.journal),
    documents: new MongoDocuments(models.documents),
    leases: new MongoLeases(models.leases),
    runs: new MongoRuns(models.runs),
    nonces: new MongoNonces(models.nonces),
    records: (kind) => shelf.get(kind),
    ping: () => ping(conn),
    close: () => conn.close(),
  };
}

async function ping(conn: Connection): Promise<void> {
  await guarded('ping', async () => {
    if (!conn.db) throw new StoreUnavailableError('MongoDB connection is closed');
    await conn.db.admin().ping();
  });
}
