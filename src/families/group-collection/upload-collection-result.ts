/**
 * 9.2.3 UploadCollectionResult: what the bank collected on a group bill, from the group's
 * collecting province. One final result per group and cycle: the same one replays its first
 * answer, a different one is 4002. It must fit the bill HQ closed: BilledAmount its total,
 * FULL all of it, FAILED nothing, PARTIAL something in between (4001 otherwise); a bill not
 * yet closed takes no result (4010). The sweep then allocates it and delivers 9.2.4.
 */
import type { UploadCollectionResultReq, UploadCollectionResultRsp } from '../../contract/generated/bodies';
import { RSP, RspCode } from '../../contract/rsp-codes';
import { HandlerResult, OperationHandler } from '../../handlers/handler';
import { StoredAnswer } from '../../store/ports';
import { CollectionDeps } from './collection-deps';
import { BILL_KIND, billKey, billOf, COLLECTION_KIND, CollectionData, fingerprintOf } from './group-records';

type Answer = HandlerResult<UploadCollectionResultRsp>;

export function uploadCollectionResult(deps: CollectionDeps): OperationHandler<'UploadCollectionResult'> {
  return async (request) => {
    const req = request.body;
    const echo = { GroupId: req.GroupId, BillCycle: req.BillCycle };
    const refuse = (rspCode: RspCode, rspDesc: string): Answer => ({ rspCode, rspDesc, body: echo });
    const group = deps.groups.get(req.GroupId);
    if (!group) return refuse(RSP.GROUP_NOT_FOUND, `group ${req.GroupId} is not a national group customer HQ knows`);
    if (req.CollectProvince !== request.route.province)
      return refuse(RSP.NOT_GROUP_MEMBER, `CollectProvince ${req.CollectProvince} is not the uploading province ${request.route.province} (RouteValue)`);
    if (req.CollectProvince !== group.collectProvince)
      return refuse(RSP.NOT_GROUP_MEMBER, `province ${req.CollectProvince} is not group ${group.groupId}'s collecting province (${group.collectProvince})`);
    const doc = await deps.store.documents.get(BILL_KIND, billKey(req.GroupId, req.BillCycle));
    if (!doc || (doc.state !== 'closed' && doc.state !== 'delivered'))
      return refuse(
        RSP.GROUP_BILL_PENDING,
        `group ${req.GroupId} has no closed bill for cycle ${req.BillCycle}: its member provinces have not all uploaded, and no cut-off has run`,
      );
    const problem = amountProblem(req, billOf(doc, group.memberProvinces).totalAmount);
    if (problem) return refuse(RSP.BATCH_REJECTED, problem);
    const answer: StoredAnswer = { rspCode: RSP.SUCCESS, body: { ...echo, Accepted: '1' } };
    const data: CollectionData = {
      groupId: req.GroupId,
      cycle: req.BillCycle,
      collectProvince: req.CollectProvince,
      status: req.CollectStatus,
      billedAmount: req.BilledAmount,
      collectedAmount: req.CollectedAmount,
      ...(req.BankSerial !== undefined && { bankSerial: req.BankSerial }),
      collectTime: req.CollectTime,
      transIdH: request.transIdH,
      answer,
    };
    const now = new Date(deps.now());
    const fingerprint = fingerprintOf(req);
    const put = await deps.store.documents.putIfAbsent({
      kind: COLLECTION_KIND,
      key: billKey(req.GroupId, req.BillCycle),
      fingerprint,
      state: 'received',
      data: { ...data },
      dueAt: now,
      createdAt: now,
    });
    if (put.inserted) return { rspCode: RSP.SUCCESS, body: { ...echo, Accepted: '1' } };
    const first = put.existing.data as unknown as CollectionData;
    if (put.existing.fingerprint !== fingerprint)
      return refuse(
        RSP.UPLOAD_CONFLICT,
        `group ${req.GroupId} cycle ${req.BillCycle} has its collection result already (${first.status}, ${first.collectedAmount} fen): a second, different one is refused`,
      );
    return { rspCode: first.answer.rspCode as RspCode, body: first.answer.body as UploadCollectionResultRsp, transIdH: first.transIdH };
  };
}

function amountProblem(req: UploadCollectionResultReq, billed: number): string | undefined {
  if (req.BilledAmount !== billed) return `BilledAmount ${req.BilledAmount} is not the group bill's total ${billed}`;
  const c = req.CollectedAmount;
  if (req.CollectStatus === 'FULL' && c !== billed) return `FULL collection of ${c} fen of a ${billed} fen bill`;
  if (req.CollectStatus === 'FAILED' && c !== 0) return `FAILED collection of ${c} fen: a failed collection collected nothing`;
  if (req.CollectStatus === 'PARTIAL' && !(c > 0 && c < billed))
    return `PARTIAL collection of ${c} fen of a ${billed} fen bill: partial is more than 0 and less than the bill`;
  return undefined;
}
