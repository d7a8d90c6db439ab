/**
 * Payments in MongoDB. Idempotency comes from the unique (sender, transIdO) and transIdH
 * indexes; a state change is one conditional findOneAndUpdate, so of concurrent attempts
 * exactly one matches the `from` states and wins.
 */
import { Model } from 'mongoose';
import { InsertOutcome, Page } from '../../store/ports';
import { DaySide, PaymentQuery, PaymentRecord, PaymentRepository, PaymentState, PaymentTotal, PaymentTotalsField, PaymentTotalsQuery } from './payment-port';
import { asStored } from '../../store/stored-shape';
import { guarded, guardedStream, isDuplicateKey } from '../../store/mongo/errors';
import { definedOnly, fromStored, pageOf, Stored, timeRange } from '../../store/mongo/records';

export class MongoPayments implements PaymentRepository {
  constructor(private readonly model: Model<PaymentRecord>) {}

  async insertIfAbsent(payment: PaymentRecord): Promise<InsertOutcome<PaymentRecord>> {
    return guarded('payments.insertIfAbsent', async () => {
      try {
        const created = await this.model.create(asStored(payment));
        return { inserted: true, record: fromStored<PaymentRecord>(created.toObject()) };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Lost to a payment with the same (sender, transIdO): that one is the answer. If none
        // exists the clash was on transIdH alone, which is a bug in the caller, not a duplicate.
        const existing = await this.findOne({ sender: payment.sender, transIdO: payment.transIdO });
        if (!existing) throw new Error(`duplicate TransIDH ${payment.transIdH}`, { cause: error });
        return { inserted: false, existing };
      }
    });
  }

  async bySenderTransIdO(sender: string, transIdO: string): Promise<PaymentRecord | undefined> {
    return guarded('payments.bySenderTransIdO', () => this.findOne({ sender, transIdO }));
  }

  async byReversal(sender: string, transIdO: string): Promise<PaymentRecord | undefined> {
    const named = (field: string) => ({ [`${field}.sender`]: sender, [`${field}.transIdO`]: transIdO });
    return guarded('payments.byReversal', () => this.findOne({ $or: [named('reversal'), named('refusedReversal')] }));
  }

  async byTransIdH(transIdH: string): Promise<PaymentRecord | undefined> {
    return guarded('payments.byTransIdH', () => this.findOne({ transIdH }));
  }

  async transition(transIdH: string, from: PaymentState[], changes: Partial<PaymentRecord>, ifAttempts?: number): Promise<PaymentRecord | undefined> {
    const filter = { transIdH, state: { $in: from }, ...(ifAttempts !== undefined && { attempts: ifAttempts }) };
    const doc = await guarded('payments.transition', () =>
      this.model.findOneAndUpdate(filter, updateOf(changes), { returnDocument: 'after', upsert: false }).lean<Stored<PaymentRecord>>().exec(),
    );
    return doc ? fromStored(doc) : undefined;
  }

  async due(states: PaymentState[], now: Date, limit: number, exceptHomeProvinces?: readonly string[]): Promise<PaymentRecord[]> {
    if (limit <= 0) return [];
    const filter = {
      state: { $in: states },
      nextAttemptAt: { $lte: now },
      ...(exceptHomeProvinces && { homeProvince: { $nin: exceptHomeProvinces } }), // $nin of none excludes none
    };
    const docs = await guarded('payments.due', () =>
      this.model.find(filter).sort({ nextAttemptAt: 1, _id: 1 }).limit(limit).lean<Array<Stored<PaymentRecord>>>().exec(),
    );
    return docs.map((d) => fromStored(d));
  }

  async find(query: PaymentQuery, page: Page): Promise<PaymentRecord[]> {
    const window = pageOf(page);
    if (!window) return [];
    const docs = await guarded('payments.find', () =>
      this.model.find(filterOf(query)).sort({ createdAt: 1, transIdH: 1 }).skip(window.skip).limit(window.limit).lean<Array<Stored<PaymentRecord>>>().exec(),
    );
    return docs.map((d) => fromStored(d));
  }

  async count(query: PaymentQuery): Promise<number> {
    return guarded('payments.count', () => this.model.countDocuments(filterOf(query)).exec());
  }

  async totals(query: PaymentTotalsQuery, by: readonly PaymentTotalsField[]): Promise<PaymentTotal[]> {
    const match = { accountingDate: { $gte: query.fromDate, $lte: query.toDate }, state: { $in: query.states } };
    const id = Object.fromEntries(by.map((field) => [field, `$${field}`]));
    const groups = await guarded('payments.totals', () =>
      this.model
        .aggregate<{ _id: Record<string, string>; count: number; amount: number }>([
          { $match: match },
          { $group: { _id: id, count: { $sum: 1 }, amount: { $sum: '$amount' } } },
        ])
        .exec(),
    );
    return groups.map((g) => ({ group: Object.fromEntries(by.map((field) => [field, g._id[field]])), count: g.count, amount: Number(g.amount) }));
  }

  async *streamDay(side: DaySide, accountingDate: string): AsyncIterable<PaymentRecord> {
    const cursor = this.model
      .find({ ...side, accountingDate })
      .sort({ transIdO: 1 })
      .lean<Stored<PaymentRecord>>()
      .cursor({ batchSize: 1000 });
    try {
      for await (const doc of guardedStream('payments.streamDay', cursor)) yield fromStored<PaymentRecord>(doc as Stored<PaymentRecord>);
    } finally {
      await cursor.close();
    }
  }

  private async findOne(filter: Record<string, unknown>): Promise<PaymentRecord | undefined> {
    const doc = await this.model.findOne(filter).lean<Stored<PaymentRecord>>().exec();
    return doc ? fromStored(doc) : undefined;
  }
}

/**
 * The update for `changes`: defined values are $set, keys given as undefined are $unset
 * (the port's "remove this field"; mongoose would otherwise silently drop them), and
 * updatedAt is always stamped, as the memory adapter does.
 */
function updateOf(changes: Partial<PaymentRecord>): Record<string, unknown> {
  const unset = Object.keys(changes).filter((key) => changes[key as keyof PaymentRecord] === undefined && key !== 'updatedAt');
  const set = { ...asStored(changes), updatedAt: new Date() };
  return unset.length === 0 ? { $set: set } : { $set: set, $unset: Object.fromEntries(unset.map((key) => [key, 1])) };
}

function filterOf(q: PaymentQuery): Record<string, unknown> {
  return definedOnly({
    serviceNumber: q.serviceNumber,
    state: q.state,
    collectProvince: q.collectProvince,
    homeProvince: q.homeProvince,
    accountingDate: q.accountingDate,
    createdAt: timeRange(q.from, q.to),
  });
}
