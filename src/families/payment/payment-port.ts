/**
 * The payment family's records: one per 5.2.1 payment (and its 6.2.1 reversal), the
 * idempotency record of the money. A record kind of its own (payment-store.ts), with
 * a memory and a MongoDB adapter held to one contract (payments-contract.ts).
 */
import { InsertOutcome, Page, StoredAnswer } from '../../store/ports';

export type PaymentState = 'PENDING' | 'SUCCESS' | 'FAILED' | 'REVERSING' | 'REVERSED';

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
  refusedReversal?: RefusedReversal; // the last reversal the home province refused (the payment is SUCCESS again)
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

/** A reversal the home province refused, kept so that its copies get its answer again. */
export interface RefusedReversal {
  sender: string;
  transIdO: string;
  transIdH: string;
  answer: StoredAnswer;
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

/** The fields payments can be totalled by (totals()). */
export type PaymentTotalsField = 'collectProvince' | 'homeProvince' | 'accountingDate' | 'state';

/** Payments of accounting dates from `fromDate` to `toDate` (YYYYMMDD, both included) in one of `states`. */
export interface PaymentTotalsQuery {
  fromDate: string;
  toDate: string;
  states: PaymentState[];
}

/** One group of totals(): the grouping fields' values, how many payments and their amount (fen). */
export interface PaymentTotal {
  group: Partial<Record<PaymentTotalsField, string>>;
  count: number;
  amount: number;
}

export interface PaymentRepository {
  /** Inserts a new payment unless (sender, transIdO) exists; then returns the existing one. */
  insertIfAbsent(payment: PaymentRecord): Promise<InsertOutcome<PaymentRecord>>;
  bySenderTransIdO(sender: string, transIdO: string): Promise<PaymentRecord | undefined>;
  byTransIdH(transIdH: string): Promise<PaymentRecord | undefined>;
  /** The payment whose reversal (in progress, done or refused) the sender sent under this TransIDO, if any. */
  byReversal(sender: string, transIdO: string): Promise<PaymentRecord | undefined>;
  /**
   * Applies `changes` to the payment transIdH only if its state is one of `from`, atomically;
   * returns the updated record, or undefined if it was not in such a state (someone else won).
   * A change whose value is undefined removes that field (e.g. nextAttemptAt once settled).
   * `ifAttempts` narrows the condition to that attempt count: how one of several gateway
   * instances claims a re-send without changing the state.
   */
  transition(transIdH: string, from: PaymentState[], changes: Partial<PaymentRecord>, ifAttempts?: number): Promise<PaymentRecord | undefined>;
  /**
   * Payments in `states` whose nextAttemptAt is due, oldest first: the resolver's work list;
   * none of a home province in `exceptHomeProvinces` (those the resolver has enough sends to already).
   */
  due(states: PaymentState[], now: Date, limit: number, exceptHomeProvinces?: readonly string[]): Promise<PaymentRecord[]>;
  find(query: PaymentQuery, page: Page): Promise<PaymentRecord[]>;
  count(query: PaymentQuery): Promise<number>;
  /**
   * Count and amount of the payments `query` selects, grouped by the fields `by` (a month's
   * pairs, say), in no particular order: computed where the payments are (an aggregation on
   * MongoDB), so the caller holds one entry per group, never the payments.
   */
  totals(query: PaymentTotalsQuery, by: readonly PaymentTotalsField[]): Promise<PaymentTotal[]>;
  /**
   * The payments of one accounting day of one collecting (or home) province, in TransIDO
   * order, read as they are consumed (a cursor on MongoDB): what a reconciliation merges with
   * the province's own records, and what a check file lists, without holding a day in memory.
   */
  streamDay(side: DaySide, accountingDate: string): AsyncIterable<PaymentRecord>;
}

/** Whose payments a day stream selects: those a province collected, or those into its numbers. */
export type DaySide = { collectProvince: string } | { homeProvince: string };
