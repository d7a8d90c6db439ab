/** Payments for the payment records' contract suite and the store tests: complete, typed, and distinct per call. */
import { at, T0 } from '../../../test/store/store-fixtures';
import { PaymentRecord } from './payment-port';

let sequence = 0;
const next = (): string => String(++sequence).padStart(6, '0');

/** A payment with only the fields every payment has. */
export function payment(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  const n = next();
  return {
    sender: 'BILL11',
    transIdO: `O${n}`,
    transIdH: `H${n}`,
    procId: `P${n}`,
    testFlag: '0',
    fingerprint: `fp${n}`,
    serviceNumber: '13000000001',
    collectProvince: '11',
    homeProvince: '36',
    amount: 5000,
    payTime: '20240301160000',
    accountingDate: '20240301',
    state: 'PENDING',
    attempts: 0,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** A payment with every optional field set, nested ones included. */
export function settledPayment(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  const base = payment(overrides);
  return {
    ...base,
    state: 'SUCCESS',
    homeSerial: 'HS1',
    balanceAfter: -250,
    answer: { rspCode: '0000', rspDesc: 'ok', body: { HomeSerial: 'HS1', Nested: { Empty: {}, List: [1, 'two', null] } } },
    attempts: 2,
    nextAttemptAt: at(60_000),
    reversal: {
      sender: 'BILL11',
      transIdO: `R${base.transIdO}`,
      transIdH: `R${base.transIdH}`,
      procId: `R${base.procId}`,
      reverseTime: '20240301170000',
      homeSerial: 'HS2',
      balanceAfter: 4750,
      requestedAt: at(3_600_000),
    },
    ...overrides,
  };
}
