/**
 * The store port: what the gateway persists, in the domain's words. Two adapters implement
 * it — memory (the default, not persisted) and MongoDB through mongoose — and one contract
 * suite (test/store) holds both to the same behaviour.
 *
 * Every guarantee is single-document: idempotency comes from unique keys (an insert either
 * wins or returns the record that did), and state changes are conditional updates (a
 * transition happens only from the states it names, so of concurrent attempts exactly one
 * wins). No multi-document transactions are needed or used.
 */

/** Raised when the database cannot be reached or does not answer in time. */
export class StoreUnavailableError extends Error {
  constructor(message: string, readonly cause?: unknown) {
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
}

export interface JournalQuery {
  transIdO?: string;
  transIdH?: string;
  procId?: string;
  serviceNumber?: string;
  interfaceNumber?: string;
  from?: Date; // receivedAt >= from
  to?: Date; // receivedAt < to
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
}

// --------------------------------------------------------------- payments --

export type PaymentState = 'PENDING' | 'SUCCESS' | 'FAILED' | 'REVERSING' | 'REVERSED';

/** The answer given to the collecting province, kept so a duplicate gets the same one. */
export interface StoredAnswer {
  rspCode: string;
  rspDesc?: string;
  body: Record<string, unknown>;
}

export interface PaymentRecord {
  sender: string; // MsgSender of the 5.2.1 request; (sender, transIdO) is unique
  transIdO: string;
  transIdH: string; // unique
  procId: string;
  testFlag: '0' | '1'; // carried to the home province, also on the resolver's re-sends
  fingerprint: string; // of the request's content: same TransIDO, other content → 2001
  serviceNumber: string;
  collectProvince: string;
  homeProvince: string;
  amount: number; // fen
  payTime: string; // YYYYMMDDHHMMSS CST, as the collecting province sent it
  accountingDate: string; // YYYYMMDD CST, when HQ accepted it
  state: PaymentState;
  homeSerial?: string;
  balanceAfter?: number;
  answer?: StoredAnswer; // set once the outcome is definite
  attempts: number; // sends to the home province so far
  nextAttemptAt?: Date; // for PENDING / REVERSING: when the resolver should try again
  reversal?: ReversalInfo;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReversalInfo {
  sender: string;
  transIdO: string;
  transIdH: string;
  procId: string;
  reverseTime: string; // YYYYMMDDHHMMSS CST, as the collecting province sent it
  homeSerial?: string;
  balanceAfter?: number;
  requestedAt: Date;
}

export interface PaymentQuery {
  serviceNumber?: string;
  state?: PaymentState;
  collectProvince?: string;
  homeProvince?: string;
  accountingDate?: string;
  from?: Date; // createdAt >= from
  to?: Date;
}

export type InsertOutcome<T> = { inserted: true; record: T } | { inserted: false; existing: T };

export interface PaymentRepository {
  /** Inserts a new payment unless (sender, transIdO) exists; then returns the existing one. */
  insertIfAbsent(payment: PaymentRecord): Promise<InsertOutcome<PaymentRecord>>;
  bySenderTransIdO(sender: string, transIdO: string): Promise<PaymentRecord | undefined>;
  byTransIdH(transIdH: string): Promise<PaymentRecord | undefined>;
  /**
   * Applies `changes` to the payment transIdH only if its state is one of `from`, atomically;
   * returns the updated record, or undefined if it was not in such a state (someone else won).
   * A change whose value is undefined removes that field (e.g. nextAttemptAt once settled).
   * `ifAttempts` narrows the condition to that attempt count: how one of several gateway
   * instances claims a re-send without changing the state.
   */
  transition(transIdH: string, from: PaymentState[], changes: Partial<PaymentRecord>, ifAttempts?: number): Promise<PaymentRecord | undefined>;
  /** Payments in `states` whose nextAttemptAt is due, oldest first: the resolver's work list. */
  due(states: PaymentState[], now: Date, limit: number): Promise<PaymentRecord[]>;
  find(query: PaymentQuery, page: Page): Promise<PaymentRecord[]>;
  count(query: PaymentQuery): Promise<number>;
}

// ------------------------------------------------- keyed business documents --

/**
 * The records of the batch and document flows (reconciliation batches and results,
 * settlements, group bills, collections, revenue results): each kind has a natural key
 * that is unique, so a re-sent upload is recognised and a delivery is recorded once.
 */
export type DocumentKind =
  | 'pay-detail-batch' // 7.2.1: collectProvince + checkDate + batchNo
  | 'check-result' // 7.2.3: province + checkDate
  | 'settlement' // 8.2.1: month + province
  | 'group-bill' // 9.2.1: groupId + cycle + memberProvince
  | 'group-collection' // 9.2.3: groupId + cycle
  | 'revenue-result'; // 10.2.x: groupId + cycle + stage + province

export interface BusinessDocument {
  kind: DocumentKind;
  key: string; // the natural key, joined with '|'
  fingerprint: string; // of the content: the same key with other content is a conflict
  data: Record<string, unknown>;
  createdAt: Date;
}

export interface DocumentRepository {
  putIfAbsent(doc: BusinessDocument): Promise<InsertOutcome<BusinessDocument>>;
  get(kind: DocumentKind, key: string): Promise<BusinessDocument | undefined>;
  /** Documents of a kind whose key starts with `keyPrefix`, in key order. */
  list(kind: DocumentKind, keyPrefix: string, page: Page): Promise<BusinessDocument[]>;
}

// ------------------------------------------------------------------ store --

export interface Store {
  readonly kind: 'memory' | 'mongodb';
  readonly persistent: boolean;
  journal: JournalRepository;
  payments: PaymentRepository;
  documents: DocumentRepository;
  /** Resolves when the database answers a ping (for /ready). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
