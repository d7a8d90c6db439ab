/**
 * The group one-point collection family (chapter 9): 9.2.1 UploadGroupBill and 9.2.3
 * UploadCollectionResult served by HQ; 9.2.2 DeliverGroupBill (the group bill to the
 * collecting province) and 9.2.4 DeliverCollectionResult (each member province's share, for
 * write-off) delivered by HQ. Reads top-down: upload-group-bill.ts (member bills, the group
 * bill closing), upload-collection-result.ts (the one result), group-cycle.ts (the jobs: the
 * sweep that delivers bills and allocates results, the cut-off), allocation.ts (the rule,
 * docs/GROUPS.md), collection-status.ts and collection-admin.ts (at /admin/group-collection).
 *
 * Its records are keyed documents (group-records.ts); its settings group-collection-settings.ts;
 * the group customers the shared table of src/domain/group-customers.ts.
 */
import { loadGroupCustomers } from '../../domain/group-customers';
import { defineFamily, FamilyDeps } from '../family';
import { collectionAdmin } from './collection-admin';
import { CollectionDeps } from './collection-deps';
import { collectionJobs } from './group-cycle';
import { GroupCollectionSettings, groupCollectionSettings } from './group-collection-settings';
import { uploadCollectionResult } from './upload-collection-result';
import { uploadGroupBill } from './upload-group-bill';

export { CUTOFF_JOB, SWEEP_JOB } from './group-cycle';

export const groupCollectionFamily = defineFamily<GroupCollectionSettings>({
  name: 'group-collection',
  interfaces: ['9.2.1', '9.2.2', '9.2.3', '9.2.4'],
  settings: groupCollectionSettings,
  handlers: (deps) => {
    const collection = collectionDeps(deps);
    return {
      '9.2.1': { UploadGroupBill: uploadGroupBill(collection) },
      '9.2.3': { UploadCollectionResult: uploadCollectionResult(collection) },
    };
  },
  jobs: (deps) => collectionJobs(collectionDeps(deps)),
  adminResources: (deps) => [collectionAdmin(collectionDeps(deps))],
  mock: 'mocks/province-billing/group-handlers.ts (9.2.2 DeliverGroupBill at the collecting province, 9.2.4 DeliverCollectionResult: write-off)',
});

// Made once per gateway (defineFamily gives its parts one deps object): the handlers, the jobs
// and the status share one group table.
const made = new WeakMap<FamilyDeps<GroupCollectionSettings>, CollectionDeps>();

function collectionDeps(deps: FamilyDeps<GroupCollectionSettings>): CollectionDeps {
  let found = made.get(deps);
  if (!found) {
    found = { groups: loadGroupCustomers(), store: deps.store, settings: deps.settings, now: deps.now ?? Date.now };
    made.set(deps, found);
  }
  return found;
}
