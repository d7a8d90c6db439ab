/**
 * The admin API's jobs and runs, over HTTP against a running gateway (loopback, no token):
 * listing jobs, running one now (waiting, not waiting, joining, refused), listing and paging
 * its runs. Every answer is checked against the OpenAPI document (admin-client.ts).
 */
import { expect } from 'chai';
import { resolve } from 'node:path';
import { leaseNameOf } from '../../src/jobs/job';
import { RunningSystem, startSystem } from '../support/system';
import { until } from '../jobs/job-support';
import { AdminClient } from './admin-client';
import { closeGate, FAILING_JOB, GATED_JOB, gated, QUICK_JOB } from './admin-jobs';

const ADMIN_JOBS = resolve(__dirname, 'admin-jobs.js');
const RESOLVER_JOB = 'payments.resolve-pending';

describe('admin API: jobs and runs', function () {
  this.timeout(20_000);
  let system: RunningSystem;
  let admin: AdminClient;
  before(async () => {
    system = await startSystem({ env: { JOB_MODULES: ADMIN_JOBS, INSTANCE_ID: 'A1', RESOLVER_INTERVAL_MS: '60000' } });
    admin = new AdminClient(system.gatewayUrl);
    admin.checkAgainst((await admin.get('/openapi.json')).body);
  });
  after(() => system.close());

  it('lists every job by name, with its schedule, next run and the parameters it takes', async () => {
    const { status, body } = await admin.get('/jobs');
    expect(status).to.equal(200);
    const names = body.jobs.map((j: { name: string }) => j.name);
    expect(names).to.deep.equal([...names].sort());
    expect(names).to.include.members([RESOLVER_JOB, 'deliveries.retry', QUICK_JOB, GATED_JOB]);
    const resolver = body.jobs.find((j: { name: string }) => j.name === RESOLVER_JOB);
    expect(resolver).to.deep.include({ params: [], schedule: 'every 60000 ms' });
    expect(Date.parse(resolver.nextRunAt)).to.be.greaterThan(Date.now());
    expect(body.jobs.find((j: { name: string }) => j.name === QUICK_JOB)).to.deep.equal({ name: QUICK_JOB, params: ['batch'] });
  });

  it('runs a job now: 201 with the finished run, kept where Location says, and listed', async () => {
    const batch = `B${Date.now()}`;
    const ran = await admin.post(`/jobs/${QUICK_JOB}/runs`, { params: { batch } });
    expect(ran.status).to.equal(201);
    expect(ran.body).to.deep.include({
      job: QUICK_JOB,
      params: { batch },
      paramsKey: `batch=${batch}`,
      trigger: 'demand',
      owner: 'A1',
      outcome: 'ok',
      counts: { done: 1 },
    });
    expect(ran.headers.get('location')).to.equal(`/admin/runs/${ran.body.runId}`);
    expect((await admin.get(`/runs/${ran.body.runId}`)).body).to.deep.equal(ran.body);
    const listed = await admin.get(`/jobs/${QUICK_JOB}/runs?paramsKey=${encodeURIComponent(`batch=${batch}`)}`);
    expect(listed.body.runs.map((r: { runId: string }) => r.runId)).to.deep.equal([ran.body.runId]);
    const all = await admin.get(`/runs?job=${QUICK_JOB}&outcome=ok`);
    expect(all.body.runs.map((r: { runId: string }) => r.runId)).to.include(ran.body.runId);
  });

  it('runs the pending resolver now: its idle pass is answered but, like every idle sweep, not kept', async () => {
    const ran = await admin.post(`/jobs/${RESOLVER_JOB}/runs`);
    expect(ran.status).to.equal(201);
    expect(ran.body).to.deep.include({ job: RESOLVER_JOB, outcome: 'ok', trigger: 'demand', params: {} });
    expect(ran.headers.get('location')).to.equal(null);
    expect((await admin.get(`/runs/${ran.body.runId}`)).status).to.equal(404);
  });

  it('answers a run that failed as a run (201, outcome failed, the error), not as an error of the API', async () => {
    const ran = await admin.post(`/jobs/${FAILING_JOB}/runs`);
    expect(ran.status).to.equal(201);
    expect(ran.body).to.deep.include({ outcome: 'failed', error: 'the failing job failed, as it does' });
    expect((await admin.get(`/jobs/${FAILING_JOB}/runs?outcome=failed`)).body.runs[0].runId).to.equal(ran.body.runId);
  });

  it('with wait=false answers 202 at once and where the run will be listed; a second request joins the run (200)', async () => {
    closeGate();
    const before = gated.started;
    const started = await admin.post(`/jobs/${GATED_JOB}/runs?wait=false`);
    expect(started.status).to.equal(202);
    expect(started.body).to.deep.equal({ job: GATED_JOB, params: {}, paramsKey: '', joined: false, runs: `/admin/jobs/${GATED_JOB}/runs?paramsKey=` });
    expect(started.headers.get('location')).to.equal(started.body.runs);
    await until(() => gated.started === before + 1, 5000, 'the gated run to start');
    const running = await admin.get(`/jobs/${GATED_JOB}/runs?outcome=running`);
    expect(running.body.runs).to.have.length(1);
    const joining = admin.post(`/jobs/${GATED_JOB}/runs`);
    expect((await admin.post(`/jobs/${GATED_JOB}/runs?wait=false`)).body.joined).to.equal(true);
    gated.open();
    const joined = await joining;
    expect(joined.status).to.equal(200);
    expect(joined.body).to.deep.include({ runId: running.body.runs[0].runId, outcome: 'ok', counts: { waited: 1 } });
    expect(gated.started).to.equal(before + 1);
  });

  it('answers 409 when another instance holds the job with those parameters, with the skipped run', async () => {
    const batch = `held${Date.now()}`;
    await system.gateway.store.leases.acquire(leaseNameOf(QUICK_JOB, `batch=${batch}`), 'Z9', 'other-run', new Date(), 60_000);
    const refused = await admin.post(`/jobs/${QUICK_JOB}/runs`, { params: { batch } });
    expect(refused.status).to.equal(409);
    expect(refused.body).to.deep.include({ error: 'conflict' });
    expect(refused.body.message).to.contain('instance Z9');
    expect(refused.body.run).to.deep.include({ outcome: 'skipped-lease-held', heldBy: 'Z9' });
  });

  it('pages runs newest first: limit, skip, and whether there are more', async () => {
    const ids: string[] = [];
    for (const batch of ['P1', 'P2', 'P3'])
      ids.unshift((await admin.post(`/jobs/${QUICK_JOB}/runs`, { params: { batch: `${batch}-${Date.now()}` } })).body.runId);
    const first = await admin.get(`/jobs/${QUICK_JOB}/runs?limit=2`);
    expect(first.body).to.deep.include({ limit: 2, skip: 0, more: true });
    expect(first.body.runs.map((r: { runId: string }) => r.runId)).to.deep.equal(ids.slice(0, 2));
    const next = await admin.get(`/jobs/${QUICK_JOB}/runs?limit=2&skip=2`);
    expect(next.body.runs[0].runId).to.equal(ids[2]);
    expect((await admin.get('/runs')).body).to.deep.include({ limit: 50, skip: 0 });
  });

  it('refuses bad parameters with 400 naming the field', async () => {
    const cases: Array<[Promise<{ status: number; body: { field?: string; in?: string; error: string } }>, string, string]> = [
      [admin.get('/runs?limit=201'), 'limit', 'query'],
      [admin.get('/runs?limit=0'), 'limit', 'query'],
      [admin.get('/runs?limit=ten'), 'limit', 'query'],
      [admin.get('/runs?skip=-1'), 'skip', 'query'],
      [admin.get('/runs?outcome=great'), 'outcome', 'query'],
      [admin.get('/runs?outcom=ok'), 'outcom', 'query'],
      [admin.get(`/jobs/${QUICK_JOB}/runs?limit=1&limit=2`), 'limit', 'query'],
      [admin.get('/runs/not%20an%20id'), 'runId', 'path'],
      [admin.get('/jobs/Not_A_Job/runs'), 'name', 'path'],
      [admin.post(`/jobs/${QUICK_JOB}/runs?wait=maybe`, { params: { batch: 'x' } }), 'wait', 'query'],
      [admin.post(`/jobs/${QUICK_JOB}/runs`, {}), 'params.batch', 'body'],
      [admin.post(`/jobs/${QUICK_JOB}/runs`, { params: { batch: 'x', month: '202601' } }), 'params.month', 'body'],
      [admin.post(`/jobs/${QUICK_JOB}/runs`, { params: { batch: 7 } }), 'params.batch', 'body'],
      [admin.post(`/jobs/${QUICK_JOB}/runs`, { params: { batch: 'x' }, when: 'now' }), 'when', 'body'],
      [admin.post(`/jobs/${QUICK_JOB}/runs`, [1]), 'body', 'body'],
      [admin.call('POST', `/jobs/${QUICK_JOB}/runs`, { raw: { body: '{"params":', contentType: 'application/json' } }), 'body', 'body'],
    ];
    for (const [answer, field, where] of cases) {
      const { status, body } = await answer;
      expect({ status, error: body.error, field: body.field, in: body.in }, JSON.stringify(body)).to.deep.equal({
        status: 400,
        error: 'bad-request',
        field,
        in: where,
      });
    }
  });

  it('answers 404 for an unknown job or run, 405 for a method a path does not take, 415 for a body that is not JSON', async () => {
    const unknownJob = await admin.post('/jobs/no.such-job/runs');
    expect(unknownJob.status).to.equal(404);
    expect(unknownJob.body.message).to.contain(QUICK_JOB); // names the registered ones
    expect((await admin.get('/jobs/no.such-job/runs')).status).to.equal(404);
    expect((await admin.get('/runs/0000-000000-01-00')).body).to.deep.include({ error: 'not-found' });
    expect((await admin.get('/nothing/here')).body).to.deep.include({ error: 'not-found' });
    const wrongMethod = await admin.call('DELETE', '/jobs');
    expect(wrongMethod).to.deep.include({ status: 405 });
    expect(wrongMethod.headers.get('allow')).to.equal('GET');
    const text = await admin.call('POST', `/jobs/${QUICK_JOB}/runs`, { raw: { body: 'batch=x', contentType: 'text/plain' } });
    expect(text.body).to.deep.include({ error: 'unsupported-media-type' });
    expect(text.status).to.equal(415);
  });

  it('answers 503 once the jobs runtime is stopping', async () => {
    const other = await startSystem({ env: { JOB_MODULES: ADMIN_JOBS } });
    try {
      await other.gateway.jobs.stop(0);
      const refused = await new AdminClient(other.gatewayUrl).post(`/jobs/${QUICK_JOB}/runs`, { params: { batch: 'late' } });
      expect(refused.status).to.equal(503);
      expect(refused.body).to.deep.include({ error: 'unavailable' });
    } finally {
      await other.close();
    }
  });
});
