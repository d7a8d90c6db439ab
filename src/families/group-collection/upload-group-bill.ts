/**
 * 9.2.1 UploadGroupBill: a member province's bills of one group and cycle. Checked (the
 * group, the province a member and the sender, the collecting province, counts and totals),
 * kept once per (group, cycle, province) — the same upload replays its first answer, other
 * content under that key is 4002 — and joined to the group bill while it is open. The last
 * member province to upload closes the bill (the sweep then delivers it, 9.2.2); an upload
 * after the bill closed at the cut-off is kept as late and answered 4003: it is not counted,
 * and the member province bills those members itself (docs/GROUPS.md).
 */
import type { UploadGroupBillReq, UploadGroupBillRsp } from '../../contract/generated/bodies';
import { RSP, RspCode } from '../../contract/rsp-codes';
import { GroupCustomer } from '../../domain/group-customers';
import { HandlerRequest, HandlerResult, OperationHandler } from '../../handlers/handler';
import { BusinessDocument, StoredAnswer } from '../../store/ports';
import { CollectionDeps } from './collection-deps';
import { BILL_KIND, fingerprintOf, lineField, openBill, ProvinceLine, UPLOAD_KIND, UploadData, uploadKey } from './group-records';

type Answer = HandlerResult<UploadGroupBillRsp>;

export function uploadGroupBill(deps: CollectionDeps): OperationHandler<'UploadGroupBill'> {
  return async (request) => {
    const req = request.body;
    const echo = { GroupId: req.GroupId, BillCycle: req.BillCycle };
    const group = deps.groups.get(req.GroupId);
    if (!group) return refuse(RSP.GROUP_NOT_FOUND, `group ${req.GroupId} is not a national group customer HQ knows`, echo);
    const wrong = membershipProblem(group, req, request.route.province) ?? batchProblem(req);
    if (wrong) return refuse(wrong.code, wrong.desc, echo);
    const answer: StoredAnswer = { rspCode: RSP.SUCCESS, body: { ...echo, AcceptedCount: req.MemberCount } };
    const data: UploadData = {
      groupId: req.GroupId,
      cycle: req.BillCycle,
      province: req.MemberProvince,
      memberCount: req.MemberCount,
      totalAmount: req.TotalAmount,
      transIdH: request.transIdH,
      answer,
    };
    const put = await deps.store.documents.putIfAbsent({
      kind: UPLOAD_KIND,
      key: uploadKey(req.GroupId, req.BillCycle, req.MemberProvince),
      fingerprint: fingerprintOf(req),
      state: 'counted',
      data: { ...data },
      createdAt: new Date(deps.now()),
    });
    if (!put.inserted) return replay(deps, group, put.existing, fingerprintOf(req), request);
    return joinBill(deps, group, put.record);
  };
}

/** The same upload again: its first answer (after finishing its join, if a crash cut it short); other content: 4002. */
async function replay(
  deps: CollectionDeps,
  group: GroupCustomer,
  existing: BusinessDocument,
  fingerprint: string,
  request: HandlerRequest<UploadGroupBillReq>,
) {
  const { GroupId, BillCycle, MemberProvince } = request.body;
  if (existing.fingerprint !== fingerprint)
    return refuse(RSP.UPLOAD_CONFLICT, `province ${MemberProvince} uploaded group ${GroupId} cycle ${BillCycle} before with other content`, {
      GroupId,
      BillCycle,
    });
  const joined = existing.state === 'counted' ? await joinBill(deps, group, existing) : storedAnswer(existing);
  return { ...joined, transIdH: (existing.data as unknown as UploadData).transIdH };
}

/** Adds the upload's line to the bill if it is still open, and closes it when every member province is in. */
async function joinBill(deps: CollectionDeps, group: GroupCustomer, upload: BusinessDocument): Promise<Answer> {
  const { documents } = deps.store;
  const u = upload.data as unknown as UploadData;
  const now = new Date(deps.now());
  const bill = await openBill(documents, u.groupId, u.cycle, group.collectProvince, now);
  const line: ProvinceLine = { province: u.province, memberCount: u.memberCount, amount: u.totalAmount };
  const joined = await documents.transition(BILL_KIND, bill.key, ['open'], { data: { [lineField(u.province)]: line } });
  if (!joined) {
    const counted = (await documents.get(BILL_KIND, bill.key))?.data[lineField(u.province)] !== undefined;
    if (counted) return storedAnswer(upload); // a replay of an upload the bill took before it closed
    const late: StoredAnswer = {
      rspCode: RSP.GROUP_CYCLE_CLOSED,
      rspDesc: `group ${u.groupId} cycle ${u.cycle} was closed at the cut-off without province ${u.province}: this upload is not counted, the province bills these members itself`,
      body: { GroupId: u.groupId, BillCycle: u.cycle },
    };
    await documents.transition(UPLOAD_KIND, upload.key, ['counted'], { state: 'late', data: { answer: late } });
    return storedAnswer({ ...upload, data: { ...upload.data, answer: late } });
  }
  if (group.memberProvinces.every((p) => joined.data[lineField(p)] !== undefined)) {
    await documents.transition(BILL_KIND, bill.key, ['open'], { state: 'closed', data: { closedBy: 'complete', closedAt: now.toISOString() }, dueAt: now });
  }
  return storedAnswer(upload);
}

function membershipProblem(group: GroupCustomer, req: UploadGroupBillReq, sender: string): { code: RspCode; desc: string } | undefined {
  if (req.MemberProvince !== sender)
    return { code: RSP.NOT_GROUP_MEMBER, desc: `MemberProvince ${req.MemberProvince} is not the uploading province ${sender} (RouteValue)` };
  if (!group.memberProvinces.includes(req.MemberProvince))
    return { code: RSP.NOT_GROUP_MEMBER, desc: `province ${req.MemberProvince} is not a member province of group ${group.groupId}` };
  if (req.CollectProvince !== group.collectProvince)
    return {
      code: RSP.NOT_GROUP_MEMBER,
      desc: `CollectProvince ${req.CollectProvince} is not group ${group.groupId}'s collecting province (${group.collectProvince})`,
    };
  return undefined;
}

/** 4001 unless MemberCount and TotalAmount are those of the bills, each bill the sum of its items, and no number twice. */
function batchProblem(req: UploadGroupBillReq): { code: RspCode; desc: string } | undefined {
  const bills = req.MemberBill ?? [];
  const fail = (desc: string) => ({ code: RSP.BATCH_REJECTED, desc });
  if (req.MemberCount !== bills.length) return fail(`MemberCount ${req.MemberCount} but ${bills.length} MemberBill`);
  let total = 0;
  const seen = new Set<string>();
  for (const bill of bills) {
    if (seen.has(bill.ServiceNumber)) return fail(`member ${bill.ServiceNumber} is billed twice`);
    seen.add(bill.ServiceNumber);
    const items = bill.BillItem ?? [];
    const itemsTotal = items.reduce((sum, item) => sum + item.Amount, 0);
    if (items.length > 0 && itemsTotal !== bill.Amount)
      return fail(`member ${bill.ServiceNumber}: Amount ${bill.Amount} but its BillItem sum to ${itemsTotal}`);
    total += bill.Amount;
  }
  if (!Number.isSafeInteger(total) || total !== req.TotalAmount) return fail(`TotalAmount ${req.TotalAmount} but the MemberBill sum to ${total}`);
  return undefined;
}

function refuse(code: RspCode, desc: string, body: UploadGroupBillRsp): Answer {
  return { rspCode: code, rspDesc: desc, body };
}

function storedAnswer(doc: BusinessDocument): Answer {
  const answer = (doc.data as unknown as UploadData).answer;
  return { rspCode: answer.rspCode as RspCode, rspDesc: answer.rspDesc, body: answer.body as UploadGroupBillRsp };
}
