/**
 * The settlement job in a running gateway, with the mock provinces receiving the 8.2.1
 * statements: a hand-computed month, a re-run that changes nothing, totals that changed after
 * settling, the gate (reconciliation and unresolved payments, injected here), bad months,
 * and the schedule. On the memory store and, with MONGODB_URI, on MongoDB.
 */
import { expect } from 'chai';
import { defineFamily, Family } from '../family';
import { createMemoryStore } from '../../store/memory/memory-store';
import { createMongoStore } from '../../store/mongo/mongo-store';
import { Store } from '../../store/ports';
import { JobParamsError, nextFiring } from '../../jobs';
import { PROVINCE_CODES } from '../../domain/provinces';
import { paymentFamily, PAYMENT_RECORDS } from '../payment';
import { queryFamily } from '../query';
import { payment } from '../payment/payment-fixtures';
import { PaymentState } from '../payment/payment-port';
import { RunningSystem, startSystem } from '../../../test/support/system';
import { TestDatabases } from '../../../test/store/mongo-test-db';
import { AdminClient } from '../../../test/admin/admin-client';
import { rejectionOf } from '../../../test/store/store-fixtures';
import { until } from '../../../test/jobs/job-support';
import { CheckDateState } from './settlement-gate';
import { settle, SETTLE_JOB, settlementJob } from './settle-month';
import { SettlementMonthError } from './settlement-month';
import { STATEMENT_KIND, statementKey } from './statement-documents';
import { settlementSettings } from './settlement-settings';
import { settlementResource } from './settlement-resource';

// 3 December 2026, 09:00 CST: November has closed.
const NOW = Date.parse('2026-12-03T09:00:00+08:00');

/** The settlement family with the reconciliation the test decides (every date reconciled unless told). */
function settlementWith(states: Map<string, CheckDateState>): Family {
  return defineFamily({
    name: 'settlement',
    interfaces: ['8.2.1'],
    settings: settlementSettings,
    jobs: ({ store, settings }) => [
      settlementJob({
        payments: store.records(PAYMENT_RECORDS),
        checkDateStates: async (dates) => new Map(dates.map((d) => [d, states.get(d) ?? 'reconciled'])),
        settings,
        provinces: PROVINCE_CODES,
      }),
    ],
    adminResources: () => [settlementResource],
  });
}

const statementOf = (province: string, counterparts: number[][], net: number) => ({
  SettleMonth: '202611',
  Province: province,
  CommissionRate: 10,
  Counterpart: counterparts.map(([p, pc, pa, rc, ra, c, n]) => ({
    Province: String(p),
    PayableCount: pc,
    PayableAmount: pa,
    ReceivableCount: rc,
    ReceivableAmount: ra,
    Commission: c,
    NetAmount: n,
  })),
  NetAmount: net,
});

// By hand, at 10 permille: 11→36 15000 (commission 150), 36→11 2550 (25.5, rounded up: 26), 51→11 30000 (300).
const EXPECTED = {
  '11': statementOf(
    '11',
    [
      [36, 2, 15000, 1, 2550, 124, -12326],
      [51, 0, 0, 1, 30000, -300, 29700],
    ],
    17374,
  ),
  '36': statementOf('36', [[11, 1, 2550, 2, 15000, -124, 12326]], 12326),
  '51': statementOf('51', [[11, 1, 30000, 0, 0, 300, -29700]], -29700),
};

for (const storeKind of ['memory', 'mongodb'] as const) {
  describe(`settlement job (8.2.1) on ${storeKind}`, function () {
    this.timeout(30_000);
    const uri = process.env.MONGODB_URI || undefined;
    if (storeKind === 'mongodb' && !uri) {
      it('runs against MONGODB_URI (not set: skipped)');
      return;
    }
    const dbs = uri ? new TestDatabases(uri) : undefined;
    let system: RunningSystem;
    let store: Store;
    let admin: AdminClient;
    const states = new Map<string, CheckDateState>();
    const t0 = Date.now();

    const startWith = (schedules: string, downProvinces: string[] = []) =>
      startSystem({
        store,
        families: [queryFamily, paymentFamily, settlementWith(states)],
        now: () => NOW + (Date.now() - t0),
        env: { JOB_SCHEDULES: schedules, PROVINCE_TIMEOUT_MS: '500' },
        downProvinces,
      });

    beforeEach(async () => {
      states.clear();
      store = storeKind === 'mongodb' ? await createMongoStore(dbs!.fresh(), { records: [PAYMENT_RECORDS] }) : createMemoryStore();
      system = await startWith(`${SETTLE_JOB}=0 30 2 5 * *`);
      admin = new AdminClient(system.gatewayUrl);
      admin.checkAgainst((await admin.get('/openapi.json')).body);
    });
    afterEach(async () => {
      await system.close();
      await store.close();
    });
    after(() => dbs?.close());

    const pay = (collectProvince: string, homeProvince: string, amount: number, state: PaymentState = 'SUCCESS', accountingDate = '20261115') =>
      store
        .records(PAYMENT_RECORDS)
        .insertIfAbsent(payment({ collectProvince, homeProvince, sender: `BILL${collectProvince}`, amount, state, accountingDate }));
    const theMonth = async () => {
      await pay('11', '36', 10000, 'SUCCESS', '20261101');
      await pay('11', '36', 5000, 'SUCCESS', '20261130');
      await pay('36', '11', 2550);
      await pay('51', '11', 30000);
      await pay('11', '36', 9999, 'REVERSED');
      await pay('36', '11', 777, 'FAILED');
      await pay('11', '51', 4242, 'SUCCESS', '20261201'); // December's
    };
    const received = async (province?: string) =>
      (await (await fetch(`${system.mockUrl}/deliveries?interface=8.2.1${province ? `&province=${province}` : ''}`)).json()) as Array<{ body: unknown }>;
    const run = (month: string) => system.gateway.runNow(SETTLE_JOB, { month });

    it('settles a hand-computed month: statements recorded, delivered, accepted; nets sum to zero', async () => {
      await theMonth();
      const record = await run('202611');
      expect(record.outcome, record.error).to.equal('ok');
      expect(record.counts).to.deep.equal({ pairs: 3, payments: 4, amount: 47550, statements: 31, 'delivery-accepted': 31 });
      for (const [province, statement] of Object.entries(EXPECTED)) {
        expect((await store.documents.get(STATEMENT_KIND, statementKey('202611', province)))!.data.statement).to.deep.equal(statement);
        expect((await received(province)).map((d) => d.body)).to.deep.equal([statement]);
      }
      // An idle province gets its statement too: nothing to settle, net 0.
      expect((await received('97')).map((d) => d.body)).to.deep.equal([{ SettleMonth: '202611', Province: '97', CommissionRate: 10, NetAmount: 0 }]);
      expect(await received()).to.have.length(31);
      const month = await admin.get('/settlements/202611');
      expect(month.status).to.equal(200);
      expect(month.body.statements).to.have.length(31);
      expect(month.body.statements.reduce((sum: number, s: { netAmount: number }) => sum + s.netAmount, 0)).to.equal(0);
      const of51 = await admin.get('/settlements/202611/51');
      expect(of51.body).to.deep.include({
        month: '202611',
        province: '51',
        commissionRate: 10,
        netAmount: -29700,
        delivery: { state: 'accepted', attempts: 1 },
      });
      expect(of51.body.counterparts).to.deep.equal([
        { province: '11', payableCount: 1, payableAmount: 30000, receivableCount: 0, receivableAmount: 0, commission: 300, netAmount: -29700 },
      ]);
    });

    it('a re-run changes nothing: the statements are kept and not delivered again', async () => {
      await theMonth();
      await run('202611');
      const again = await run('202611');
      expect(again.outcome, again.error).to.equal('ok');
      expect(again.counts).to.deep.include({ 'statements-kept': 31, 'delivery-earlier': 31 });
      expect(again.counts).not.to.have.property('statements');
      expect(await received()).to.have.length(31);
    });

    it('keeps a settled month as it was when its totals change afterwards, and fails naming the provinces', async () => {
      await theMonth();
      await run('202611');
      await pay('51', '11', 100);
      const again = await run('202611');
      expect(again.outcome).to.equal('failed');
      expect(again.error).to.match(/settled before with other totals for 11, 51: the statements recorded then were kept/);
      expect((await store.documents.get(STATEMENT_KIND, statementKey('202611', '51')))!.data.statement).to.deep.equal(EXPECTED['51']);
      expect(await received()).to.have.length(31);
    });

    it('refuses while check dates are not reconciled or payments are unresolved, naming each, and changes nothing', async () => {
      await theMonth();
      states.set('20261103', 'stale').set('20261110', 'unreconciled');
      await pay('36', '11', 500, 'PENDING', '20261105');
      await pay('11', '36', 600, 'REVERSING', '20261105');
      await pay('11', '36', 700, 'PENDING', '20261120');
      const record = await run('202611');
      expect(record.outcome).to.equal('failed');
      expect(record.error).to.equal(
        'month 202611 cannot be settled yet: check dates not reconciled: 20261103 (stale), 20261110 (unreconciled); ' +
          'payments with unresolved outcomes: 20261105: 1 PENDING, 20261105: 1 REVERSING, 20261120: 1 PENDING',
      );
      expect(await store.documents.get(STATEMENT_KIND, statementKey('202611', '11'))).to.equal(undefined);
      expect(await received()).to.deep.equal([]);
    });

    it('refuses a malformed, current or future month before any run, through the admin API (400) and settle()', async () => {
      for (const [month, reason] of [
        ['2026-11', /malformed: expected YYYYMM/],
        ['202613', /malformed/],
        ['202612', /has not closed yet/],
        ['202701', /in the future \(it is 202612 in CST\)/],
      ] as const) {
        const refused = await rejectionOf(run(month));
        expect(refused).to.be.instanceOf(JobParamsError);
        expect(refused.message).to.match(reason);
        const answer = await admin.post(`/jobs/${SETTLE_JOB}/runs`, { params: { month } });
        expect(answer.status, month).to.equal(400);
        expect(answer.body).to.deep.include({ error: 'bad-request', field: 'params', in: 'body' });
        expect(answer.body.message).to.match(reason);
        const thrown = await rejectionOf(settle(month, system.gateway, NOW));
        expect(thrown).to.be.instanceOf(SettlementMonthError);
        expect(thrown.message).to.match(reason);
      }
      expect(await system.gateway.jobs.runs({ job: SETTLE_JOB })).to.deep.equal([]);
      expect(await received()).to.deep.equal([]);
    });

    it('runs on demand through the admin API and settle(), each run recorded with its counts; scheduled from JOB_SCHEDULES', async () => {
      await theMonth();
      const answer = await admin.post(`/jobs/${SETTLE_JOB}/runs`, { params: { month: '202611' } });
      expect(answer.status).to.equal(201);
      expect(answer.body).to.deep.include({ job: SETTLE_JOB, outcome: 'ok', params: { month: '202611' } });
      expect(answer.body.counts).to.deep.include({ statements: 31, 'delivery-accepted': 31 });
      const viaCommand = await settle('202611', system.gateway, NOW);
      expect(viaCommand.counts).to.deep.include({ 'statements-kept': 31 });
      expect((await system.gateway.jobs.runs({ job: SETTLE_JOB })).map((r) => r.runId)).to.have.members([answer.body.runId, viaCommand.runId]);
      const job = system.gateway.jobs.list().find((j) => j.name === SETTLE_JOB)!;
      expect(job).to.deep.include({ params: ['month'], schedule: '0 30 2 5 * *' });
      // The 5th at 02:30 CST; croner reads real time, so the expectation does too.
      expect(job.nextRunAt).to.deep.equal(nextFiring('0 30 2 5 * *', new Date()));
    });

    it('a scheduled run settles the month before the one it fires in (CST, by the gateway clock)', async () => {
      await theMonth();
      await system.close();
      system = await startWith(`${SETTLE_JOB}=* * * * * *`); // every second
      await until(async () => (await system.gateway.jobs.runs({ job: SETTLE_JOB })).some((r) => r.outcome === 'ok'), 10_000, 'a scheduled settlement');
      const [first] = (await system.gateway.jobs.runs({ job: SETTLE_JOB })).filter((r) => r.outcome === 'ok');
      expect(first).to.deep.include({ trigger: 'schedule', params: { month: '202611' } });
      expect((await store.documents.get(STATEMENT_KIND, statementKey('202611', '51')))!.data.statement).to.deep.equal(EXPECTED['51']);
    });

    it('a province that cannot be reached keeps its statement, its delivery failed and listed for retry; the others are accepted', async () => {
      await theMonth();
      await system.close();
      system = await startWith('', ['36']);
      const record = await run('202611');
      expect(record.outcome, record.error).to.equal('ok');
      expect(record.counts).to.deep.include({ statements: 31, 'delivery-accepted': 30, 'delivery-failed': 1 });
      const of36 = await new AdminClient(system.gatewayUrl).get('/settlements/202611/36');
      expect(of36.body).to.deep.include({ netAmount: EXPECTED['36'].NetAmount });
      expect(of36.body.delivery).to.deep.include({ state: 'failed', attempts: 1 });
      expect(of36.body.delivery.lastError).to.be.a('string').and.not.equal('');
      expect(await received('36')).to.deep.equal([]);
    });
  });
}
