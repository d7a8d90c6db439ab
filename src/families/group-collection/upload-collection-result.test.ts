import { expect } from 'chai';
import type { UploadCollectionResultReq } from '../../contract/generated/bodies';
import { GroupCustomerTable } from '../../domain/group-customers';
import { HandlerRequest } from '../../handlers/handler';
import { createMemoryStore } from '../../store/memory/memory-store';
import { CollectionDeps } from './collection-deps';
import { COLLECTION_KIND, billKey } from './group-records';
import { uploadCollectionResult } from './upload-collection-result';
import { uploadGroupBill } from './upload-group-bill';

const GROUP = new GroupCustomerTable([
  {
    groupId: 'G1',
    name: '测试集团',
    collectProvince: '51',
    memberProvinces: ['11', '51'],
    members: ['11', '51'].map((p) => ({ province: p, serviceNumber: `156${p}0000001` })),
  },
]);

const request = <B extends { CollectProvince?: string; MemberProvince?: string }>(body: B, from = body.MemberProvince ?? body.CollectProvince!) =>
  ({ head: {}, body, route: { province: from, by: 'province' }, transIdH: `UCRMT${Math.random()}`, receivedAt: Date.now() }) as unknown as HandlerRequest<B>;

const result = (over: Partial<UploadCollectionResultReq> = {}): UploadCollectionResultReq => ({
  GroupId: 'G1',
  BillCycle: '202510',
  CollectProvince: '51',
  BilledAmount: 1000,
  CollectedAmount: 400,
  CollectStatus: 'PARTIAL',
  CollectTime: '20251115093000',
  ...over,
});

describe('group collection: the 9.2.3 collection result', () => {
  async function closedBill(): Promise<CollectionDeps> {
    const deps: CollectionDeps = { groups: GROUP, store: createMemoryStore(), settings: { sweepIntervalMs: 1000 }, now: Date.now };
    const upload = uploadGroupBill(deps);
    for (const [p, amount] of [
      ['11', 300],
      ['51', 700],
    ] as const) {
      const answer = await upload(
        request({
          GroupId: 'G1',
          BillCycle: '202510',
          MemberProvince: p,
          CollectProvince: '51',
          MemberCount: 1,
          TotalAmount: amount,
          MemberBill: [{ ServiceNumber: `156${p}0000001`, AccountId: 'A1', Amount: amount }],
        }),
      );
      expect(answer.rspCode).to.equal('0000');
    }
    return deps;
  }

  it('refuses a result that does not fit the bill or its status (4001), and keeps nothing', async () => {
    const deps = await closedBill();
    const take = uploadCollectionResult(deps);
    const wrong: Array<[Partial<UploadCollectionResultReq>, RegExp]> = [
      [{ BilledAmount: 999 }, /not the group bill's total 1000/],
      [{ CollectStatus: 'FULL', CollectedAmount: 999 }, /FULL collection of 999/],
      [{ CollectStatus: 'FAILED', CollectedAmount: 1 }, /FAILED collection of 1/],
      [{ CollectStatus: 'PARTIAL', CollectedAmount: 1000 }, /PARTIAL collection of 1000/],
      [{ CollectStatus: 'PARTIAL', CollectedAmount: 0 }, /PARTIAL collection of 0/],
    ];
    for (const [over, why] of wrong) {
      const answer = await take(request(result(over)));
      expect(answer.rspCode, JSON.stringify(over)).to.equal('4001');
      expect(answer.rspDesc).to.match(why);
    }
    expect(await deps.store.documents.get(COLLECTION_KIND, billKey('G1', '202510'))).to.equal(undefined);
  });

  it('takes one result: the same one replays with its first TransIDH, another is 4002', async () => {
    const deps = await closedBill();
    const take = uploadCollectionResult(deps);
    const first = request(result());
    expect((await take(first)).rspCode).to.equal('0000');
    expect(await take(request(result()))).to.deep.include({ rspCode: '0000', transIdH: first.transIdH });
    expect((await take(request(result({ CollectStatus: 'FULL', CollectedAmount: 1000 })))).rspCode).to.equal('4002');
  });

  it('takes no result before the bill closes (4010), nor from another province than the collecting one (1006)', async () => {
    const deps: CollectionDeps = { groups: GROUP, store: createMemoryStore(), settings: { sweepIntervalMs: 1000 }, now: Date.now };
    const take = uploadCollectionResult(deps);
    expect((await take(request(result()))).rspCode).to.equal('4010');
    expect((await take(request(result({ CollectProvince: '11' })))).rspCode).to.equal('1006');
    expect((await take(request(result(), '11'))).rspCode).to.equal('1006');
    expect((await take(request(result({ GroupId: 'G2' })))).rspCode).to.equal('1005');
  });
});
