/**
 * The payment family's record kind: its repository in memory and on MongoDB, opened by the
 * store under the name "payments" (the collection's, as before). Whoever needs payments —
 * this family's handlers and resolver, a reconciliation to come — asks the store for
 * `store.records(PAYMENT_RECORDS)` once, when it is made, not per request.
 */
import { ensureCollection } from '../../store/mongo/schemas';
import { RecordKind } from '../../store/record-kinds';
import { MemoryPayments, paymentLimitForHeap } from './memory-payments';
import { MongoPayments } from './mongo-payments';
import { PaymentRecord, PaymentRepository } from './payment-port';
import { paymentSchema } from './payment-schema';

export const PAYMENT_RECORDS = new RecordKind<PaymentRepository>('payments', 'src/families/payment', {
  memory: () => new MemoryPayments(paymentLimitForHeap()),
  mongo: async (connection) => {
    const model = connection.model<PaymentRecord>('Payment', paymentSchema);
    await ensureCollection(model);
    return new MongoPayments(model);
  },
});
