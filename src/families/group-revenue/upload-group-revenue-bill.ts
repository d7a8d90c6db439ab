/**
 * 10.2.1 group revenue bill upload: a member province uploads what it billed the group's
 * members of cycle M. Reads top-down:
 *   the group and the province (unknown group 1005; not a member, not the sender, or the
 *   wrong collecting province 1006); the cycle (a cycle not yet begun 1003);
 *   the batch (member totals and the upload's total add up, no number twice: else 4001);
 *   an upload under the same (cycle, group, province) before → the same answer again, or
 *   4002 if its content differs; a cycle whose final result is fixed takes no new upload, and
 *   one kept while the final result was being fixed is answered as late (4003) ever after;
 *   kept, and when every member province has uploaded the cycle is due for its preliminary result.
 */
import { UploadGroupRevenueBillReq, UploadGroupRevenueBillRsp } from '../../contract/generated/bodies';
import { RSP, RspCode } from '../../contract/rsp-codes';
import { cstCycle } from '../../domain/cst-time';
import { GroupCustomer } from '../../domain/group-customers';
import { HandlerResult, OperationHandler } from '../../handlers/handler';
import { RevenueDeps } from './revenue-deps';
import { fingerprintOf, RevenueUpload } from './revenue-records';

type UploadResult = HandlerResult<UploadGroupRevenueBillRsp>;

export function uploadGroupRevenueBill(deps: RevenueDeps): OperationHandler<'UploadGroupRevenueBill'> {
  return async ({ body: req, route, transIdH }) => {
    const echo = { GroupId: req.GroupId, BillCycle: req.BillCycle };
    const refuse = (rspCode: RspCode, rspDesc: string): UploadResult => ({ rspCode, rspDesc, body: echo });
    const group = deps.groups.get(req.GroupId);
    if (!group) return refuse(RSP.GROUP_NOT_FOUND, `group ${req.GroupId} is not a national group customer HQ knows`);
    const problem = membershipProblem(deps, group, req, route.province) ?? cycleProblem(req.BillCycle, deps.now());
    if (problem) return refuse(problem.code, problem.desc);
    const batch = batchProblem(req);
    if (batch) return refuse(RSP.BATCH_REJECTED, batch);

    const fingerprint = fingerprintOf(req);
    const closed = (): UploadResult =>
      refuse(
        RSP.GROUP_CYCLE_CLOSED,
        `group ${req.GroupId} cycle ${req.BillCycle} is closed: its final revenue result is fixed, so a late upload is not counted`,
      );
    const replay = async (existing: RevenueUpload, existingFingerprint: string): Promise<UploadResult> => {
      if (existingFingerprint !== fingerprint)
        return refuse(RSP.UPLOAD_CONFLICT, `province ${req.Province} uploaded group ${req.GroupId} cycle ${req.BillCycle} before with other content`);
      if (!(await counted(deps, req))) return closed();
      return { rspCode: RSP.SUCCESS, body: { ...echo, AcceptedCount: existing.memberCount }, transIdH: existing.transIdH };
    };
    const earlier = await deps.records.upload(req.BillCycle, req.GroupId, req.Province);
    if (earlier) return replay(earlier.upload, earlier.fingerprint);

    const cycle = await deps.records.openCycle(req.BillCycle, req.GroupId);
    if (cycle.state === 'closing' || cycle.state === 'final') return closed();
    const upload: RevenueUpload = {
      groupId: req.GroupId,
      cycle: req.BillCycle,
      province: req.Province,
      collectProvince: req.CollectProvince,
      totalAmount: req.TotalAmount,
      memberCount: req.MemberBill?.length ?? 0,
      transIdH,
      uploadedAt: new Date(deps.now()).toISOString(),
    };
    const put = await deps.records.putUpload(upload, fingerprint);
    if (!put.inserted) return replay(put.existing, put.fingerprint); // a concurrent duplicate won
    // The cycle may have begun closing between the look at it and the put: then the final result decides.
    if (!(await counted(deps, req))) return closed();
    await markDueWhenComplete(deps, group, req.BillCycle, cycle.state);
    return { rspCode: RSP.SUCCESS, body: { ...echo, AcceptedCount: upload.memberCount } };
  };
}

/**
 * Whether the upload counts: the cycle is not closing, or its final result counted it. A
 * cycle found closing is being fixed now (the uploads are read after it began to close, so
 * whether this one is read is only known once it is fixed): the answer waits for it, so that
 * the province hears what the final result did. A close that does not end in time (its run
 * stopped) is an error the province may try again after; the next final run finishes it.
 */
async function counted(deps: RevenueDeps, req: UploadGroupRevenueBillReq): Promise<boolean> {
  for (let waited = 0; ; waited += CLOSING_POLL_MS) {
    const cycle = await deps.records.cycleOf(req.BillCycle, req.GroupId);
    if (cycle?.state === 'final') return cycle.final!.uploaded.includes(req.Province);
    if (cycle?.state !== 'closing') return true;
    if (waited >= CLOSING_WAIT_MS)
      throw new Error(`group ${req.GroupId} cycle ${req.BillCycle} is still closing after ${CLOSING_WAIT_MS} ms: try the upload again later`);
    await new Promise((resolve) => setTimeout(resolve, CLOSING_POLL_MS));
  }
}

const CLOSING_POLL_MS = 50;
const CLOSING_WAIT_MS = 5000;

function membershipProblem(
  deps: RevenueDeps,
  group: GroupCustomer,
  req: UploadGroupRevenueBillReq,
  sender: string,
): { code: RspCode; desc: string } | undefined {
  // RouteType 00 names the uploading province: an upload for another province is not this sender's to make.
  if (req.Province !== sender) return { code: RSP.NOT_GROUP_MEMBER, desc: `Province ${req.Province} is not the uploading province ${sender} (RouteValue)` };
  if (!deps.groups.isMember(group.groupId, req.Province))
    return { code: RSP.NOT_GROUP_MEMBER, desc: `province ${req.Province} is not a member province of group ${group.groupId}` };
  if (req.CollectProvince !== group.collectProvince) {
    return {
      code: RSP.NOT_GROUP_MEMBER,
      desc: `CollectProvince ${req.CollectProvince} is not group ${group.groupId}'s collecting province (${group.collectProvince})`,
    };
  }
  return undefined;
}

function cycleProblem(cycle: string, now: number): { code: RspCode; desc: string } | undefined {
  const month = Number(cycle.slice(4));
  if (month < 1 || month > 12) return { code: RSP.BILL_CYCLE_UNAVAILABLE, desc: `bill cycle ${cycle} has no month ${cycle.slice(4)}` };
  const current = cstCycle(now);
  return cycle > current ? { code: RSP.BILL_CYCLE_UNAVAILABLE, desc: `bill cycle ${cycle} has not begun (the current cycle is ${current})` } : undefined;
}

/** What does not add up in the batch, or undefined. */
export function batchProblem(req: UploadGroupRevenueBillReq): string | undefined {
  const bills = req.MemberBill ?? [];
  const numbers = new Set<string>();
  let total = 0;
  for (const bill of bills) {
    if (numbers.has(bill.ServiceNumber)) return `member ${bill.ServiceNumber} is billed twice in one upload`;
    numbers.add(bill.ServiceNumber);
    if (bill.Amount < 0) return `member ${bill.ServiceNumber}'s bill is negative (${bill.Amount} fen)`;
    const items = bill.BillItem ?? [];
    const itemTotal = items.reduce((sum, item) => sum + item.Amount, 0);
    if (items.length > 0 && itemTotal !== bill.Amount)
      return `member ${bill.ServiceNumber}'s Amount ${bill.Amount} is not the sum of its BillItem amounts (${itemTotal})`;
    total += bill.Amount;
  }
  if (!Number.isSafeInteger(total)) return 'the member bills add up to more than can be counted exactly';
  return total === req.TotalAmount
    ? undefined
    : `TotalAmount ${req.TotalAmount} is not the sum of the MemberBill amounts (${total} over ${bills.length} bills)`;
}

/** Every member province has uploaded: the sweep may send the preliminary result (if so configured). */
async function markDueWhenComplete(deps: RevenueDeps, group: GroupCustomer, cycle: string, state: string): Promise<void> {
  if (state !== 'open' || !deps.settings.preliminaryWhenComplete) return;
  const uploaded = new Set((await deps.records.uploadsOf(cycle, group.groupId)).map((u) => u.province));
  if (group.memberProvinces.every((p) => uploaded.has(p))) await deps.records.markDue(cycle, group.groupId, 'open', new Date(deps.now()));
}
