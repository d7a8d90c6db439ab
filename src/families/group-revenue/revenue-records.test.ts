/**
 * The group revenue family's records held to what the family relies on, on every store
 * (memory, and MongoDB when MONGODB_URI is set): concurrent uploads of one key keep one,
 * a stage is fixed once whoever computes it, an upload kept while the final result was fixed
 * is late for ever after, and completing a group's uploads makes its cycle due.
 */
import { expect } from 'chai';
import { UploadGroupRevenueBillReq } from '../../contract/generated/bodies';
import { loadGroupCustomers } from '../../domain/group-customers';
import { HandlerRequest } from '../../handlers/handler';
import type { ContractContext } from '../../../test/store/store-contract';
import { describeOnEveryStore } from '../../../test/store/each-store';
import { provinceHead } from '../../../test/support/heads';
import { RevenueDeps } from './revenue-deps';
import { RevenueRecords, StageResult, UPLOAD_KIND } from './revenue-records';
import { revenueStatus } from './revenue-status';
import { uploadGroupRevenueBill } from './upload-group-revenue-bill';

const groups = loadGroupCustomers();
const CYCLE = '202510';

function depsOf(ctx: ContractContext): RevenueDeps {
  const store = ctx.store();
  const now = () => Date.parse('2025-11-06T01:00:00Z');
  return {
    groups,
    store,
    now,
    records: new RevenueRecords(store.documents, now),
    settings: { commissionBp: 100, sweepIntervalMs: 10_000, preliminaryWhenComplete: true },
  };
}

let sequence = 0;
function request(groupId: string, province: string, amount = 1000): HandlerRequest<UploadGroupRevenueBillReq> {
  const group = groups.get(groupId)!;
  const members = groups.membersIn(groupId, province);
  const MemberBill = members.map((m, i) => ({ ServiceNumber: m.serviceNumber, AccountId: `A${province}${i}`, Amount: amount + i }));
  return {
    head: provinceHead('10.2.1', province, { type: '00', value: province }),
    route: { province: province as never, by: 'province' },
    transIdH: `UCRM-TEST-${++sequence}`,
    receivedAt: 0,
    body: {
      GroupId: groupId,
      BillCycle: CYCLE,
      Province: province as never,
      CollectProvince: group.collectProvince as never,
      TotalAmount: MemberBill.reduce((s, b) => s + b.Amount, 0),
      MemberBill,
    },
  };
}

const stage = (stageName: 'PRELIMINARY' | 'FINAL', uploaded: string[], computedAt: string): StageResult => ({
  groupId: 'G170000004',
  cycle: CYCLE,
  stage: stageName,
  computedAt,
  commissionBp: 100,
  totalBilled: 0,
  totalCommission: 0,
  provinces: [],
  uploaded,
  missing: [],
});

function describeRevenueRecords(ctx: ContractContext): void {
  describe('group revenue records', function () {
    it('keeps one of many concurrent identical uploads, and answers them all alike', async function () {
      const deps = depsOf(ctx);
      const upload = uploadGroupRevenueBill(deps);
      const answers = await Promise.all(Array.from({ length: 12 }, () => upload(request('G170000004', '18'))));
      expect(answers.map((a) => a.rspCode)).to.deep.equal(Array(12).fill('0000'));
      expect(new Set(answers.map((a) => a.body.AcceptedCount))).to.deep.equal(new Set([groups.membersIn('G170000004', '18').length]));
      const kept = await deps.store.documents.list(UPLOAD_KIND, `${CYCLE}|G170000004|`, { limit: 10 });
      expect(kept.map((d) => d.key)).to.deep.equal([`${CYCLE}|G170000004|18`]);
    });

    it('of concurrent uploads of one key with different content, accepts one and refuses the rest with 4002', async function () {
      const upload = uploadGroupRevenueBill(depsOf(ctx));
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => upload(request('G170000004', '19', 1000 + i))));
      const codes = answers.map((a) => a.rspCode).sort();
      expect(codes).to.deep.equal(['0000', ...Array(7).fill('4002')]);
    });

    it('fixes a stage once: of two computations the first to land wins, and both see it', async function () {
      const deps = depsOf(ctx);
      await deps.records.openCycle(CYCLE, 'G170000004');
      const [a, b] = await Promise.all([
        deps.records.fixStage(CYCLE, 'G170000004', 'open', stage('PRELIMINARY', ['10'], 'A')),
        deps.records.fixStage(CYCLE, 'G170000004', 'open', stage('PRELIMINARY', ['17'], 'B')),
      ]);
      expect(a.state).to.equal('preliminary');
      expect(a.preliminary).to.deep.equal(b.preliminary);
      expect(['A', 'B']).to.include(a.preliminary!.computedAt);
      const again = await deps.records.fixStage(CYCLE, 'G170000004', 'open', stage('PRELIMINARY', [], 'C'));
      expect(again.preliminary!.computedAt, 'a later computation changes nothing').to.equal(a.preliminary!.computedAt);
    });

    it('answers an upload the final result did not count as late (4003), also when it is sent again', async function () {
      const deps = depsOf(ctx);
      const upload = uploadGroupRevenueBill(deps);
      const req = request('G170000004', '90');
      expect((await upload(req)).rspCode).to.equal('0000');
      // As if the final result was fixed from the uploads read just before this one was kept.
      await deps.records.fixStage(CYCLE, 'G170000004', 'open', stage('PRELIMINARY', [], 'P'));
      await deps.records.close(CYCLE, 'G170000004');
      await deps.records.fixStage(CYCLE, 'G170000004', 'closing', stage('FINAL', [], 'F'));
      expect((await upload({ ...req, transIdH: 'UCRM-TEST-again' })).rspCode).to.equal('4003');
      expect((await upload(request('G170000004', '91'))).rspCode, 'a new upload').to.equal('4003');
      const status = await revenueStatus(deps, async () => undefined, groups.get('G170000004')!, CYCLE);
      expect(status).to.deep.include({ stage: 'final', late: ['90'] });
    });

    for (const countedInFinal of [true, false]) {
      it(`answers an upload kept just as the cycle began closing by what the final result did (${countedInFinal ? 'counted: 0000' : 'not counted: 4003'})`, async function () {
        const deps = depsOf(ctx);
        const req = request('G170000004', '97');
        await deps.records.openCycle(CYCLE, 'G170000004');
        await deps.records.fixStage(CYCLE, 'G170000004', 'open', stage('PRELIMINARY', [], 'P'));
        // The close lands right after the put; the final result is fixed a little later, while the upload waits for it.
        const records = deps.records;
        const put = records.putUpload.bind(records);
        records.putUpload = async (...args) => {
          const outcome = await put(...args);
          await records.close(CYCLE, 'G170000004');
          setTimeout(() => void records.fixStage(CYCLE, 'G170000004', 'closing', stage('FINAL', countedInFinal ? ['97'] : [], 'F')), 120);
          return outcome;
        };
        const answer = await uploadGroupRevenueBill(deps)(req);
        expect(answer.rspCode).to.equal(countedInFinal ? '0000' : '4003');
        expect((await uploadGroupRevenueBill(deps)({ ...req, transIdH: 'UCRM-TEST-again' })).rspCode, 'sent again').to.equal(answer.rspCode);
      });
    }

    it('makes the cycle due once every member province has uploaded, not before', async function () {
      const deps = depsOf(ctx);
      const upload = uploadGroupRevenueBill(deps);
      const group = groups.get('G310000003')!;
      const dueNow = async () => {
        const due: string[] = [];
        for await (const doc of deps.records.due(new Date(deps.now()))) due.push(doc.key);
        return due;
      };
      for (const p of group.memberProvinces.slice(0, -1)) expect((await upload(request(group.groupId, p))).rspCode).to.equal('0000');
      expect(await dueNow()).to.deep.equal([]);
      expect((await upload(request(group.groupId, group.memberProvinces.at(-1)!))).rspCode).to.equal('0000');
      expect(await dueNow()).to.deep.equal([`${CYCLE}|${group.groupId}`]);
    });
  });
}

describeOnEveryStore('group revenue records', [], [describeRevenueRecords]);
