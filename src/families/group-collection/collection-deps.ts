/** What the one-point collection's handlers, jobs and status share, made once per gateway (index.ts). */
import { GroupCustomerTable } from '../../domain/group-customers';
import { Store } from '../../store/ports';
import { GroupCollectionSettings } from './group-collection-settings';

export interface CollectionDeps {
  groups: GroupCustomerTable;
  store: Store;
  settings: GroupCollectionSettings;
  now: () => number;
}
