/**
 * Group revenue settlement end to end, on the in-memory store and on MongoDB (MONGODB_URI):
 * member provinces upload through SOAP (10.2.1), the jobs run on demand through the admin
 * API, and the mock provinces receive the stage results (10.2.2, read back at GET
 * /deliveries): preliminary, then final; a province's final never before its preliminary;
 * re-runs change nothing; the status at /admin/group-revenue says where it all stands.
 */
import { expect } from 'chai';
import * as soap from 'soap';
import { cstTimestamp } from '../../src/domain/cst-time';
import { GroupCustomer, loadGroupCustomers } from '../../src/domain/group-customers';
import { FAMILIES, recordKindsOf } from '../../src/families';
import { FINAL_JOB, PRELIMINARY_JOB, SWEEP_JOB } from '../../src/families/group-revenue';
import { RevenueRecords } from '../../src/families/group-revenue/revenue-records';
import { DELIVERY_RETRY_JOB } from '../../src/jobs';
import { createMongoStore } from '../../src/store/mongo/mongo-store';
import { Store } from '../../src/store/ports';
import { AdminClient } from '../admin/admin-client';
import { provinceHead } from '../support/heads';
import { callWithHead, soapClient } from '../support/soap-client';
import { RunningSystem, startSystem } from '../support/system';
import { mongoUriOrStandIn, TestDatabases } from '../store/mongo-test-db';

const CYCLE = '202510';
const groups = loadGroupCustomers();

interface RevenueResultSeen {
  province: string;
  receivedAt: number;
  body: { GroupId: string; BillCycle: string; Stage: string; Province: string; BilledAmount: number; RecognisedRevenue: number; TransferAmount: number };
}

function groupRevenueSuite(storeName: string, openStore: () => Promise<Store | undefined>, closeStore: () => Promise<void>) {
  describe(`group revenue settlement end to end (${storeName})`, function () {
    this.timeout(60_000);
    const clock = { offsetMs: 0 };
    let system: RunningSystem;
    let admin: AdminClient;
    let upload: soap.Client;

    before(async () => {
      system = await startSystem({
        store: await openStore(),
        now: () => Date.now() + clock.offsetMs,
        env: {
          PROVINCE_TIMEOUT_MS: '1500',
          // Nothing runs by itself: the test runs each job when it wants it.
          GROUP_REVENUE_SWEEP_INTERVAL_MS: '3600000',
          DELIVERY_RETRY_INTERVAL_MS: '3600000',
          DELIVERY_BASE_DELAY_MS: '60000',
          DELIVERY_MAX_DELAY_MS: '60000',
        },
      });
      admin = new AdminClient(system.gatewayUrl);
      admin.checkAgainst((await admin.get('/openapi.json')).body);
      upload = await soapClient(`${system.gatewayUrl}/ucrm/10.2.1?wsdl`);
    });
    after(async () => {
      await system.close();
      await closeStore();
    });

    const billOf = (group: GroupCustomer, province: string, extraFen = 0) => {
      const members = groups.membersIn(group.groupId, province);
      const MemberBill = members.map((m, i) => ({
        ServiceNumber: m.serviceNumber,
        AccountId: `${province}${String(i + 1).padStart(11, '0')}`,
        Amount: 5800 + Number(province) * 13 + i + extraFen,
      }));
      return {
        GroupId: group.groupId,
        BillCycle: CYCLE,
        Province: province,
        CollectProvince: group.collectProvince,
        TotalAmount: MemberBill.reduce((s, b) => s + b.Amount, 0),
        MemberBill,
      };
    };
    const send = async (group: GroupCustomer, province: string, extraFen = 0) => {
      const head = provinceHead('10.2.1', province, { type: '00', value: province }, { ProcessTime: cstTimestamp() });
      const answer = await callWithHead(upload, 'UploadGroupRevenueBill', head, billOf(group, province, extraFen));
      return { code: answer.head.RspCode, desc: answer.head.RspDesc, transIdH: answer.head.TransIDH, body: answer.body };
    };
    const run = async (job: string, params: Record<string, string> = {}) => {
      const answer = await admin.post(`/jobs/${job}/runs`, { params });
      expect(answer.status, JSON.stringify(answer.body)).to.be.oneOf([200, 201]);
      expect(answer.body.outcome, JSON.stringify(answer.body)).to.equal('ok');
      return answer.body as { counts: Record<string, number> };
    };
    const resultsAt = async (group: GroupCustomer): Promise<RevenueResultSeen[]> => {
      const all = (await (await fetch(`${system.mockUrl}/deliveries?interface=10.2.2`)).json()) as RevenueResultSeen[];
      return all.filter((d) => d.body.GroupId === group.groupId && d.body.BillCycle === CYCLE);
    };
    const status = async (group: GroupCustomer) => {
      const answer = await admin.get(`/group-revenue/${CYCLE}/${group.groupId}`);
      expect(answer.status).to.equal(200);
      return answer.body;
    };
    const stageOf = (seen: RevenueResultSeen[], stage: string) => new Map(seen.filter((d) => d.body.Stage === stage).map((d) => [d.province, d.body]));

    /** Every province got both stages; each stage's transfers sum to zero and its revenue to what was billed. */
    const expectBalanced = (seen: RevenueResultSeen[], group: GroupCustomer) => {
      for (const stage of ['PRELIMINARY', 'FINAL']) {
        const results = [...stageOf(seen, stage).values()];
        const sum = (f: (r: RevenueResultSeen['body']) => number) => results.reduce((s, r) => s + f(r), 0);
        expect(results, stage).to.have.length(group.memberProvinces.length);
        expect(
          sum((r) => r.TransferAmount),
          `${stage} transfers balance`,
        ).to.equal(0);
        expect(sum((r) => r.RecognisedRevenue)).to.equal(sum((r) => r.BilledAmount));
      }
      expect(stageOf(seen, 'FINAL').get(group.collectProvince)!.TransferAmount, 'the collecting province pays out').to.be.below(0);
    };
    /** Every send was an exchange like any other, journaled under its delivery's TransIDH. */
    const expectJournaled = async (group: GroupCustomer, province: string, sends: { preliminary: number; final: number }) => {
      const shown = (await status(group)).provinces.find((p: { province: string }) => p.province === province);
      const sendsOf = (transIdH: string) => system.records.filter((r) => r.direction === 'outbound' && r.transIdH === transIdH);
      expect(sendsOf(shown.preliminary.delivery.transIdH)).to.have.length(sends.preliminary);
      expect(sendsOf(shown.final.delivery.transIdH).map((r) => r.rspCode)).to.deep.equal(Array(sends.final).fill('0000'));
    };

    it('walks a group through a cycle: uploads, preliminary with what is there, a late upload, final with it, never twice', async () => {
      const group = groups.get('G170000004')!; // collecting 17; members 10 17 18 19 90 91 97
      const [early, late, never] = [group.memberProvinces.filter((p) => p !== '91' && p !== '97'), '91', '97'];
      for (const p of early) expect((await send(group, p)).code, p).to.equal('0000');
      const replay = await send(group, early[0]);
      expect(replay.code, 'the same upload again replays').to.equal('0000');
      expect((await send(group, early[0], 1)).code, 'other content under the same key').to.equal('4002');
      expect(await status(group)).to.deep.include({ stage: 'open', missing: [late, never] });

      // One province's billing is down when the preliminary result goes out: its delivery fails and waits for a retry.
      system.mocks.misbehave('18', '10.2.2', { kind: 'fault', times: 1 });
      const preliminary = await run(PRELIMINARY_JOB, { cycle: CYCLE });
      expect(preliminary.counts).to.include({ 'preliminary-accepted': 6, 'preliminary-failed': 1 });
      const first = stageOf(await resultsAt(group), 'PRELIMINARY');
      expect([...first.keys()].sort()).to.deep.equal(group.memberProvinces.filter((p) => p !== '18'));
      expect(first.get(never)).to.include({ BilledAmount: 0, RecognisedRevenue: 0, TransferAmount: 0 });
      expect(first.get('10')).to.include({ BilledAmount: billOf(group, '10').TotalAmount });

      expect((await send(group, late)).code, 'an upload after the preliminary result still counts').to.equal('0000');
      const final = await run(FINAL_JOB, { cycle: CYCLE });
      expect(final.counts).to.include({ 'final-accepted': 6, 'final-waiting': 1 });
      expect((await send(group, never)).code, 'the cycle is closed').to.equal('4003');
      expect((await send(group, early[1])).code, 'an upload made before still replays').to.equal('0000');

      let seen = await resultsAt(group);
      const finals = stageOf(seen, 'FINAL');
      expect(finals.has('18'), 'no final before its preliminary').to.equal(false);
      expect(finals.get(late)).to.include({ BilledAmount: billOf(group, late).TotalAmount });
      expect(finals.get(never)).to.include({ BilledAmount: 0 });
      const shown = await status(group);
      expect(shown).to.deep.include({ stage: 'final', missing: [never], late: [] });
      expect(shown.final).to.deep.include({ missing: [never] });
      const shown18 = shown.provinces.find((p: { province: string }) => p.province === '18');
      expect(shown18.preliminary.delivery).to.include({ state: 'failed' });
      expect(shown18.final.delivery).to.equal(null);

      // The retry delivers 18's preliminary; the sweep then sends its final.
      clock.offsetMs = 3_600_000 + 1000;
      await run(DELIVERY_RETRY_JOB);
      await run(SWEEP_JOB);
      seen = await resultsAt(group);
      const of18 = seen.filter((d) => d.province === '18').map((d) => d.body.Stage);
      expect(of18).to.deep.equal(['PRELIMINARY', 'FINAL']);
      expectBalanced(seen, group);
      await expectJournaled(group, '18', { preliminary: 2, final: 1 }); // 18's preliminary twice: the fault, then accepted

      // Re-running every job sends nothing more.
      for (const job of [PRELIMINARY_JOB, FINAL_JOB]) await run(job, { cycle: CYCLE });
      await run(SWEEP_JOB);
      expect(await resultsAt(group)).to.have.length(seen.length);
      expect((await status(group)).provinces.every((p: { final: { delivery: { state: string } } }) => p.final.delivery.state === 'accepted')).to.equal(true);
      const cycle = await admin.get(`/group-revenue/${CYCLE}`);
      expect(cycle.body.groups.find((g: { groupId: string }) => g.groupId === group.groupId)).to.deep.include({ stage: 'final', missing: [never] });
    });

    it('sends the preliminary result by the sweep once every member province has uploaded', async () => {
      const group = groups.get('G360000005')!; // a single member province, which collects too
      expect(await status(group)).to.deep.include({ stage: 'none' });
      expect((await send(group, '36')).code).to.equal('0000');
      // The sweep and the preliminary job settle the same group at once: one result, sent once.
      await Promise.all([run(SWEEP_JOB), run(PRELIMINARY_JOB, { cycle: CYCLE })]);
      expect(await resultsAt(group)).to.have.length(1);
      const results = stageOf(await resultsAt(group), 'PRELIMINARY');
      const own = billOf(group, '36').TotalAmount;
      expect(results.get('36')).to.include({ BilledAmount: own, RecognisedRevenue: own, TransferAmount: 0 });
      expect(await status(group)).to.deep.include({ stage: 'preliminary', missing: [] });
    });

    it('finishes by the sweep a close whose run stopped half-way, and an upload meanwhile hears what the final result did', async () => {
      const group = groups.get('G510000002')!; // collecting 51, twelve member provinces
      expect((await send(group, '31')).code).to.equal('0000');
      await run(PRELIMINARY_JOB, { cycle: CYCLE });
      // As a final run that closed the cycle and stopped would leave it: closing, due for the sweep.
      await new RevenueRecords(system.gateway.store.documents, Date.now).close(CYCLE, group.groupId, new Date(0));
      expect(await status(group)).to.deep.include({ stage: 'closing' });
      expect((await send(group, '36')).code, 'the cycle is closing').to.equal('4003');
      const sweep = await run(SWEEP_JOB);
      expect(sweep.counts).to.include({ 'final-accepted': group.memberProvinces.length });
      const finals = stageOf(await resultsAt(group), 'FINAL');
      expect(finals.get('31')).to.include({ BilledAmount: billOf(group, '31').TotalAmount });
      expect(await status(group)).to.deep.include({ stage: 'final' });
    });

    it('refuses an unknown group, a non-member, another province or the wrong collecting province, and a bad total, keeping nothing', async () => {
      const group = groups.get('G310000003')!; // collecting 31
      const head = (province: string, sender = province) => provinceHead('10.2.1', sender, { type: '00', value: sender });
      const body = billOf(group, '11');
      const code = async (h: ReturnType<typeof head>, b: Record<string, unknown>) => (await callWithHead(upload, 'UploadGroupRevenueBill', h, b)).head.RspCode;
      expect(await code(head('11'), { ...body, GroupId: 'G999' })).to.equal('1005');
      expect(await code(head('51'), { ...body, Province: '51' })).to.equal('1006');
      expect(await code(head('11', '13'), body), 'uploaded by another province').to.equal('1006');
      expect(await code(head('11'), { ...body, CollectProvince: '11' })).to.equal('1006');
      expect(await code(head('11'), { ...body, TotalAmount: body.TotalAmount + 1 })).to.equal('4001');
      expect(await code(head('11'), { ...body, BillCycle: '209912' }), 'a cycle not begun').to.equal('1003');
      expect(await status(group)).to.deep.include({ stage: 'none', uploaded: [] });
      expect((await admin.get(`/group-revenue/${CYCLE}/G999`)).status).to.equal(404);
    });
  });
}

describe('group revenue settlement with GROUP_REVENUE_PRELIMINARY_WHEN_COMPLETE=0', function () {
  this.timeout(30_000);
  let system: RunningSystem;
  before(async () => {
    system = await startSystem({ env: { GROUP_REVENUE_PRELIMINARY_WHEN_COMPLETE: '0', GROUP_REVENUE_SWEEP_INTERVAL_MS: '3600000' } });
  });
  after(() => system.close());

  it('leaves a complete group to the preliminary job: the sweep sends nothing', async () => {
    const group = groups.get('G360000005')!;
    const members = groups.membersIn(group.groupId, '36').map((m, i) => ({ ServiceNumber: m.serviceNumber, AccountId: `A36${i}`, Amount: 100 }));
    const body = { GroupId: group.groupId, BillCycle: CYCLE, Province: '36', CollectProvince: '36', TotalAmount: 100 * members.length, MemberBill: members };
    const client = await soapClient(`${system.gatewayUrl}/ucrm/10.2.1?wsdl`);
    expect((await callWithHead(client, 'UploadGroupRevenueBill', provinceHead('10.2.1', '36', { type: '00', value: '36' }), body)).head.RspCode).to.equal(
      '0000',
    );
    const delivered = async () => ((await (await fetch(`${system.mockUrl}/deliveries?interface=10.2.2&province=36`)).json()) as unknown[]).length;
    await system.gateway.runNow(SWEEP_JOB);
    expect(await delivered()).to.equal(0);
    const run = await system.gateway.runNow(PRELIMINARY_JOB, { cycle: CYCLE });
    expect(run.counts).to.include({ 'preliminary-accepted': 1 });
    expect(await delivered()).to.equal(1);
  });
});

groupRevenueSuite(
  'memory store',
  async () => undefined,
  async () => undefined,
);

describe('group revenue settlement on MongoDB', () => {
  const uri = mongoUriOrStandIn('group revenue on MongoDB');
  if (!uri) return;
  const databases = new TestDatabases(uri);
  const dbUri = databases.fresh();
  let store: Store | undefined;
  groupRevenueSuite(
    'MongoDB',
    async () => (store = await createMongoStore(dbUri, { serverSelectionTimeoutMS: 1500, records: recordKindsOf(FAMILIES) })),
    async () => {
      await store?.close();
      await databases.drop(dbUri).catch(() => undefined);
      await databases.close();
    },
  );
});
