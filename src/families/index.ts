/**
 * Every interface family the gateway serves, in the order they register. Adding a family is
 * its folder under src/families/ (family.ts says what it declares) and one line here.
 */
import { Family } from './family';
import { groupCollectionFamily } from './group-collection';
import { groupRevenueFamily } from './group-revenue';
import { paymentFamily } from './payment';
import { queryFamily } from './query';
import { settlementFamily } from './settlement';

export const FAMILIES: readonly Family[] = [queryFamily, paymentFamily, settlementFamily, groupCollectionFamily, groupRevenueFamily];

export { recordKindsOf } from './registration';
export type { Family } from './family';
