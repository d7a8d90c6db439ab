/** What the group revenue family's handler, jobs and status are made with. */
import { GroupCustomerTable } from '../../domain/group-customers';
import { Store } from '../../store/ports';
import { GroupRevenueSettings } from './group-revenue-settings';
import { RevenueRecords } from './revenue-records';

export interface RevenueDeps {
  groups: GroupCustomerTable;
  records: RevenueRecords;
  store: Store;
  settings: GroupRevenueSettings;
  now: () => number;
}
