/** The one-point collection end to end, on the memory store and on MongoDB (MONGODB_URI). */
import { createMemoryStore } from '../../../src/store/memory/memory-store';
import { createMongoStore } from '../../../src/store/mongo/mongo-store';
import { FAMILIES, recordKindsOf } from '../../../src/families';
import { mongoUriOrStandIn, TestDatabases } from '../../store/mongo-test-db';
import { groupCollectionSuite } from './group-collection-suite';

describe('group collection (9.2.x) on the memory store', function () {
  this.timeout(60_000);
  groupCollectionSuite(async () => createMemoryStore());
});

describe('group collection (9.2.x) on MongoDB', function () {
  this.timeout(120_000);
  const uri = mongoUriOrStandIn('group collection on MongoDB');
  if (!uri) return;
  const databases = new TestDatabases(uri);
  const dbUri = databases.fresh();
  after(async () => {
    await databases.drop(dbUri).catch(() => undefined);
    await databases.close();
  });
  groupCollectionSuite(() => createMongoStore(dbUri, { serverSelectionTimeoutMS: 3000, records: recordKindsOf(FAMILIES) }));
});
