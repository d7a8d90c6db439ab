/**
 * When a check date is reconciled: the sweep leaves it alone until it closed plus the grace,
 * then runs the reconcile job once; a late batch makes it due again. On demand, a date that
 * has not closed is refused by name.
 */
import { expect } from 'chai';
import { ContractCatalogue } from '../../contract/catalogue';
import { SimulatedProvince } from '../../simulator/soap-province';
import { RunningSystem, startSystem } from '../../../test/support/system';
import { checkDateStates } from './status';
import { RECONCILE_JOB, SWEEP_JOB, dueAt, reconcile } from './reconciliation-jobs';

const CHECK_DATE = '20261130';
const CLOSED = Date.parse('2026-12-01T00:00:00+08:00');

describe('reconciliation jobs', function () {
  let system: RunningSystem;
  let clock = CLOSED + 30 * 60_000;
  before(async () => {
    system = await startSystem({ now: () => clock, env: { RECONCILIATION_GRACE_MINUTES: '90' } });
  });
  after(() => system.close());

  const upload = async (province: string, checkDate = CHECK_DATE) => {
    const collect = province as '11';
    const body = { CheckDate: checkDate, CollectProvince: collect, BatchNo: 1, BatchCount: 1, RecordCount: 0, TotalAmount: 0 };
    const answer = await new SimulatedProvince(province, system.gatewayUrl, ContractCatalogue.load(), () => clock).call('7.2.1', 'UploadPayDetail', body, {
      type: '00',
      value: province,
    });
    expect(answer.rspCode).to.equal('0000');
  };
  const state = async () => (await checkDateStates(system.gateway.store, [CHECK_DATE])).get(CHECK_DATE);

  it('is due at CST midnight after the check date plus the grace', () => {
    expect(dueAt(CHECK_DATE, 90)).to.equal(CLOSED + 90 * 60_000);
  });

  it('sweeps a check date only once it is due, once, and again after a late batch', async () => {
    await upload('11');
    expect((await system.gateway.runNow(SWEEP_JOB)).counts).to.deep.equal({});
    expect(await state()).to.equal('unreconciled');
    clock = CLOSED + 91 * 60_000;
    expect((await system.gateway.runNow(SWEEP_JOB)).counts).to.deep.equal({ reconciled: 1 });
    expect(await state()).to.equal('reconciled');
    expect((await system.gateway.runNow(SWEEP_JOB)).counts).to.deep.equal({});
    await upload('31');
    expect(await state()).to.equal('stale');
    expect((await system.gateway.runNow(SWEEP_JOB)).counts).to.deep.equal({ reconciled: 1 });
    expect(await state()).to.equal('reconciled');
  });

  it('runs on demand through reconcile(), and refuses a date that has not closed, naming it', async () => {
    // A date of its own, so that this test holds alone and in any order.
    await upload('13', '20261129');
    const run = await reconcile(system.gateway, '20261129');
    expect(run).to.deep.include({ job: RECONCILE_JOB, outcome: 'ok' });
    expect(run.counts).to.include({ provinces: 1 });
    expect((await checkDateStates(system.gateway.store, ['20261129'])).get('20261129')).to.equal('reconciled');
    const open = await reconcile(system.gateway, '20261201');
    expect(open.outcome).to.equal('failed');
    expect(open.error).to.include('check date 20261201 has not closed yet');
  });
});
