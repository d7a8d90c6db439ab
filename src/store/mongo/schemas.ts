/**
 * The MongoDB collections behind the store port: one schema per record type, with the
 * indexes its queries and guarantees need. Unique indexes are what make insertIfAbsent /
 * putIfAbsent idempotent across gateway instances.
 *
 * Every schema lists every field of its port type (the `Fields` type makes tsc refuse a
 * schema that misses one) and runs with strict: 'throw', because mongoose's default is to
 * drop unknown fields silently — a field added to the port but not here would vanish in
 * MongoDB only. No field is `required`: mongoose's `required` also refuses '' for strings,
 * which the port allows; the port's types are the validation.
 */
import mongoose, { Connection, Model, Schema, SchemaDefinitionProperty, SchemaOptions } from 'mongoose';
import { BusinessDocument, JobRun, JournalEntry, Lease, NonceRecord } from '../ports';

/** A schema's fields: every field of the port type `T`, so tsc refuses a schema that misses one. */
export type Fields<T> = { [K in keyof Required<T>]: SchemaDefinitionProperty };

export const Mixed = Schema.Types.Mixed;

/**
 * versionKey: no __v (it versions arrays for document.save(); changes here are single updates).
 * minimize: false, or mongoose would drop empty objects such as `data: {}` or `body: {}`.
 */
const common: SchemaOptions = { versionKey: false, minimize: false, strict: 'throw' };

/** A schema with the store's options; a family's record kind makes its schemas with it too. */
export function schema<T>(fields: Fields<T>, options: SchemaOptions = {}): Schema {
  return new Schema(fields as mongoose.SchemaDefinition, { ...common, ...options });
}

// ---------------------------------------------------------------- journal --

const journalFields: Fields<JournalEntry> = {
  interfaceNumber: String,
  operation: String,
  direction: String,
  sender: String,
  receiver: String,
  province: String,
  transIdO: String,
  transIdH: String,
  procId: String,
  serviceNumber: String,
  rspCode: String,
  fault: String,
  httpStatus: Number,
  receivedAt: Date,
  durationMs: Number,
  requestXml: String,
  responseXml: String,
  truncated: Boolean,
  scope: String,
  scenario: Mixed,
  nearMisses: { type: [Mixed], default: undefined },
};

export const journalSchema = schema<JournalEntry>(journalFields, { collection: 'journal' });
// find() sorts newest first with _id as the tie-break (entries of one batch often share a
// millisecond), so paging with skip is deterministic; _id is in the sorted indexes so that
// MongoDB walks them in order instead of sorting the whole match in memory.
journalSchema.index({ receivedAt: -1, _id: 1 });
journalSchema.index({ transIdO: 1 });
journalSchema.index({ transIdH: 1 });
journalSchema.index({ procId: 1 });
journalSchema.index({ serviceNumber: 1, receivedAt: -1, _id: 1 });
journalSchema.index({ interfaceNumber: 1, receivedAt: -1, _id: 1 });
journalSchema.index({ scope: 1, receivedAt: -1, _id: 1 }); // a test suite reads its own scope's exchanges

// -------------------------------------------------------------- documents --

const documentFields: Fields<BusinessDocument> = {
  kind: String,
  key: String,
  fingerprint: String,
  data: Mixed,
  state: String,
  dueAt: Date,
  createdAt: Date,
  updatedAt: Date,
};

export const documentSchema = schema<BusinessDocument>(documentFields, { collection: 'documents' });
documentSchema.index({ kind: 1, key: 1 }, { unique: true });
// Streams by state walk this in key order; a dueBy condition is applied within the state's range.
documentSchema.index({ kind: 1, state: 1, key: 1 });
// A request HQ starts (a delivery) keeps the ids HQ issued for it in data.ids: no TransIDH is
// issued to two documents (a clash means two live instances shared an INSTANCE_ID).
documentSchema.index({ 'data.ids.transIdH': 1 }, { unique: true, sparse: true });

// ----------------------------------------------------------------- leases --

const leaseFields: Fields<Lease> = { name: String, owner: String, token: String, acquiredAt: Date, expiresAt: Date };

export const leaseSchema = schema<Lease>(leaseFields, { collection: 'leases' });
// One lease per name: a second acquirer's upsert meets this index and learns who holds it.
leaseSchema.index({ name: 1 }, { unique: true });

// --------------------------------------------------------------- job runs --

const runFields: Fields<JobRun> = {
  runId: String,
  job: String,
  params: Mixed,
  paramsKey: String,
  trigger: String,
  owner: String,
  startedAt: Date,
  finishedAt: Date,
  outcome: String,
  counts: Mixed,
  error: String,
  heldBy: String,
};

export const runSchema = schema<JobRun>(runFields, { collection: 'job_runs' });
runSchema.index({ runId: 1 }, { unique: true });
// list() is newest first, all runs or one job's (and of that, one params key's).
runSchema.index({ startedAt: -1, runId: -1 });
runSchema.index({ job: 1, startedAt: -1, runId: -1 });
runSchema.index({ job: 1, paramsKey: 1, startedAt: -1, runId: -1 });

// ----------------------------------------------------------------- nonces --

const nonceFields: Fields<NonceRecord> = { username: String, nonce: String, expiresAt: Date };

export const nonceSchema = schema<NonceRecord>(nonceFields, { collection: 'nonces' });
// A nonce is accepted once across all instances: the second insert meets this index.
nonceSchema.index({ username: 1, nonce: 1 }, { unique: true });
// MongoDB removes a nonce once its token would be refused as stale anyway (within a minute of it).
nonceSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

// ----------------------------------------------------------------- models --

export interface StoreModels {
  journal: Model<JournalEntry>;
  documents: Model<BusinessDocument>;
  leases: Model<Lease>;
  runs: Model<JobRun>;
  nonces: Model<NonceRecord>;
}

export function storeModels(conn: Connection): StoreModels {
  return {
    journal: conn.model<JournalEntry>('JournalEntry', journalSchema),
    documents: conn.model<BusinessDocument>('BusinessDocument', documentSchema),
    leases: conn.model<Lease>('Lease', leaseSchema),
    runs: conn.model<JobRun>('JobRun', runSchema),
    nonces: conn.model<NonceRecord>('Nonce', nonceSchema),
  };
}

/**
 * Creates the collections and any missing index, before the store is used. Unlike
 * syncIndexes() it never drops an index: several gateway instances start against one
 * database, and an index someone added by hand (or a changed definition, which then fails
 * here loudly) is for a person to decide about, not for a start-up to remove.
 */
export async function ensureIndexes(models: StoreModels): Promise<void> {
  for (const model of Object.values(models) as Array<Model<unknown>>) await ensureCollection(model);
}

/** Creates `model`'s collection and any missing index (see ensureIndexes); a record kind's mongo adapter calls it for its own. */
export async function ensureCollection<T>(model: Model<T>): Promise<void> {
  await model.createCollection().catch(ignoreNamespaceExists);
  await model.createIndexes();
}

function ignoreNamespaceExists(error: unknown): void {
  if ((error as { code?: unknown }).code !== 48) throw error;
}
