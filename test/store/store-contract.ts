/**
 * The store contract: one suite, run against every adapter (memory-store.test.ts,
 * mongo-store.test.ts), so they cannot drift apart. Each test gets a fresh, empty store.
 * A family's record kinds have contracts of their own, run the same way (each-store.ts).
 */
import { expect } from 'chai';
import { Store } from '../../src/store/ports';
import { describeDocumentLifecycleContract } from './document-lifecycle-contract';
import { describeDocumentsContract } from './documents-contract';
import { describeJournalContract } from './journal-contract';
import { describeLeasesContract } from './leases-contract';
import { describeNoncesContract } from './nonces-contract';

/** A guarantee some backends cannot give (the tests that need it are then skipped, loudly). */
export type StoreGuarantee = 'atomic-conditional-update';

export interface StoreContractOptions {
  /** Why the backend cannot give `guarantee`, or undefined if it can. Asked at test time. */
  limitation?: (guarantee: StoreGuarantee) => string | undefined;
}

/** What the parts of the suite share: the current test's store. */
export interface ContractContext {
  store(): Store;
  limitation(guarantee: StoreGuarantee): string | undefined;
}

export type ContractSuite = (ctx: ContractContext) => void;

/** The core's parts of the port; a family's record kinds bring their own suites. */
export const CORE_SUITES: readonly ContractSuite[] = [
  describeJournalContract,
  describeDocumentsContract,
  describeDocumentLifecycleContract,
  describeLeasesContract,
  describeNoncesContract,
];

export function describeStoreContract(
  name: string,
  makeStore: () => Promise<Store>,
  cleanup?: (store: Store) => Promise<void>, // after store.close(), e.g. to drop its database
  options: StoreContractOptions = {},
  suites: readonly ContractSuite[] = CORE_SUITES,
): void {
  describe(`store contract: ${name}`, function () {
    let current: Store | undefined;

    beforeEach(async function () {
      current = await makeStore();
    });

    afterEach(async function () {
      const store = current;
      current = undefined;
      if (!store) return;
      await store.close();
      await cleanup?.(store);
    });

    const context: ContractContext = {
      store: () => {
        if (!current) throw new Error('no store: makeStore() failed');
        return current;
      },
      limitation: (guarantee) => options.limitation?.(guarantee),
    };

    describe('store', function () {
      it('answers a ping', async function () {
        await context.store().ping();
      });

      it('says whether it persists', function () {
        const store = context.store();
        expect(store.kind).to.be.oneOf(['memory', 'mongodb']);
        expect(store.persistent).to.equal(store.kind === 'mongodb');
      });
    });

    for (const suite of suites) suite(context);
  });
}
