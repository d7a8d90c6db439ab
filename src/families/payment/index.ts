/**
 * The payment family (chapters 5 and 6): 5.2.1 RemotePay and 6.2.1 RemotePayReverse served
 * by HQ; 5.2.2 Pay and 6.2.2 PayReverse are their H→P legs to the home province. Reads
 * top-down: remote-pay.ts, remote-pay-reverse.ts, home-province.ts (the two legs and what
 * their outcomes mean), payment-records.ts (settling once, duplicates), pending-resolver.ts
 * (the job that settles unknown outcomes), payment-rules.ts (the contract's rules).
 *
 * Its records are the kind PAYMENT_RECORDS (payment-store.ts: payment-port.ts, memory and
 * MongoDB adapters, payments-contract.ts); its settings payment-settings.ts; its gauge the
 * pending payments. The mock provinces' side of 5.2.2 and 6.2.2 is in
 * mocks/province-billing/billing-handlers.ts (pay, payReverse; a TransIDH applied once).
 */
import { FamilyDeps, defineFamily } from '../family';
import { PaymentDeps } from './payment-deps';
import { PaymentSettings, paymentSettings } from './payment-settings';
import { PAYMENT_RECORDS } from './payment-store';
import { pendingResolverJob } from './pending-resolver';
import { remotePay } from './remote-pay';
import { remotePayReverse } from './remote-pay-reverse';
import { InFlight } from './payment-records';

export { PendingResolver, pendingResolverJob, RESOLVER_JOB } from './pending-resolver';
export { PAYMENT_RECORDS } from './payment-store';

export const paymentFamily = defineFamily<PaymentSettings>({
  name: 'payment',
  interfaces: ['5.2.1', '5.2.2', '6.2.1', '6.2.2'],
  records: [PAYMENT_RECORDS],
  // They move money: each entry is durable before its answer goes. Their province legs (5.2.2,
  // 6.2.2) are recorded before that answer, so they are written in the same batch or an earlier one.
  durableJournal: ['5.2.1', '6.2.1'],
  settings: paymentSettings,
  handlers: (deps) => {
    const payment = paymentDeps(deps);
    return {
      '5.2.1': { RemotePay: remotePay(payment, new InFlight()) },
      '6.2.1': { RemotePayReverse: remotePayReverse(payment) },
    };
  },
  jobs: (deps) => [pendingResolverJob(paymentDeps(deps), deps.logger)],
  gauges: (deps) => {
    const payments = deps.store.records(PAYMENT_RECORDS);
    return [
      {
        name: 'ucrm_payments_pending',
        help: 'Payments whose outcome at the home province is not yet known (the resolver is on them); NaN when the store does not answer',
        read: () => payments.count({ state: 'PENDING' }),
      },
    ];
  },
  mock: 'mocks/province-billing/billing-handlers.ts (5.2.2 Pay, 6.2.2 PayReverse)',
});

function paymentDeps(deps: FamilyDeps<PaymentSettings>): PaymentDeps {
  const { contracts, provinces, store, now, settings, longestProvinceCallMs } = deps;
  return {
    contracts,
    provinces,
    store,
    now,
    payments: store.records(PAYMENT_RECORDS),
    // A duplicate waits as long as the original can take: one province call and a margin.
    settings: { ...settings, duplicateWaitMs: longestProvinceCallMs + 1000 },
  };
}
