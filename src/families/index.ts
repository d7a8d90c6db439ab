/**
 * Every interface family the gateway serves, in the order they register. Adding a family is
 * its folder under src/families/ (family.ts says what it declares) and one line here.
 */
import { Family } from './family';
import { groupCollectionFamily } from './group-collection';
import { paymentFamily } from './payment';
import { queryFamily } from './query';

export const FAMILIES: readonly Family[] = [queryFamily, paymentFamily, groupCollectionFamily];

export { recordKindsOf } from './registration';
export type { Family } from './family';
