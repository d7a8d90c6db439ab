/** The reconciliation family's records and a run at store level, on every store adapter. */
import { describeOnEveryStore } from '../../../test/store/each-store';
import { PAYMENT_RECORDS } from '../payment/payment-store';
import { CHECK_RECORDS } from './check-record-store';
import { describeReconciliationContract } from './reconciliation-contract';

describeOnEveryStore('reconciliation records', [PAYMENT_RECORDS, CHECK_RECORDS], [describeReconciliationContract]);
