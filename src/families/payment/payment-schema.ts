/**
 * The payments collection: every field of PaymentRecord (the `Fields` type makes tsc refuse
 * a schema that misses one), strict as the store's own schemas, and the indexes its queries
 * and guarantees need. The unique (sender, transIdO) and transIdH indexes are what make
 * insertIfAbsent idempotent across gateway instances.
 */
import { Fields, Mixed, schema } from '../../store/mongo/schemas';
import { StoredAnswer } from '../../store/ports';
import { PaymentRecord, RefusedReversal, ReversalInfo } from './payment-port';

const answerSchema = schema<StoredAnswer>({ rspCode: String, rspDesc: String, body: Mixed }, { _id: false });

const reversalSchema = schema<ReversalInfo>(
  {
    sender: String,
    transIdO: String,
    transIdH: String,
    procId: String,
    reverseTime: String,
    homeSerial: String,
    balanceAfter: Number,
    requestedAt: Date,
  },
  { _id: false },
);

const refusedReversalSchema = schema<RefusedReversal>({ sender: String, transIdO: String, transIdH: String, answer: answerSchema }, { _id: false });

const paymentFields: Fields<PaymentRecord> = {
  sender: String,
  transIdO: String,
  transIdH: String,
  procId: String,
  testFlag: String,
  fingerprint: String,
  serviceNumber: String,
  collectProvince: String,
  homeProvince: String,
  amount: Number,
  payTime: String,
  accountingDate: String,
  state: String,
  homeSerial: String,
  balanceAfter: Number,
  answer: answerSchema,
  attempts: Number,
  nextAttemptAt: Date,
  reversal: reversalSchema,
  refusedReversal: refusedReversalSchema,
  createdAt: Date,
  updatedAt: Date,
};

export const paymentSchema = schema<PaymentRecord>(paymentFields, { collection: 'payments' });
paymentSchema.index({ sender: 1, transIdO: 1 }, { unique: true });
paymentSchema.index({ transIdH: 1 }, { unique: true });
// Every TransIDH HQ issues is unique, a reversal's too: a clash means two instances share an INSTANCE_ID.
paymentSchema.index({ 'reversal.transIdH': 1 }, { unique: true, sparse: true });
paymentSchema.index({ state: 1, nextAttemptAt: 1 });
// byReversal(): a reversal's TransIDO used again, for another payment.
paymentSchema.index({ 'reversal.sender': 1, 'reversal.transIdO': 1 }, { sparse: true });
paymentSchema.index({ 'refusedReversal.sender': 1, 'refusedReversal.transIdO': 1 }, { sparse: true });
paymentSchema.index({ serviceNumber: 1, createdAt: 1 });
paymentSchema.index({ collectProvince: 1, accountingDate: 1, transIdO: 1 });
paymentSchema.index({ homeProvince: 1, accountingDate: 1, transIdO: 1 });
// totals() of a month (settlement): accounting dates in a range, by state.
paymentSchema.index({ accountingDate: 1, state: 1 });
// find() with no filter or only a createdAt range, in its sort order.
paymentSchema.index({ createdAt: 1, transIdH: 1 });
