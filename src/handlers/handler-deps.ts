/** What handlers may use: the contracts, the province client, the store, the limits. */
import { ContractCatalogue } from '../contract/catalogue';
import { ProvinceClient } from '../provinces/province-client';
import { Store } from '../store/ports';

export interface PaymentSettings {
  singlePaymentLimitFen: number;
  /** How often the resolver looks for unknown outcomes that are due. */
  resolverIntervalMs: number;
  /** First re-send of an unknown outcome after this long; doubles each attempt. */
  resolverBaseDelayMs: number;
  resolverMaxDelayMs: number;
  /** After this many sends the payment is left for daily reconciliation. */
  resolverMaxAttempts: number;
  /** How long a duplicate waits for the original's outcome before answering 3002. */
  duplicateWaitMs: number;
}

export interface HandlerDeps {
  contracts: ContractCatalogue;
  provinces: ProvinceClient;
  store: Store;
  payments: PaymentSettings;
  now?: () => number; // tests move time; defaults to Date.now
}
