/**
 * Payments in memory: the default when no MONGODB_URI is set. Same semantics as the MongoDB
 * adapter (payments-contract.ts runs both); each operation completes within one turn of the
 * event loop, which is what makes its check-then-write steps atomic. Records are copied in
 * and out so callers can never change stored state by holding a reference.
 */
import { getHeapStatistics } from 'node:v8';
import { InsertOutcome, Page, StoreUnavailableError } from '../../store/ports';
import { asStored } from '../../store/stored-shape';
import { DaySide, PaymentQuery, PaymentRecord, PaymentRepository, PaymentState, PaymentTotal, PaymentTotalsField, PaymentTotalsQuery } from './payment-port';

const copy = <T>(value: T): T => structuredClone(value);
/** Copies a record in as MongoDB stores it: without undefined keys, at any depth. */
const keep = <T>(value: T): T => asStored(value);

/**
 * Payments are the idempotency record, so none is ever dropped; past `limit` a new one is
 * refused as "store unavailable" (a 9999 fault that says to configure MongoDB) rather than
 * letting the process run out of memory.
 */
export class MemoryPayments implements PaymentRepository {
  private readonly byH = new Map<string, PaymentRecord>();
  private readonly bySender = new Map<string, string>(); // sender|transIdO → transIdH

  constructor(private readonly limit: number) {}

  async insertIfAbsent(payment: PaymentRecord): Promise<InsertOutcome<PaymentRecord>> {
    const existingH = this.bySender.get(`${payment.sender}|${payment.transIdO}`);
    if (existingH !== undefined) return { inserted: false, existing: copy(this.byH.get(existingH)!) };
    if (this.byH.size >= this.limit) {
      throw new StoreUnavailableError(`the in-memory store holds its limit of ${this.limit} payments; configure MONGODB_URI to keep more`);
    }
    if (this.byH.has(payment.transIdH)) throw new Error(`duplicate TransIDH ${payment.transIdH}`);
    const stored = keep(payment);
    this.byH.set(payment.transIdH, stored);
    this.bySender.set(`${payment.sender}|${payment.transIdO}`, payment.transIdH);
    return { inserted: true, record: copy(stored) };
  }

  async bySenderTransIdO(sender: string, transIdO: string): Promise<PaymentRecord | undefined> {
    const h = this.bySender.get(`${sender}|${transIdO}`);
    return h === undefined ? undefined : copy(this.byH.get(h));
  }

  async byReversal(sender: string, transIdO: string): Promise<PaymentRecord | undefined> {
    // A scan: reversals are rare, and the memory store holds a bounded number of payments.
    const named = (r: { sender: string; transIdO: string } | undefined) => r !== undefined && r.sender === sender && r.transIdO === transIdO;
    for (const p of this.byH.values()) if (named(p.reversal) || named(p.refusedReversal)) return copy(p);
    return undefined;
  }

  async byTransIdH(transIdH: string): Promise<PaymentRecord | undefined> {
    const p = this.byH.get(transIdH);
    return p && copy(p);
  }

  async transition(transIdH: string, from: PaymentState[], changes: Partial<PaymentRecord>, ifAttempts?: number): Promise<PaymentRecord | undefined> {
    const current = this.byH.get(transIdH);
    if (!current || !from.includes(current.state)) return undefined;
    if (ifAttempts !== undefined && current.attempts !== ifAttempts) return undefined;
    const updated: PaymentRecord = { ...current, ...keep(changes), updatedAt: new Date() };
    for (const key of Object.keys(changes) as Array<keyof PaymentRecord>) if (changes[key] === undefined) delete updated[key];
    this.byH.set(transIdH, updated);
    return copy(updated);
  }

  async due(states: PaymentState[], now: Date, limit: number, exceptHomeProvinces?: readonly string[]): Promise<PaymentRecord[]> {
    return [...this.byH.values()]
      .filter((p) => states.includes(p.state) && p.nextAttemptAt !== undefined && p.nextAttemptAt <= now && !exceptHomeProvinces?.includes(p.homeProvince))
      .sort((a, b) => a.nextAttemptAt!.getTime() - b.nextAttemptAt!.getTime())
      .slice(0, limit)
      .map(copy);
  }

  async find(query: PaymentQuery, page: Page): Promise<PaymentRecord[]> {
    return (
      this.matching(query)
        // Ties in code-unit order, as MongoDB compares strings (localeCompare would not).
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.transIdH < b.transIdH ? -1 : a.transIdH > b.transIdH ? 1 : 0))
        .slice(page.skip ?? 0, (page.skip ?? 0) + page.limit)
        .map(copy)
    );
  }

  async count(query: PaymentQuery): Promise<number> {
    return this.matching(query).length;
  }

  async totals(query: PaymentTotalsQuery, by: readonly PaymentTotalsField[]): Promise<PaymentTotal[]> {
    const groups = new Map<string, PaymentTotal>();
    for (const p of this.byH.values()) {
      if (p.accountingDate < query.fromDate || p.accountingDate > query.toDate || !query.states.includes(p.state)) continue;
      const key = JSON.stringify(by.map((field) => p[field]));
      const total = groups.get(key) ?? { group: Object.fromEntries(by.map((field) => [field, p[field]])), count: 0, amount: 0 };
      total.count++;
      total.amount += p.amount;
      groups.set(key, total);
    }
    return [...groups.values()];
  }

  async *streamDay(side: DaySide, accountingDate: string): AsyncIterable<PaymentRecord> {
    const day = this.matching({ ...side, accountingDate }).sort((a, b) => (a.transIdO < b.transIdO ? -1 : a.transIdO > b.transIdO ? 1 : 0));
    for (const payment of day) yield copy(payment);
  }

  private matching(q: PaymentQuery): PaymentRecord[] {
    return [...this.byH.values()].filter(
      (p) =>
        (q.serviceNumber === undefined || p.serviceNumber === q.serviceNumber) &&
        (q.state === undefined || p.state === q.state) &&
        (q.collectProvince === undefined || p.collectProvince === q.collectProvince) &&
        (q.homeProvince === undefined || p.homeProvince === q.homeProvince) &&
        (q.accountingDate === undefined || p.accountingDate === q.accountingDate) &&
        (q.from === undefined || p.createdAt >= q.from) &&
        (q.to === undefined || p.createdAt < q.to),
    );
  }
}

// Measured (docs/BENCHMARKS.md): a payment held in memory, with its journal traffic, costs about
// 3 KB of heap; the rest of a busy gateway (code, contracts, requests in flight, the 5,000-entry
// journal, the young generation) about 110 MB. (Measured before the journal's XML moved off the
// heap into its ring, memory-journal.ts: the bound is on the safe side.)
const HEAP_FOR_THE_REST = 112 * 2 ** 20;
const HEAP_PER_PAYMENT = 4 * 2 ** 10; // 3 KB measured, with a margin

/**
 * How many payments fit in a heap of `heapLimitBytes` (V8's heap_size_limit) next to
 * everything else: 16,384 in the 128 MB old space that `npm start` and the image set (176 MB
 * in all; MAX_HEAP_MB raises it). Past it a new payment is refused with a 9999 that says to
 * configure MONGODB_URI, where before the process ran out of heap and died.
 */
export function paymentLimitForHeap(heapLimitBytes: number = getHeapStatistics().heap_size_limit): number {
  return Math.max(1_000, Math.floor((heapLimitBytes - HEAP_FOR_THE_REST) / HEAP_PER_PAYMENT));
}
