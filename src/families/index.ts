/**
 * Every interface family the gateway serves, in the order they register. Adding a family is
 * its folder under src/families/ (family.ts says what it declares) and one line here.
 */
import { Family } from './family';
import { paymentFamily } from './payment';
import { queryFamily } from './query';
import { reconciliationFamily } from './reconciliation';

export const FAMILIES: readonly Family[] = [queryFamily, paymentFamily, reconciliationFamily];

export { recordKindsOf } from './registration';
export type { Family } from './family';
