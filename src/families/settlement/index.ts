/**
 * The settlement family (chapter 8): 8.2.1 DeliverSettlement, HQ → each province, the monthly
 * settlement statement. HQ serves nothing here; it starts the work itself, as the job
 * `settlement.settle` (parameter `month`): by JOB_SCHEDULES on a day of the next month, on
 * demand (`POST /admin/jobs/settlement.settle/runs`), or from a command line (`settle`).
 * Reads top-down: settle-month.ts (the job), settlement-gate.ts (when a month may be
 * settled), statements.ts (the rules), statement-documents.ts (what is recorded),
 * settlement-resource.ts (the admin API's view). The rules in docs/SETTLEMENT.md.
 *
 * It owns no record kind: it reads the payment family's records (totals per pair, computed
 * in the store) and asks the reconciliation family whether the month's check dates are
 * reconciled; both are given to the job here, so its tests give their own. The mock
 * provinces' side is mocks/province-billing/settlement-handlers.ts.
 */
import { PROVINCE_CODES } from '../../domain/provinces';
import { defineFamily } from '../family';
import { PAYMENT_RECORDS } from '../payment/payment-store';
import { checkDateStates } from '../reconciliation/status';
import { settlementJob } from './settle-month';
import { settlementResource } from './settlement-resource';
import { SettlementSettings, settlementSettings } from './settlement-settings';

export { settle, SETTLE_JOB, settlementJob } from './settle-month';
export type { SettlementParts } from './settle-month';

export const settlementFamily = defineFamily<SettlementSettings>({
  name: 'settlement',
  interfaces: ['8.2.1'],
  settings: settlementSettings,
  jobs: ({ store, settings }) => [
    settlementJob({
      payments: store.records(PAYMENT_RECORDS),
      checkDateStates: (dates) => checkDateStates(store, dates),
      settings,
      provinces: PROVINCE_CODES,
    }),
  ],
  adminResources: () => [settlementResource],
  mock: 'mocks/province-billing/settlement-handlers.ts (8.2.1 DeliverSettlement: the statement checked, then filed)',
});
