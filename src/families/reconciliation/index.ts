/**
 * The reconciliation family (chapter 7): 7.2.1 UploadPayDetail served by HQ; 7.2.2
 * DeliverCheckFile and 7.2.3 DeliverCheckResult delivered by HQ. Reads top-down:
 * upload-pay-detail.ts (a batch: rules in upload-rules.ts, claims in batches.ts, records in
 * the CHECK_RECORDS kind), reconciliation-jobs.ts (when a check date is reconciled),
 * reconcile.ts (the run: merge.ts joins both sides in TransIDO order, classify.ts names each
 * difference, results.ts keeps the result), check-deliveries.ts (7.2.2 and 7.2.3),
 * check-days.ts and status.ts (whether a date is reconciled, for settlement).
 * The mock provinces' side is mocks/province-billing/reconciliation-handlers.ts.
 */
import { FamilyDeps, defineFamily } from '../family';
import { PAYMENT_RECORDS } from '../payment/payment-store';
import { CHECK_RECORDS } from './check-record-store';
import { ReconcileDeps } from './reconcile';
import { reconciliationJobs } from './reconciliation-jobs';
import { ReconciliationSettings, reconciliationSettings } from './reconciliation-settings';
import { resultsResource } from './results-resource';
import { uploadPayDetail } from './upload-pay-detail';

export { reconcile, RECONCILE_JOB, SWEEP_JOB } from './reconciliation-jobs';
export { checkDateStates } from './status';
export type { CheckDateState } from './status';
export { CHECK_RECORDS } from './check-record-store';

export const reconciliationFamily = defineFamily<ReconciliationSettings>({
  name: 'reconciliation',
  interfaces: ['7.2.1', '7.2.2', '7.2.3'],
  records: [CHECK_RECORDS],
  settings: reconciliationSettings,
  handlers: ({ store, settings, now }) => ({
    '7.2.1': { UploadPayDetail: uploadPayDetail({ store, records: store.records(CHECK_RECORDS), settings, now }) },
  }),
  jobs: (deps) => reconciliationJobs(reconcileDeps(deps), deps.settings),
  adminResources: ({ store }) => [resultsResource(store)],
  mock: 'mocks/province-billing/reconciliation-handlers.ts (7.2.2 DeliverCheckFile, 7.2.3 DeliverCheckResult)',
});

function reconcileDeps(deps: FamilyDeps<ReconciliationSettings>): ReconcileDeps {
  const { store, now, settings } = deps;
  return { store, payments: store.records(PAYMENT_RECORDS), records: store.records(CHECK_RECORDS), maxListedDiffs: settings.maxListedDiffs, now };
}
