/**
 * For tests: the payment records with an interleaving forced. The memory adapter finishes
 * each operation within one turn of the event loop, and requests one after another rarely
 * overlap, so the paths where two requests both read "absent" (or "SUCCESS", or "due") and
 * then race at the unique key or the conditional update would never run. `meetAt` makes the
 * next callers of one read wait for each other after the read, before they go on to write
 * (or, met at `insertIfAbsent`, before either inserts): exactly the race the unique index and
 * the conditional updates must decide.
 */
import { InsertOutcome, Page, Store } from '../../store/ports';
import { RecordShelf } from '../../store/record-kinds';
import { DaySide, PaymentQuery, PaymentRecord, PaymentRepository, PaymentState, PaymentTotal, PaymentTotalsField, PaymentTotalsQuery } from './payment-port';
import { PAYMENT_RECORDS } from './payment-store';

type Read = 'bySenderTransIdO' | 'byTransIdH' | 'due' | 'insertIfAbsent';

interface Meeting {
  read: Read;
  callers: number;
  arrived: Array<() => void>;
  met: boolean;
}

export class MeetingPayments implements PaymentRepository {
  private meeting: Meeting | undefined;
  /** What each insertIfAbsent answered, in order: `false` is a caller that lost the race at the unique key. */
  readonly inserts: boolean[] = [];

  constructor(
    private readonly inner: PaymentRepository,
    /** How long callers wait for the others before going on alone (the test then sees `met` false). */
    private readonly patienceMs = 3000,
  ) {}

  /**
   * The next `callers` calls of `read` each wait, after reading, until all have read. Resolves
   * true once they met, false if they did not within the patience (the race was not forced).
   */
  meetAt(read: Read, callers: number): () => boolean {
    const meeting: Meeting = { read, callers, arrived: [], met: false };
    this.meeting = meeting;
    return () => meeting.met;
  }

  private async meet(read: Read): Promise<void> {
    const meeting = this.meeting;
    if (!meeting || meeting.read !== read) return;
    await new Promise<void>((resolve) => {
      meeting.arrived.push(resolve);
      if (meeting.arrived.length === meeting.callers) {
        meeting.met = true;
        this.meeting = undefined;
        for (const go of meeting.arrived) go();
      } else setTimeout(resolve, this.patienceMs).unref();
    });
  }

  async insertIfAbsent(payment: PaymentRecord): Promise<InsertOutcome<PaymentRecord>> {
    await this.meet('insertIfAbsent');
    const outcome = await this.inner.insertIfAbsent(payment);
    this.inserts.push(outcome.inserted);
    return outcome;
  }

  async bySenderTransIdO(sender: string, transIdO: string): Promise<PaymentRecord | undefined> {
    const found = await this.inner.bySenderTransIdO(sender, transIdO);
    await this.meet('bySenderTransIdO');
    return found;
  }

  byReversal(sender: string, transIdO: string): Promise<PaymentRecord | undefined> {
    return this.inner.byReversal(sender, transIdO);
  }

  async byTransIdH(transIdH: string): Promise<PaymentRecord | undefined> {
    const found = await this.inner.byTransIdH(transIdH);
    await this.meet('byTransIdH');
    return found;
  }

  transition(transIdH: string, from: PaymentState[], changes: Partial<PaymentRecord>, ifAttempts?: number): Promise<PaymentRecord | undefined> {
    return this.inner.transition(transIdH, from, changes, ifAttempts);
  }

  async due(states: PaymentState[], now: Date, limit: number, exceptHomeProvinces?: readonly string[]): Promise<PaymentRecord[]> {
    const found = await this.inner.due(states, now, limit, exceptHomeProvinces);
    await this.meet('due');
    return found;
  }

  find(query: PaymentQuery, page: Page): Promise<PaymentRecord[]> {
    return this.inner.find(query, page);
  }

  count(query: PaymentQuery): Promise<number> {
    return this.inner.count(query);
  }

  totals(query: PaymentTotalsQuery, by: readonly PaymentTotalsField[]): Promise<PaymentTotal[]> {
    return this.inner.totals(query, by);
  }

  streamDay(side: DaySide, accountingDate: string): AsyncIterable<PaymentRecord> {
    return this.inner.streamDay(side, accountingDate);
  }
}

/**
 * `store` with `payments` as its payment records, for gateways that share it: closing one
 * gateway leaves the store open (the test closes it once, at the end).
 */
export async function storeWithPayments(store: Store, payments: PaymentRepository): Promise<Store> {
  const shelf = new RecordShelf(store.kind, false);
  await shelf.open(PAYMENT_RECORDS, async () => payments);
  return {
    ...store,
    records: (kind) => (kind === PAYMENT_RECORDS ? shelf.get(kind) : store.records(kind)),
    close: async () => undefined,
  };
}
