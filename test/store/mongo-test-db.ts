/**
 * Throwaway databases on the server MONGODB_URI names: each store the tests make gets a
 * database of its own (the URI's name plus a random run id and a counter), dropped after.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import mongoose, { Connection } from 'mongoose';
import type { StoreGuarantee } from './store-contract';

const URI_PARTS = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/([^?]*))?(\?.*)?$/;

/** `uri` with its database replaced by `database` (options kept). */
export function withDatabase(uri: string, database: string): string {
  const parts = URI_PARTS.exec(uri);
  if (!parts) throw new Error(`not a mongodb URI: ${uri}`);
  return `${parts[1]}/${database}${parts[3] ?? ''}`;
}

export function databaseOf(uri: string): string {
  return URI_PARTS.exec(uri)?.[2] || 'test';
}

/** host:port list of a URI, to tell whether two URIs name the same server. */
export function serverOf(uri: string): string | undefined {
  return URI_PARTS.exec(uri)?.[1].replace(/^mongodb(\+srv)?:\/\/([^@]*@)?/, '');
}

export type IndexSummary = { key: Record<string, number>; unique: boolean };

export class TestDatabases {
  private readonly runId = randomBytes(3).toString('hex');
  private count = 0;
  private admin: Connection | undefined;

  constructor(private readonly uri: string) {}

  /** A URI naming a database no one has used. */
  fresh(): string {
    return withDatabase(this.uri, `${databaseOf(this.uri)}_${this.runId}_${++this.count}`);
  }

  async drop(uri: string): Promise<void> {
    await (await this.connection()).useDb(databaseOf(uri), { useCache: false }).dropDatabase();
  }

  /** The server's buildInfo (FerretDB adds a ferretdbVersion field). */
  async buildInfo(): Promise<Record<string, unknown>> {
    const conn = await this.connection();
    return conn.db!.admin().buildInfo();
  }

  /** The indexes of each collection the database has (the core's, and the record kinds' the store opened), as key and uniqueness. */
  async indexes(uri: string): Promise<Record<string, IndexSummary[]>> {
    const db = (await this.connection()).useDb(databaseOf(uri), { useCache: false });
    const of = async (name: string): Promise<IndexSummary[]> =>
      (await db.collection(name).indexes()).map((i) => ({ key: i.key as Record<string, number>, unique: i.unique === true }));
    const names = (await db.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await of(name)] as const)));
  }

  async close(): Promise<void> {
    await this.admin?.close();
    this.admin = undefined;
  }

  private async connection(): Promise<Connection> {
    this.admin ??= await mongoose.createConnection(this.uri, { serverSelectionTimeoutMS: 5000, bufferCommands: false }).asPromise();
    return this.admin;
  }
}

/**
 * FerretDB v1 applies findAndModify/update as "query, change in Go, write back by _id"
 * without re-checking the filter (internal/handler/msg_findandmodify.go and
 * common.UpdateDocument; FerretDB issue #3040), so concurrent conditional updates can all
 * "win". Real MongoDB (and mongo-java-server) apply them atomically per document.
 */
export async function limitationsOf(dbs: TestDatabases): Promise<Partial<Record<StoreGuarantee, string>>> {
  const info = await dbs.buildInfo();
  if (typeof info.ferretdbVersion !== 'string') return {};
  return {
    'atomic-conditional-update': `FerretDB ${info.ferretdbVersion} does not apply findAndModify atomically (it re-reads nothing between its query and its write), so this MongoDB guarantee cannot be checked on it`,
  };
}

/**
 * MONGODB_URI, or undefined after registering what stands in for a suite without it: under
 * CI a failing test (.ci/run must start a MongoDB-compatible server), elsewhere a skipped one
 * that says how to get one. Call it inside the suite's describe, and return if it is undefined.
 */
export function mongoUriOrStandIn(what: string): string | undefined {
  const uri = process.env.MONGODB_URI || undefined;
  if (uri) return uri;
  if (process.env.CI === 'true')
    it('needs MONGODB_URI under CI', () => expect.fail(`MONGODB_URI is not set: .ci/run must start a MongoDB-compatible server (${what})`));
  else
    it('is skipped: MONGODB_URI is not set', function () {
      console.warn(`      !! SKIPPED ${what}: set MONGODB_URI (e.g. eval "export $(bash .ci/mongo-server.sh start)")`);
      this.skip();
    });
  return undefined;
}
