/** What the payment family's handlers and resolver use: what every handler gets, its records and its settings. */
import { HandlerDeps } from '../../handlers/handler-deps';
import { PaymentRepository } from './payment-port';
import { PaymentSettings } from './payment-settings';

export interface PaymentLimits extends PaymentSettings {
  /** How long a duplicate waits for the original's outcome before answering 3002. */
  duplicateWaitMs: number;
}

export interface PaymentDeps extends HandlerDeps {
  /** The family's records (store.records(PAYMENT_RECORDS)), asked for once when the family is made. */
  payments: PaymentRepository;
  settings: PaymentLimits;
}
