/**
 * The mock-mode journal on MongoDB: what a scenario fired and the near misses are stored
 * and read back, an entry is read by its id, a count verified, and a scope reset removes
 * that scope's entries from the database and no others.
 */
import { expect } from 'chai';
import { FAMILIES, recordKindsOf } from '../../src/families';
import { createMongoStore } from '../../src/store/mongo/mongo-store';
import { Store } from '../../src/store/ports';
import { uniqueId } from '../support/heads';
import { mongoUriOrStandIn, TestDatabases } from '../store/mongo-test-db';
import { MockModeRig, queryAt, startMockModeRig } from './mock-mode-support';

describe('mock mode: the journal on MongoDB', function () {
  this.timeout(30_000);
  const uri = mongoUriOrStandIn('mock-mode journal on MongoDB');
  if (!uri) return;
  const databases = new TestDatabases(uri);
  const dbUri = databases.fresh();
  let store: Store;
  let rig: MockModeRig;
  before(async () => {
    store = await createMongoStore(dbUri, { serverSelectionTimeoutMS: 1500, records: recordKindsOf(FAMILIES) });
    rig = await startMockModeRig(store);
  });
  after(async () => {
    await rig.close();
    await store.close();
    await databases.drop(dbUri).catch(() => undefined);
    await databases.close();
  });

  it('stores the scenario fired and the near misses, reads an entry by id, verifies, and resets one scope only', async () => {
    const [mine, theirs] = [uniqueId('m'), uniqueId('t')];
    const [wanted, other] = [0, 1].map((i) => rig.system.mocks.books.get('51')!.list()[i].serviceNumber);
    for (const scope of [mine, theirs])
      await rig.admin.post(`/scenarios?scope=${scope}`, { name: 'one number', match: { serviceNumber: wanted }, action: { kind: 'rspCode', rspCode: '1002' } });
    for (const scope of [mine, theirs]) for (const number of [wanted, other]) await queryAt(rig, scope, '51', number);
    await rig.system.gateway.journal.flush();
    const entries = (await rig.admin.get(`/journal?scope=${mine}`)).body.entries;
    expect(entries.map((e: { rspCode: string }) => e.rspCode)).to.deep.equal(['0000', '1002']);
    expect(entries[0].nearMisses[0]).to.include({ failed: 'match.serviceNumber', actual: other });
    const one = await rig.admin.get(`/journal/${entries[1].id}`);
    expect(one.body.scenario).to.include({ name: 'one number' });
    expect(one.body.requestXml).to.contain(wanted);
    expect((await rig.admin.post('/journal/verify', { scope: mine, rspCode: '1002', expect: { count: 1 } })).status).to.equal(200);
    expect((await rig.admin.post(`/scopes/${mine}/reset`)).body.journalEntries).to.equal(2);
    expect(await store.journal.count({ scope: mine })).to.equal(0);
    expect(await store.journal.count({ scope: theirs })).to.equal(2);
  });
});
