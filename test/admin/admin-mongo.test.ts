/**
 * The admin API of two gateway instances on one MongoDB database (MONGODB_URI; .ci/run
 * starts one): a job one instance is running is a 409 on the other, naming the holder, and
 * either instance lists the runs of both, filtered and newest first, from the database.
 */
import { expect } from 'chai';
import { resolve } from 'node:path';
import { FAMILIES, recordKindsOf } from '../../src/families';
import { createMongoStore } from '../../src/store/mongo/mongo-store';
import { Store } from '../../src/store/ports';
import { RunningSystem, startSystem } from '../support/system';
import { mongoUriOrStandIn, TestDatabases } from '../store/mongo-test-db';
import { until } from '../jobs/job-support';
import { AdminClient } from './admin-client';
import { closeGate, GATED_JOB, gated } from './admin-jobs';

const ADMIN_JOBS = resolve(__dirname, 'admin-jobs.js');

describe('admin API: two instances on MongoDB', function () {
  this.timeout(60_000);
  const uri = mongoUriOrStandIn('admin API on MongoDB');
  if (!uri) return;
  const databases = new TestDatabases(uri);
  const dbUri = databases.fresh();
  const stores: Store[] = [];
  const systems: RunningSystem[] = [];
  const start = async (instance: string): Promise<AdminClient> => {
    const store = await createMongoStore(dbUri, { serverSelectionTimeoutMS: 1500, records: recordKindsOf(FAMILIES) });
    stores.push(store);
    const system = await startSystem({ store, env: { INSTANCE_ID: instance, JOB_MODULES: ADMIN_JOBS } });
    systems.push(system);
    const admin = new AdminClient(system.gatewayUrl);
    return admin.checkAgainst((await admin.get('/openapi.json')).body);
  };
  after(async () => {
    gated.open();
    for (const s of systems.splice(0).reverse()) await s.close().catch(() => undefined);
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    await databases.drop(dbUri).catch(() => undefined);
    await databases.close();
  });

  it('answers 409 on one instance while the other runs the job, and lists both runs on either', async () => {
    const [first, second] = [await start('M1'), await start('M2')];
    closeGate();
    const before = gated.started;
    expect((await first.post(`/jobs/${GATED_JOB}/runs?wait=false`)).status).to.equal(202);
    await until(() => gated.started === before + 1, 5000, 'the first instance to start the gated run');
    const refused = await second.post(`/jobs/${GATED_JOB}/runs`);
    expect(refused.status).to.equal(409);
    expect(refused.body.run).to.deep.include({ owner: 'M2', outcome: 'skipped-lease-held', heldBy: 'M1' });
    gated.open();
    await until(async () => (await second.get(`/runs?job=${GATED_JOB}&outcome=ok`)).body.runs.length === 1, 5000, 'the first run to be recorded ok');
    const listed = await first.get(`/jobs/${GATED_JOB}/runs`);
    expect(listed.body.runs.map((r: { owner: string; outcome: string }) => [r.owner, r.outcome])).to.deep.equal([
      ['M2', 'skipped-lease-held'],
      ['M1', 'ok'],
    ]);
    const skipped = await first.get(`/runs?outcome=skipped-lease-held&paramsKey=&limit=1`);
    expect(skipped.body).to.deep.include({ limit: 1, more: false });
    expect(skipped.body.runs[0].runId).to.equal(refused.body.run.runId);
    expect((await second.get(`/runs/${listed.body.runs[1].runId}`)).body).to.deep.include({ owner: 'M1', counts: { waited: 1 } });
  });
});
