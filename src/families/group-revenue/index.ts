/**
 * The group revenue family (chapter 10): 10.2.1 UploadGroupRevenueBill served by HQ; 10.2.2
 * DeliverGroupRevenueResult, the stage result HQ delivers to each province. Reads top-down:
 * upload-group-revenue-bill.ts (the upload and its checks), revenue-stages.ts (preliminary
 * and final results, fixed once and delivered), revenue-rule.ts (what is recognised where:
 * docs/GROUP-REVENUE.md), revenue-jobs.ts (when), revenue-status.ts and revenue-admin.ts
 * (where a group and cycle stand, at /admin/group-revenue/{cycle}/{groupId}).
 *
 * Its records are keyed documents (revenue-records.ts); its settings group-revenue-settings.ts;
 * the group customers the shared table of src/domain/group-customers.ts. The mock provinces
 * file 10.2.2 in their inbox (acceptDelivery in mocks/province-billing/billing-handlers.ts).
 */
import { loadGroupCustomers } from '../../domain/group-customers';
import { defineFamily, FamilyDeps } from '../family';
import { GroupRevenueSettings, groupRevenueSettings } from './group-revenue-settings';
import { revenueAdmin } from './revenue-admin';
import { RevenueDeps } from './revenue-deps';
import { revenueJobs } from './revenue-jobs';
import { RevenueRecords } from './revenue-records';
import { uploadGroupRevenueBill } from './upload-group-revenue-bill';

export { FINAL_JOB, PRELIMINARY_JOB, SWEEP_JOB } from './revenue-jobs';

export const groupRevenueFamily = defineFamily<GroupRevenueSettings>({
  name: 'group-revenue',
  interfaces: ['10.2.1', '10.2.2'],
  settings: groupRevenueSettings,
  handlers: (deps) => ({ '10.2.1': { UploadGroupRevenueBill: uploadGroupRevenueBill(revenueDeps(deps)) } }),
  jobs: (deps) => revenueJobs(revenueDeps(deps)),
  adminResources: (deps) => [revenueAdmin(revenueDeps(deps))],
  mock: 'mocks/province-billing/billing-handlers.ts (10.2.2 DeliverGroupRevenueResult: acceptDelivery)',
});

// Made once per gateway (defineFamily gives its parts one deps object): the handler, the jobs
// and the status share one group table and one records object.
const made = new WeakMap<FamilyDeps<GroupRevenueSettings>, RevenueDeps>();

function revenueDeps(deps: FamilyDeps<GroupRevenueSettings>): RevenueDeps {
  let found = made.get(deps);
  if (!found) {
    const now = deps.now ?? Date.now;
    found = { groups: loadGroupCustomers(), records: new RevenueRecords(deps.store.documents, now), store: deps.store, settings: deps.settings, now };
    made.set(deps, found);
  }
  return found;
}
