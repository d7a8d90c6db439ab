/**
 * A family's record kind held to its contract on every store adapter, as the store's own
 * parts are: memory, and MongoDB on the server MONGODB_URI names (a fresh database per test,
 * dropped after). Without MONGODB_URI the MongoDB half is skipped locally and fails under CI.
 */
import { createMemoryStore } from '../../src/store/memory/memory-store';
import { createMongoStore } from '../../src/store/mongo/mongo-store';
import { Store } from '../../src/store/ports';
import { RecordKind } from '../../src/store/record-kinds';
import { limitationsOf, TestDatabases } from './mongo-test-db';
import { ContractSuite, describeStoreContract, StoreGuarantee } from './store-contract';

export function describeOnEveryStore(name: string, records: ReadonlyArray<RecordKind<unknown>>, suites: readonly ContractSuite[]): void {
  describeStoreContract(`${name}: memory`, async () => createMemoryStore(), undefined, {}, suites);
  const uri = process.env.MONGODB_URI || undefined;
  if (!uri) {
    describe(`store contract: ${name}: mongodb`, function () {
      if (process.env.CI === 'true')
        it('needs MONGODB_URI under CI', () => {
          throw new Error(`MONGODB_URI is required under CI (CI=true): ${name} cannot be checked on MongoDB without it`);
        });
      else it('runs against MONGODB_URI (not set: skipped)');
    });
    return;
  }
  describe(`${name} on mongodb`, function () {
    const dbs = new TestDatabases(uri);
    const uris = new WeakMap<Store, string>();
    let limitations: Partial<Record<StoreGuarantee, string>> = {};
    before(async () => {
      limitations = await limitationsOf(dbs);
    });
    after(() => dbs.close());
    describeStoreContract(
      `${name}: mongodb`,
      async () => {
        const fresh = dbs.fresh();
        const store = await createMongoStore(fresh, { records });
        uris.set(store, fresh);
        return store;
      },
      async (store) => dbs.drop(uris.get(store)!),
      { limitation: (guarantee) => limitations[guarantee] },
      suites,
    );
  });
}
