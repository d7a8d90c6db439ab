import { expect } from 'chai';
import type { UploadGroupBillReq } from '../../contract/generated/bodies';
import { GroupCustomerTable } from '../../domain/group-customers';
import { HandlerRequest } from '../../handlers/handler';
import { createMemoryStore } from '../../store/memory/memory-store';
import { Store } from '../../store/ports';
import { CollectionDeps } from './collection-deps';
import { cutOff } from './group-cycle';
import { BILL_KIND, billKey, fingerprintOf, UPLOAD_KIND, uploadKey } from './group-records';
import { uploadGroupBill } from './upload-group-bill';
import type { RunContext } from '../../jobs/job';

const GROUP = new GroupCustomerTable([
  {
    groupId: 'G1',
    name: '测试集团',
    collectProvince: '51',
    memberProvinces: ['11', '36', '51'],
    members: ['11', '36', '51'].map((p) => ({ province: p, serviceNumber: `156${p}0000001` })),
  },
]);

function body(province: string, amounts: number[], cycle = '202510'): UploadGroupBillReq {
  return {
    GroupId: 'G1',
    BillCycle: cycle,
    MemberProvince: province as UploadGroupBillReq['MemberProvince'],
    CollectProvince: '51',
    MemberCount: amounts.length,
    TotalAmount: amounts.reduce((s, a) => s + a, 0),
    MemberBill: amounts.map((Amount, i) => ({ ServiceNumber: `156${province}000000${i}`, AccountId: `A${i}`, Amount })),
  };
}

let n = 0;
const request = (b: UploadGroupBillReq): HandlerRequest<UploadGroupBillReq> => ({
  head: {} as HandlerRequest['head'],
  body: b,
  route: { province: b.MemberProvince, by: 'province' },
  transIdH: `UCRMTEST${++n}`,
  receivedAt: Date.now(),
});

const run = (): RunContext => ({ signal: new AbortController().signal, count: () => undefined }) as unknown as RunContext;

describe('group collection: 9.2.1 uploads and the group bill', () => {
  let store: Store;
  let deps: CollectionDeps;
  beforeEach(() => {
    store = createMemoryStore();
    deps = { groups: GROUP, store, settings: { sweepIntervalMs: 1000 }, now: Date.now };
  });

  it('closes the bill when the last member province is in, whatever order they came in', async () => {
    const upload = uploadGroupBill(deps);
    const answers = await Promise.all(['51', '11', '36'].map((p, i) => upload(request(body(p, [100 * (i + 1), 7])))));
    expect(answers.map((a) => a.rspCode)).to.deep.equal(['0000', '0000', '0000']);
    const bill = await store.documents.get(BILL_KIND, billKey('G1', '202510'));
    expect(bill?.state).to.equal('closed');
    expect(bill?.data).to.deep.include({ p36: { province: '36', memberCount: 2, amount: 307 }, closedBy: 'complete' });
  });

  it('joins an upload kept before a crash cut its join short when it is sent again', async () => {
    const b = body('11', [500]);
    // As the handler leaves it if the process stops after keeping the upload: counted, not on the bill.
    await store.documents.putIfAbsent({
      kind: UPLOAD_KIND,
      key: uploadKey('G1', '202510', '11'),
      fingerprint: fingerprintOf(b),
      state: 'counted',
      data: { groupId: 'G1', cycle: '202510', province: '11', memberCount: 1, totalAmount: 500, transIdH: 'UCRMFIRST', answer: { rspCode: '0000', body: {} } },
      createdAt: new Date(),
    });
    const again = await uploadGroupBill(deps)(request(b));
    expect(again).to.deep.include({ rspCode: '0000', transIdH: 'UCRMFIRST' });
    expect((await store.documents.get(BILL_KIND, billKey('G1', '202510')))?.data.p11).to.deep.equal({ province: '11', memberCount: 1, amount: 500 });
  });

  it('refuses an upload after the cut-off closed the bill without it, as often as it comes, and keeps it as late', async () => {
    const upload = uploadGroupBill(deps);
    expect((await upload(request(body('51', [100])))).rspCode).to.equal('0000');
    await cutOff(deps, run(), '202510');
    const late = await upload(request(body('36', [200])));
    expect(late.rspCode).to.equal('4003');
    expect((await upload(request(body('36', [200])))).rspCode).to.equal('4003');
    expect((await store.documents.get(UPLOAD_KIND, uploadKey('G1', '202510', '36')))?.state).to.equal('late');
    const bill = await store.documents.get(BILL_KIND, billKey('G1', '202510'));
    expect(bill?.data.p36).to.equal(undefined);
    // The upload the bill took replays its first answer, not 4003.
    expect((await upload(request(body('51', [100])))).rspCode).to.equal('0000');
  });

  it('closes a bill nobody uploaded to as empty, and a cut-off run again changes nothing', async () => {
    await cutOff(deps, run(), '202511');
    expect((await store.documents.get(BILL_KIND, billKey('G1', '202511')))?.state).to.equal('empty');
    await cutOff(deps, run(), '202511');
    expect((await store.documents.get(BILL_KIND, billKey('G1', '202511')))?.state).to.equal('empty');
    expect((await uploadGroupBill(deps)(request(body('11', [1], '202511')))).rspCode).to.equal('4003');
  });

  it('refuses a bill whose items do not add up to its amount (4001), and changes nothing', async () => {
    const b = body('11', [500]);
    b.MemberBill![0].BillItem = [{ ItemCode: '1001', ItemName: '月租费', Amount: 499 }];
    const answer = await uploadGroupBill(deps)(request(b));
    expect(answer).to.deep.include({ rspCode: '4001' });
    expect(answer.rspDesc).to.match(/BillItem sum to 499/);
    expect(await store.documents.get(UPLOAD_KIND, uploadKey('G1', '202510', '11'))).to.equal(undefined);
    expect(await store.documents.get(BILL_KIND, billKey('G1', '202510'))).to.equal(undefined);
  });
});
