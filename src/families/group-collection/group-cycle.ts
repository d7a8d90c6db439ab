/**
 * HQ's side of a group's cycle after the uploads, as jobs (docs/GROUPS.md):
 *
 *   group-collection.sweep   every GROUP_COLLECTION_SWEEP_MS: delivers each closed group bill
 *                            to its collecting province (9.2.2), and allocates each received
 *                            collection result to the member provinces (9.2.4);
 *   group-collection.cutoff  (cycle), on demand or by JOB_SCHEDULES: closes every group's bill
 *                            of the cycle with what was uploaded, naming the provinces missing.
 *
 * Every step is a conditional transition of one document or a delivery keyed by (interface,
 * subject, province), so a re-run, a second instance or a run taken over does it once. The
 * sweep takes no lease for that reason.
 */
import type { DeliverCollectionResultReq, DeliverGroupBillReq } from '../../contract/generated/bodies';
import { cstCycle, previousCycle } from '../../domain/cst-time';
import { asProvinceCode } from '../../domain/provinces';
import { JobDefinition, RunContext } from '../../jobs/job';
import { allocate } from './allocation';
import { CollectionDeps } from './collection-deps';
import { BILL_KIND, billKey, billOf, ClosedBill, COLLECTION_KIND, CollectionData, lineField, openBill } from './group-records';

export const SWEEP_JOB = 'group-collection.sweep';
export const CUTOFF_JOB = 'group-collection.cutoff';
export const BILL_SUBJECT = 'group-bill';
export const SHARE_SUBJECT = 'group-collection';

export function collectionJobs(deps: CollectionDeps): JobDefinition[] {
  return [
    {
      name: SWEEP_JOB,
      everyMs: deps.settings.sweepIntervalMs,
      exclusive: false,
      recordIdleRuns: false,
      handler: async (run) => {
        await deliverClosedBills(deps, run);
        await allocateCollections(deps, run);
      },
    },
    {
      name: CUTOFF_JOB,
      params: ['cycle'],
      // A scheduled cut-off closes last month's bills (CST).
      scheduledParams: (firedAt) => ({ cycle: previousCycle(cstCycle(firedAt.getTime())) }),
      handler: async (run) => {
        await cutOff(deps, run, run.params.cycle);
        await deliverClosedBills(deps, run);
      },
    },
  ];
}

/** Closes the open bills of `cycle`: those with uploads go out naming the missing provinces, those without any are empty. */
export async function cutOff(deps: CollectionDeps, run: RunContext, cycle: string): Promise<void> {
  if (!/^\d{4}(0[1-9]|1[0-2])$/.test(cycle)) throw new Error(`cycle "${cycle}" is not a bill cycle (YYYYMM)`);
  const { documents } = deps.store;
  for (const group of deps.groups.all()) {
    if (run.signal.aborted) return;
    const now = new Date(deps.now());
    const bill = await openBill(documents, group.groupId, cycle, group.collectProvince, now);
    if (bill.state !== 'open') continue;
    const any = group.memberProvinces.some((p) => bill.data[lineField(p)] !== undefined);
    // The emptiness read above may be stale, but only towards "has uploads": a province joins an open bill, never leaves it.
    const closed = await documents.transition(BILL_KIND, bill.key, ['open'], {
      state: any ? 'closed' : 'empty',
      data: { closedBy: 'cutoff', closedAt: now.toISOString() },
      ...(any && { dueAt: now }),
    });
    if (closed && !any && group.memberProvinces.some((p) => closed.data[lineField(p)] !== undefined)) {
      // A province joined between the read and the close: the bill is not empty after all.
      await documents.transition(BILL_KIND, bill.key, ['empty'], { state: 'closed', dueAt: now });
    }
    if (closed) run.count(any ? 'closed' : 'empty');
  }
}

/** 9.2.2 for every closed bill that is due: the breakdown by province, the missing provinces named. */
export async function deliverClosedBills(deps: CollectionDeps, run: RunContext): Promise<void> {
  const { documents } = deps.store;
  for await (const doc of documents.stream({ kind: BILL_KIND, state: 'closed', dueBy: new Date(deps.now()) })) {
    if (run.signal.aborted) return;
    const group = deps.groups.get(String(doc.data.groupId));
    if (!group) continue; // a group since removed from the table: its bill stays closed, shown by the status
    const bill = billOf(doc, group.memberProvinces);
    const outcome = await run.deliver({
      interfaceNumber: '9.2.2',
      operation: 'DeliverGroupBill',
      province: bill.collectProvince,
      subject: `${BILL_SUBJECT}|${doc.key}`,
      body: groupBillBody(bill),
    });
    await documents.transition(BILL_KIND, doc.key, ['closed'], { state: 'delivered', dueAt: undefined });
    run.count(outcome.created ? 'group-bills' : 'group-bills-again');
  }
}

export function groupBillBody(bill: ClosedBill): DeliverGroupBillReq {
  return {
    GroupId: bill.groupId,
    BillCycle: bill.cycle,
    CollectProvince: asProvinceCode(bill.collectProvince),
    TotalAmount: bill.totalAmount,
    ProvinceBill: bill.lines.map((l) => ({ Province: asProvinceCode(l.province), MemberCount: l.memberCount, Amount: l.amount })),
    ...(bill.missing.length > 0 && { MissingProvince: bill.missing.map(asProvinceCode) }),
  };
}

/** 9.2.4 for every received collection result: each member province in the bill gets its share, then the result is allocated. */
export async function allocateCollections(deps: CollectionDeps, run: RunContext): Promise<void> {
  const { documents } = deps.store;
  for await (const doc of documents.stream({ kind: COLLECTION_KIND, state: 'received', dueBy: new Date(deps.now()) })) {
    if (run.signal.aborted) return;
    const c = doc.data as unknown as CollectionData;
    const group = deps.groups.get(c.groupId);
    const billDoc = await documents.get(BILL_KIND, billKey(c.groupId, c.cycle));
    if (!group || !billDoc) continue;
    const shares = shareBodies(billOf(billDoc, group.memberProvinces), c);
    for (const body of shares) {
      await run.deliver({
        interfaceNumber: '9.2.4',
        operation: 'DeliverCollectionResult',
        province: body.MemberProvince,
        subject: `${SHARE_SUBJECT}|${doc.key}`,
        body,
      });
      run.count('shares');
    }
    const allocation = Object.fromEntries(shares.map((s) => [s.MemberProvince, s.AllocatedAmount]));
    await documents.transition(COLLECTION_KIND, doc.key, ['received'], { state: 'allocated', data: { allocation }, dueAt: undefined });
  }
}

export function shareBodies(bill: ClosedBill, c: CollectionData): DeliverCollectionResultReq[] {
  const shares = allocate(
    c.status,
    c.collectedAmount,
    bill.lines.map((l) => ({ key: l.province, amount: l.amount })),
  );
  return shares.map((s) => ({
    GroupId: c.groupId,
    BillCycle: c.cycle,
    MemberProvince: asProvinceCode(s.key),
    CollectStatus: c.status,
    BilledAmount: s.amount,
    AllocatedAmount: s.allocated,
    CollectTime: c.collectTime,
  }));
}
