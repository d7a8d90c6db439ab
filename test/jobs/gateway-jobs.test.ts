/**
 * The jobs as the gateway wires them: the core's and the families' jobs registered, the
 * pending resolver running as a job of the runtime, runNow on the Gateway, job modules
 * from JOB_MODULES, a schedule naming no job refused at start, and the lifecycle's hooks.
 */
import { expect } from 'chai';
import { resolve } from 'node:path';
import { cstTimestamp } from '../../src/domain/cst-time';
import { createGateway } from '../../src/gateway';
import { PAYMENT_RECORDS, RESOLVER_JOB } from '../../src/families/payment';
import { FINAL_JOB, PRELIMINARY_JOB, SWEEP_JOB } from '../../src/families/group-revenue';
import { CUTOFF_JOB as GROUP_CUTOFF_JOB, SWEEP_JOB as GROUP_SWEEP_JOB } from '../../src/families/group-collection';
import { RECONCILE_JOB, SWEEP_JOB as RECONCILIATION_SWEEP_JOB } from '../../src/families/reconciliation';
import { DELIVERY_RETRY_JOB } from '../../src/jobs';
import { SETTLE_JOB } from '../../src/families/settlement';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging/logger';
import { provinceHead } from '../support/heads';
import { callWithHead, soapClient } from '../support/soap-client';
import { contractsAndSegments, RunningSystem, startSystem } from '../support/system';
import { rejectionOf } from '../store/store-fixtures';
import { until } from './job-support';
import { LONG_BATCH_JOB } from './test-jobs';

const TEST_JOBS = resolve(__dirname, 'test-jobs.js');

describe('jobs in the gateway', function () {
  this.timeout(20_000);
  let system: RunningSystem | undefined;
  afterEach(async () => {
    await system?.close();
    system = undefined;
  });

  it('registers the core and family jobs, each sweep at its configured period, no cron unless configured', async () => {
    system = await startSystem({ env: { RESOLVER_INTERVAL_MS: '700', DELIVERY_RETRY_INTERVAL_MS: '900' } });
    const jobs = system.gateway.jobs.list();
    expect(jobs.map((j) => j.name)).to.have.members([
      DELIVERY_RETRY_JOB,
      RESOLVER_JOB,
      RECONCILE_JOB,
      RECONCILIATION_SWEEP_JOB,
      SETTLE_JOB,
      PRELIMINARY_JOB,
      FINAL_JOB,
      SWEEP_JOB,
      GROUP_SWEEP_JOB,
      GROUP_CUTOFF_JOB,
    ]);
    expect(jobs.find((j) => j.name === RESOLVER_JOB)).to.deep.include({ schedule: 'every 700 ms' });
    expect(jobs.find((j) => j.name === DELIVERY_RETRY_JOB)).to.deep.include({ schedule: 'every 900 ms' });
    expect(system.gateway.lifecycle.names('drain')).to.deep.equal(['readiness', 'jobs', 'console streams']);
    expect(system.gateway.lifecycle.names('close')).to.deep.equal(['exchanges in flight', 'journal', 'province client']);
  });

  it('settles an unknown payment outcome through the resolver job, which records what it did', async () => {
    system = await startSystem({
      env: { INSTANCE_ID: 'R5', PROVINCE_TIMEOUT_MS: '300', RESOLVER_INTERVAL_MS: '50', RESOLVER_BASE_DELAY_MS: '100', RESOLVER_MAX_DELAY_MS: '200' },
    });
    const account = system.mocks.books
      .get('51')!
      .list()
      .find((a) => a.userStatus === '0')!;
    system.mocks.misbehave('51', '5.2.2', { kind: 'answer-late', ms: 600, times: 1 });
    const client = await soapClient(`${system.gatewayUrl}/ucrm/5.2.1?wsdl`);
    const head = provinceHead('5.2.1', '36', { type: '01', value: account.serviceNumber });
    const paid = await callWithHead(client, 'RemotePay', head, {
      ServiceNumber: account.serviceNumber,
      CollectProvince: '36',
      PayAmount: 700,
      PayTime: cstTimestamp(),
    });
    expect(paid.head.RspCode).to.equal('3002');
    const { gateway } = system;
    await until(
      async () => (await gateway.store.records(PAYMENT_RECORDS).bySenderTransIdO('BILL36', head.TransIDO))?.state === 'SUCCESS',
      8000,
      'the resolver to settle the payment',
    );
    await until(async () => (await gateway.jobs.runs({ job: RESOLVER_JOB })).some((r) => r.counts.settled === 1), 2000, 'the resolver run record');
    const runs = await gateway.jobs.runs({ job: RESOLVER_JOB });
    expect(runs.find((r) => r.counts.settled === 1)).to.deep.include({ trigger: 'schedule', owner: 'R5', outcome: 'ok' });
    expect(
      runs.every((r) => Object.values(r.counts).some((n) => n > 0)),
      'idle passes are not recorded',
    ).to.equal(true);
  });

  it('runs a job on demand through the Gateway, including one a JOB_MODULES module brings', async () => {
    system = await startSystem({ env: { JOB_MODULES: TEST_JOBS } });
    process.env.TEST_JOB_STEP_MS = '1'; // the module reads its pace from the process's environment
    const run = await system.gateway.runNow(LONG_BATCH_JOB, { batch: `G${Date.now()}` }).finally(() => delete process.env.TEST_JOB_STEP_MS);
    expect(run).to.deep.include({ outcome: 'ok', trigger: 'demand', counts: { steps: 10, completed: 1 } });
    expect((await system.gateway.runNow(RESOLVER_JOB)).outcome).to.equal('ok');
  });

  it('stops its jobs with the gateway: no run starts after close', async () => {
    system = await startSystem();
    const { gateway } = system;
    await system.close();
    system = undefined;
    expect((await rejectionOf(gateway.runNow(RESOLVER_JOB))).message).to.contain('the jobs runtime is stopping');
  });

  it('refuses to start when JOB_SCHEDULES names a job nobody registered', async () => {
    const { contracts, segments } = contractsAndSegments();
    const config = loadConfig({ PORT: '0', JOB_SCHEDULES: 'no.such-job=0 2 * * *' });
    const gateway = createGateway(config, createLogger('silent'), { contracts, segments });
    expect((await rejectionOf(gateway.start())).message).to.contain('start of jobs failed: JOB_SCHEDULES names no registered job: no.such-job');
    await gateway.close();
  });

  it('refuses a JOB_MODULES module that exports no jobs', () => {
    const { contracts, segments } = contractsAndSegments();
    const config = loadConfig({ PORT: '0', JOB_MODULES: resolve(__dirname, 'job-support.js') });
    expect(() => createGateway(config, createLogger('silent'), { contracts, segments })).to.throw('exports no jobs(deps) function');
  });
});
