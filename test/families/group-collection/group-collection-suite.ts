/**
 * The one-point collection through the running system (gateway + mock provinces), on the
 * store a suite gives it: the memory store, or MongoDB (group-collection.test.ts).
 */
import { expect } from 'chai';
import type { DeliverCollectionResultReq, DeliverGroupBillReq } from '../../../src/contract/generated/bodies';
import { cstCycle, previousCycle } from '../../../src/domain/cst-time';
import { loadGroupCustomers } from '../../../src/domain/group-customers';
import { asProvinceCode } from '../../../src/domain/provinces';
import { CUTOFF_JOB, SWEEP_JOB } from '../../../src/families/group-collection';
import { Store } from '../../../src/store/ports';
import type { CollectionStatus } from '../../../src/families/group-collection/collection-status';
import { sendUpload } from '../../../src/simulator/upload-client';
import { simulateGroupCycle } from '../../../src/simulator/group-cycle';
import { groupMemberBills, writtenOff } from '../../../mocks/province-billing/group-handlers';
import { contractsAndSegments, RunningSystem, startSystem } from '../../support/system';
import { until } from '../../jobs/job-support';

const groups = loadGroupCustomers();
const { contracts } = contractsAndSegments();

export function groupCollectionSuite(makeStore: () => Promise<Store>): void {
  let system: RunningSystem;
  let store: Store;
  before(async () => {
    store = await makeStore();
    system = await startSystem({ store, env: { GROUP_COLLECTION_SWEEP_MS: '50' } });
  });
  after(async () => {
    await system.close();
    await store.close();
  });

  const upload = (groupId: string, province: string, cycle: string, bills = groupMemberBills(groupId, province, cycle)) =>
    sendUpload(system.gatewayUrl, contracts, '9.2.1', 'UploadGroupBill', province, {
      GroupId: groupId,
      BillCycle: cycle,
      MemberProvince: asProvinceCode(province),
      CollectProvince: asProvinceCode(groups.get(groupId)!.collectProvince),
      MemberCount: bills.length,
      TotalAmount: bills.reduce((s, b) => s + b.Amount, 0),
      MemberBill: bills,
    });
  const delivered = <T>(province: string, number: string, groupId: string, cycle: string): T[] =>
    system.mocks.books
      .get(province)!
      .deliveries.filter((d) => d.interfaceNumber === number && d.body.GroupId === groupId && d.body.BillCycle === cycle)
      .map((d) => d.body as unknown as T);
  const status = async (cycle: string, groupId: string): Promise<CollectionStatus> =>
    (await (await fetch(`${system.gatewayUrl}/admin/group-collection/${cycle}/${groupId}`)).json()) as CollectionStatus;
  const accountOf = async (number: string, asking: string) => {
    const answer = await sendUpload(
      system.gatewayUrl,
      contracts,
      '4.2.1',
      'QueryRemoteAccount',
      asking,
      { ServiceNumber: number, CollectProvince: asProvinceCode(asking) },
      {
        type: '01',
        serviceNumber: number,
      },
    );
    expect(answer.rspCode, answer.rspDesc).to.equal('0000');
    return answer.body.AccountInfo as { Arrears: number; Balance: number };
  };

  it('walks a group through a cycle: uploads → group bill → partial collection → allocation → write-off seen in 4.2.1', async () => {
    const group = groups.get('G310000003')!;
    const cycle = previousCycle(cstCycle()); // the cycle the mocks' group members owe
    const [last, ...first] = [...group.memberProvinces].reverse();
    for (const province of first) expect((await upload(group.groupId, province, cycle)).rspCode).to.equal('0000');
    expect(await status(cycle, group.groupId)).to.deep.include({ bill: 'open', missing: [last] });
    expect((await upload(group.groupId, last, cycle)).rspCode).to.equal('0000');

    await until(() => delivered(group.collectProvince, '9.2.2', group.groupId, cycle).length === 1, 5000, 'the group bill at the collecting province');
    const bill = delivered<DeliverGroupBillReq>(group.collectProvince, '9.2.2', group.groupId, cycle)[0];
    const expected = group.memberProvinces.map((p) => {
      const bills = groupMemberBills(group.groupId, p, cycle);
      return { Province: p, MemberCount: bills.length, Amount: bills.reduce((s, b) => s + b.Amount, 0) };
    });
    expect(bill.ProvinceBill).to.deep.equal(expected);
    expect(bill.TotalAmount).to.equal(expected.reduce((s, l) => s + l.Amount, 0));
    expect(bill.MissingProvince).to.equal(undefined);

    const member = group.members.find((m) => m.province !== group.collectProvince)!;
    const before = await accountOf(member.serviceNumber, group.collectProvince);
    const collected = Math.floor(bill.TotalAmount / 3);
    const result = await sendUpload(system.gatewayUrl, contracts, '9.2.3', 'UploadCollectionResult', group.collectProvince, {
      GroupId: group.groupId,
      BillCycle: cycle,
      CollectProvince: asProvinceCode(group.collectProvince),
      BilledAmount: bill.TotalAmount,
      CollectedAmount: collected,
      CollectStatus: 'PARTIAL',
      BankSerial: 'BANK0001',
      CollectTime: `${cycle}28120000`,
    });
    expect(result.rspCode, result.rspDesc).to.equal('0000');

    await until(() => group.memberProvinces.every((p) => delivered(p, '9.2.4', group.groupId, cycle).length === 1), 5000, 'every share delivered');
    const shares = group.memberProvinces.map((p) => delivered<DeliverCollectionResultReq>(p, '9.2.4', group.groupId, cycle)[0]);
    expect(shares.reduce((s, x) => s + x.AllocatedAmount, 0)).to.equal(collected);
    for (const s of shares)
      expect(s).to.deep.include({ CollectStatus: 'PARTIAL', BilledAmount: expected.find((l) => l.Province === s.MemberProvince)!.Amount });

    const share = writtenOff(system.mocks.books.get(member.province)!, group.groupId, cycle)![member.serviceNumber];
    expect(share).to.be.above(0);
    const after = await accountOf(member.serviceNumber, group.collectProvince);
    expect(before.Arrears - after.Arrears).to.equal(share);

    await until(async () => (await status(cycle, group.groupId)).provinces.every((p) => p.writeOff?.state === 'accepted'));
    const seen = await status(cycle, group.groupId);
    expect(seen).to.deep.include({ bill: 'delivered', closedBy: 'complete', missing: [], late: [] });
    expect(seen.collection).to.deep.include({ state: 'allocated', status: 'PARTIAL', collectedAmount: collected });
    expect(seen.provinces.map((p) => p.allocatedAmount)).to.deep.equal(shares.map((s) => s.AllocatedAmount));
  });

  it('re-running the sweep and the cut-off, and replaying the uploads, changes nothing', async () => {
    const group = groups.get('G510000002')!;
    const cycle = '202507';
    await simulateGroupCycle({ gatewayUrl: system.gatewayUrl, mocksUrl: system.mockUrl, cycle, outcome: 'PARTIAL', contracts, groupIds: [group.groupId] });
    const count = () => group.memberProvinces.reduce((n, p) => n + delivered(p, '9.2.4', group.groupId, cycle).length, 0);
    expect(count()).to.equal(group.memberProvinces.length);
    const books = group.members.map(
      (m) => system.mocks.books.get(m.province)!.find(m.serviceNumber)!.balance + -system.mocks.books.get(m.province)!.find(m.serviceNumber)!.arrears,
    );
    expect((await upload(group.groupId, group.memberProvinces[0], cycle)).rspCode).to.equal('0000');
    await system.gateway.runNow(SWEEP_JOB);
    await system.gateway.runNow(CUTOFF_JOB, { cycle });
    await simulateGroupCycle({ gatewayUrl: system.gatewayUrl, mocksUrl: system.mockUrl, cycle, outcome: 'PARTIAL', contracts, groupIds: [group.groupId] });
    expect(count()).to.equal(group.memberProvinces.length);
    expect(delivered(group.collectProvince, '9.2.2', group.groupId, cycle)).to.have.length(1);
    const again = group.members.map(
      (m) => system.mocks.books.get(m.province)!.find(m.serviceNumber)!.balance + -system.mocks.books.get(m.province)!.find(m.serviceNumber)!.arrears,
    );
    expect(again).to.deep.equal(books);
  });

  it('closes at the cut-off naming the missing provinces, refuses a late upload (4003) and lists it', async () => {
    const group = groups.get('G170000004')!;
    const cycle = '202509';
    const [on, ...rest] = group.memberProvinces;
    expect((await upload(group.groupId, on, cycle)).rspCode).to.equal('0000');
    const run = await system.gateway.runNow(CUTOFF_JOB, { cycle });
    expect(run.outcome, run.error).to.equal('ok');
    const bill = delivered<DeliverGroupBillReq>(group.collectProvince, '9.2.2', group.groupId, cycle);
    expect(bill).to.have.length(1);
    expect(bill[0].MissingProvince).to.deep.equal(rest);
    expect(bill[0].ProvinceBill!.map((l) => l.Province)).to.deep.equal([on]);
    const late = await upload(group.groupId, rest[0], cycle);
    expect(late.rspCode).to.equal('4003');
    expect((await upload(group.groupId, rest[0], cycle)).rspCode).to.equal('4003');
    expect(await status(cycle, group.groupId)).to.deep.include({ bill: 'delivered', closedBy: 'cutoff', uploaded: [on], missing: rest, late: [rest[0]] });
    // A group no one uploaded for closes empty: nothing to deliver.
    expect((await status(cycle, 'G360000005')).bill).to.equal('empty');
  });

  it('allocates nothing on a failed collection, and the simulator walks every seeded group', async () => {
    const cycle = '202508';
    const reports = await simulateGroupCycle({
      gatewayUrl: system.gatewayUrl,
      mocksUrl: system.mockUrl,
      cycle,
      outcome: 'rotate',
      contracts,
      timeoutMs: 10_000,
    });
    expect(reports.map((r) => r.groupId).sort()).to.deep.equal(
      groups
        .all()
        .map((g) => g.groupId)
        .sort(),
    );
    for (const r of reports) {
      expect(
        Object.values(r.shares).reduce((s, x) => s + x, 0),
        r.groupId,
      ).to.equal(r.collected);
      if (r.outcome === 'FAILED') expect(Object.values(r.shares).every((x) => x === 0)).to.equal(true);
      if (r.outcome === 'FULL') expect(r.collected).to.equal(r.billed);
    }
    expect(reports.map((r) => r.outcome)).to.include.members(['FULL', 'PARTIAL', 'FAILED']);
  });
}
