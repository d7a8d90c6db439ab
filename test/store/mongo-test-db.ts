/**
 * Throwaway databases on the server MONGODB_URI names: each store the tests make gets a
 * database of its own (the URI's name plus a random run id and a counter), dropped after.
 */
import { randomBytes } from 'node:crypto';
import mongoose, { Connection } from 'mongoose';

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

  /** Each collection's indexes, as key and uniqueness. */
  async indexes(uri: string): Promise<Record<'journal' | 'payments' | 'documents' | 'leases' | 'job_runs', IndexSummary[]>> {
    const db = (await this.connection()).useDb(databaseOf(uri), { useCache: false });
    const of = async (name: string): Promise<IndexSummary[]> =>
      (await db.collection(name).indexes()).map((i) => ({ key: i.key as Record<string, number>, unique: i.unique === true }));
    return { journal: await of('journal'), payments: await of('payments'), documents: await of('documents'), leases: await of('leases'), job_runs: await of('job_runs') };
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
