/**
 * The store port: what the gateway persists, in the domain's words — the journal, keyed
 * documents, leases, job runs, and the record kinds families declare. Two adapters implement
 * it — memory (the default, not persisted) and MongoDB through mongoose — and one contract
 * suite (test/store) holds both to the same behaviour.
 *
 * Every guarantee is single-document: idempotency comes from unique keys (an insert either
 * wins or returns the record that did), and state changes are conditional updates (a
 * transition happens only from the states it names, so of concurrent attempts exactly one
 * wins). No multi-document transactions are needed or used.
 */

import type { NearMiss, ScenarioFired } from '../journal/scope';
import type { RecordKind } from './record-kinds';
import type { NonceRegistry } from '../wire/security/nonce-cache';

/** Raised when the database cannot be reached or does not answer in time. */
export class StoreUnavailableError extends Error {
  constructor(
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

// ---------------------------------------------------------------- journal --

export interface JournalEntry {
  interfaceNumber: string;
  operation?: string;
  direction: 'inbound' | 'outbound';
  sender?: string; // MsgSender of the request
  receiver?: string;
  province?: string;
  transIdO?: string;
  transIdH?: string;
  procId?: string;
  serviceNumber?: string;
  rspCode: string;
  fault?: string;
  httpStatus?: number;
  receivedAt: Date;
  durationMs: number;
  requestXml: string; // capped; see `truncated`
  responseXml: string;
  truncated: boolean;
  /** The test scope (journal/scope.ts); absent: the default. */
  scope?: string;
  /** Mock mode: the scenario that fired, or the scenarios that came closest when none did. */
  scenario?: ScenarioFired;
  nearMisses?: NearMiss[];
}

/** An entry with the id the journal knows it by (GET /admin/journal/{id}). */
export interface IdentifiedEntry {
  id: string;
  entry: JournalEntry;
}

export interface JournalQuery {
  transIdO?: string;
  transIdH?: string;
  procId?: string;
  serviceNumber?: string;
  interfaceNumber?: string;
  from?: Date; // receivedAt >= from
  to?: Date; // receivedAt < to
  province?: string;
  rspCode?: string;
  direction?: 'inbound' | 'outbound';
  /** The id of the scenario that fired. */
  scenario?: string;
  /** The test scope; 'default' also finds the entries that name none. */
  scope?: string;
}

export interface Page {
  limit: number;
  skip?: number;
}

export interface JournalRepository {
  appendMany(entries: JournalEntry[]): Promise<void>;
  /** Newest first. */
  find(query: JournalQuery, page: Page): Promise<JournalEntry[]>;
  count(query: JournalQuery): Promise<number>;
  /** As find, each entry with its id. */
  findIdentified(query: JournalQuery, page: Page): Promise<IdentifiedEntry[]>;
  get(id: string): Promise<IdentifiedEntry | undefined>;
  /** Removes the entries of a test scope (a scope reset); how many. */
  removeScope(scope: string): Promise<number>;
}

// ------------------------------------------------------------ shared shapes --

/** An answer given to a province, kept so that a repeated request gets the same one. */
export interface StoredAnswer {
  rspCode: string;
  rspDesc?: string;
  body: Record<string, unknown>;
}

export type InsertOutcome<T> = { inserted: true; record: T } | { inserted: false; existing: T };

// ------------------------------------------------- keyed business documents --

/**
 * The records of the batch and document flows and of HQ-started work: each kind has a
 * natural key that is unique, so a re-sent upload is recognised and a delivery is recorded
 * once. Kinds are not listed here: each family registers its own (store/document-kinds.ts),
 * and an unregistered kind is refused, so a misspelt kind cannot quietly become a new one.
 */
export type DocumentKind = string;

export interface BusinessDocument {
  kind: DocumentKind;
  key: string; // the natural key, joined with '|'
  fingerprint: string; // of the content: the same key with other content is a conflict
  data: Record<string, unknown>;
  /** Where the document is in its kind's lifecycle; absent for kinds without one. */
  state?: string;
  /** When a job should next look at it (a retry, a deadline); absent when nothing is due. */
  dueAt?: Date;
  createdAt: Date;
  /** Set by every transition. */
  updatedAt?: Date;
}

/**
 * What a transition changes. `data` is merged one top-level field at a time (a field given
 * as undefined is removed), so a transition never has to carry what it does not change;
 * `dueAt: undefined` removes the due time.
 */
export interface DocumentChanges {
  state?: string;
  data?: Record<string, unknown>;
  dueAt?: Date;
  fingerprint?: string;
}

/**
 * More a transition may require besides the state: data fields holding exactly these
 * values. How a worker claims a step by a counter (an attempt number) within one state,
 * as a repository's attempt-count condition does.
 */
export interface TransitionCondition {
  data?: Record<string, string | number | boolean>;
}

/** A streamed selection of one kind, in key order; the conditions given are all applied. */
export interface DocumentQuery {
  kind: DocumentKind;
  keyPrefix?: string;
  /** One state, or any of several. */
  state?: string | string[];
  /** Only documents whose dueAt is at or before this instant. */
  dueBy?: Date;
}

export interface DocumentRepository {
  putIfAbsent(doc: BusinessDocument): Promise<InsertOutcome<BusinessDocument>>;
  get(kind: DocumentKind, key: string): Promise<BusinessDocument | undefined>;
  /** Documents of a kind whose key starts with `keyPrefix`, in key order. */
  list(kind: DocumentKind, keyPrefix: string, page: Page): Promise<BusinessDocument[]>;
  /**
   * Applies `changes` to the document only if its state is one of `fromStates`, atomically;
   * returns the updated document, or undefined if it was in no such state (someone else
   * won, or it does not exist). Of concurrent transitions from one state exactly one wins.
   */
  transition(
    kind: DocumentKind,
    key: string,
    fromStates: string[],
    changes: DocumentChanges,
    condition?: TransitionCondition,
  ): Promise<BusinessDocument | undefined>;
  /**
   * The documents `query` selects, in key order, read as they are consumed (a cursor on
   * MongoDB), so a selection far larger than memory can be walked. Leaving the loop early
   * releases the cursor.
   */
  stream(query: DocumentQuery): AsyncIterableIterator<BusinessDocument>;
}

// ----------------------------------------------------------------- leases --

/**
 * Who does a piece of exclusive work (a job for given parameters) among several gateway
 * instances: one lease per name. The holder renews it while it works; once it has expired
 * (its holder died or hung) anyone may take it over.
 */
export interface Lease {
  name: string;
  owner: string; // the holding instance
  /** The holding run: renew and release must name it, so a run that lost its lease cannot touch the next holder's. */
  token: string;
  acquiredAt: Date;
  expiresAt: Date;
}

export type LeaseOutcome =
  | { acquired: true; lease: Lease; tookOver?: Lease } // tookOver: the expired lease this one replaced
  | { acquired: false; heldBy: Lease };

export interface LeaseRepository {
  /** Takes the lease `name` if no one holds it or its expiry is at or before `now`. */
  acquire(name: string, owner: string, token: string, now: Date, ttlMs: number): Promise<LeaseOutcome>;
  /** Extends the lease held under `token`; undefined if it is no longer that token's. */
  renew(name: string, token: string, now: Date, ttlMs: number): Promise<Lease | undefined>;
  /** Gives the lease up if `token` still holds it; whether it did. */
  release(name: string, token: string): Promise<boolean>;
  get(name: string): Promise<Lease | undefined>;
}

// -------------------------------------------------------------- job runs --

export type RunOutcome = 'running' | 'ok' | 'failed' | 'skipped-lease-held';
/** What started a run: its schedule, someone asking (admin endpoint, CLI), or another job. */
export type RunTrigger = 'schedule' | 'demand' | 'job';

export interface JobRun {
  runId: string; // unique
  job: string;
  params: Record<string, string>;
  paramsKey: string; // the params in one canonical string: what a lease and a query name
  trigger: RunTrigger;
  owner: string; // the instance that ran it
  startedAt: Date;
  finishedAt?: Date;
  outcome: RunOutcome;
  /** What the handler reported doing, by name (e.g. delivered: 31). */
  counts: Record<string, number>;
  error?: string;
  heldBy?: string; // for skipped-lease-held: the instance holding the lease
}

export interface RunQuery {
  job?: string;
  paramsKey?: string;
  outcome?: RunOutcome;
}

export type RunResult = Pick<JobRun, 'outcome' | 'counts' | 'finishedAt'> & { error?: string };

export interface JobRunRepository {
  insert(run: JobRun): Promise<void>;
  /** Closes run `runId` if it is still running; returns it closed, or undefined if it was closed already. */
  finish(runId: string, result: RunResult): Promise<JobRun | undefined>;
  get(runId: string): Promise<JobRun | undefined>;
  /** Newest first (startedAt, ties by runId). */
  list(query: RunQuery, page: Page): Promise<JobRun[]>;
}

// ------------------------------------------------------------------ store --

/** An accepted nonce as MongoDB keeps it: the TTL index removes it after `expiresAt`. */
export interface NonceRecord {
  username: string;
  nonce: string;
  expiresAt: Date;
}

export interface Store {
  readonly kind: 'memory' | 'mongodb';
  readonly persistent: boolean;
  journal: JournalRepository;
  documents: DocumentRepository;
  leases: LeaseRepository;
  runs: JobRunRepository;
  /**
   * The nonces of accepted WS-Security UsernameTokens (wire/security/nonce-cache.ts): on
   * MongoDB shared by every instance and kept across restarts (unique user + nonce, removed by
   * a TTL index once expired); in memory this process's own.
   */
  nonces: NonceRegistry;
  /**
   * A family's records (record-kinds.ts): its repository of `kind` in this store. Memory opens
   * a kind when first asked; MongoDB only those it was created with, and refuses the others.
   */
  records<R>(kind: RecordKind<R>): R;
  /** Resolves when the database answers a ping (for /ready). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
