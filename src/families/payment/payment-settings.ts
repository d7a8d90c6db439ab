/** The payment family's section of the configuration: the single-payment limit and the resolver's pace. */
import type { SettingsReader } from '../../config';

export interface PaymentSettings {
  singlePaymentLimitFen: number;
  /** How often the resolver looks for unknown outcomes that are due. */
  resolverIntervalMs: number;
  /** First re-send of an unknown outcome after this long; doubles each attempt. */
  resolverBaseDelayMs: number;
  resolverMaxDelayMs: number;
  /** After this many sends the payment is left for daily reconciliation. */
  resolverMaxAttempts: number;
  /** Re-sends in flight to one home province at most; provinces are re-sent to side by side. */
  resolverProvinceConcurrency: number;
}

export function paymentSettings(read: SettingsReader): PaymentSettings {
  const settings: PaymentSettings = {
    singlePaymentLimitFen: read.int('PAYMENT_LIMIT_FEN', 1_000_000, 1, Number.MAX_SAFE_INTEGER),
    resolverIntervalMs: read.int('RESOLVER_INTERVAL_MS', 1000, 10, 3_600_000),
    resolverBaseDelayMs: read.int('RESOLVER_BASE_DELAY_MS', 2000, 1, 3_600_000),
    resolverMaxDelayMs: read.int('RESOLVER_MAX_DELAY_MS', 60_000, 1, 86_400_000),
    resolverMaxAttempts: read.int('RESOLVER_MAX_ATTEMPTS', 10, 1, 1000),
    resolverProvinceConcurrency: read.int('RESOLVER_PROVINCE_CONCURRENCY', 4, 1, 100),
  };
  if (settings.resolverBaseDelayMs > settings.resolverMaxDelayMs) {
    read.problem(`RESOLVER_BASE_DELAY_MS (${settings.resolverBaseDelayMs}) must not be longer than RESOLVER_MAX_DELAY_MS (${settings.resolverMaxDelayMs})`);
  }
  return settings;
}
