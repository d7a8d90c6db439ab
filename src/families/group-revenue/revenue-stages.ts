/**
 * The two stages of a group's revenue settlement for a cycle, and their delivery (10.2.2):
 *
 *   preliminary  computed from the uploads there are (a province that has not uploaded
 *                billed nothing so far), fixed once, delivered to every province taking part;
 *   final        at the cycle's close: computed from every upload by then, fixed once, and
 *                delivered to a province only once its preliminary result was accepted
 *                there — a province never gets its final result before its preliminary one.
 *
 * Each stage's result is fixed by one conditional transition of the cycle's record and never
 * recomputed; each delivery is keyed by (10.2.2, stage, province) — so a re-run, a run taken
 * over, or the sweep coming by again changes nothing and sends nothing twice.
 */
import { GroupCustomer } from '../../domain/group-customers';
import { DELIVERY_KIND, deliveryKey, RunContext } from '../../jobs';
import { RevenueDeps } from './revenue-deps';
import { CycleState, RevenueCycle, RevenueStage, stageSubject, StageResult } from './revenue-records';
import { computeRevenue } from './revenue-rule';

export const REVENUE_RESULT_INTERFACE = '10.2.2';

/** Fixes the preliminary result if it is not yet, and delivers it; undefined when the group has no upload for the cycle. */
export async function settlePreliminary(deps: RevenueDeps, run: RunContext, group: GroupCustomer, cycle: string): Promise<RevenueCycle | undefined> {
  let record = await deps.records.cycleOf(cycle, group.groupId);
  if (!record) {
    run.count('no-uploads');
    return undefined;
  }
  if (record.state === 'open') {
    record = await deps.records.fixStage(cycle, group.groupId, 'open', await stageResult(deps, group, cycle, 'PRELIMINARY'));
  }
  for (const share of record.preliminary!.provinces) await deliverShare(run, group, record.preliminary!, share.province);
  return record;
}

/** The preliminary stage first (if it was never settled), then the final one; finals whose preliminary is not yet accepted wait for the sweep. */
export async function settleFinal(deps: RevenueDeps, run: RunContext, group: GroupCustomer, cycle: string): Promise<void> {
  let record = await settlePreliminary(deps, run, group, cycle);
  if (!record) return;
  if (record.state === 'preliminary') record = await deps.records.close(cycle, group.groupId, new Date(deps.now() + deps.settings.sweepIntervalMs));
  // Closing (by this run, or by one that stopped half-way): the uploads are read only now, so every one kept before is counted.
  if (record.state === 'closing') {
    record = await deps.records.fixStage(cycle, group.groupId, 'closing', await stageResult(deps, group, cycle, 'FINAL'));
  }
  let waiting = 0;
  for (const share of record.final!.provinces) {
    if (await preliminaryAccepted(deps, cycle, group.groupId, share.province)) await deliverShare(run, group, record.final!, share.province);
    else waiting++;
  }
  if (waiting) run.count('final-waiting', waiting);
  // Waiting finals bring the sweep back; with none left the cycle is done.
  await deps.records.markDue(cycle, group.groupId, 'final', waiting ? new Date(deps.now() + deps.settings.sweepIntervalMs) : undefined);
}

/**
 * One pass of the sweep: cycles whose uploads became complete get their preliminary result
 * (when GROUP_REVENUE_PRELIMINARY_WHEN_COMPLETE), finals waiting on a preliminary are tried
 * again, and a close whose run stopped half-way is finished.
 */
export async function sweepDue(deps: RevenueDeps, run: RunContext): Promise<void> {
  const due: Array<{ cycle: string; groupId: string; state: CycleState }> = [];
  // Read first, then act: acting changes the very due times the stream selects on.
  for await (const doc of deps.records.due(new Date(deps.now()))) {
    due.push({ cycle: String(doc.data.cycle), groupId: String(doc.data.groupId), state: doc.state as CycleState });
    if (due.length >= 100) break;
  }
  for (const { cycle, groupId, state } of due) {
    if (run.signal.aborted) break;
    const group = deps.groups.get(groupId);
    if (!group) {
      run.count('unknown-group');
      await deps.records.markDue(cycle, groupId, state, undefined);
    } else if (state === 'open') {
      if (deps.settings.preliminaryWhenComplete) await settlePreliminary(deps, run, group, cycle);
      else await deps.records.markDue(cycle, groupId, state, undefined);
    } else if (state === 'closing' || state === 'final') await settleFinal(deps, run, group, cycle);
    else await deps.records.markDue(cycle, groupId, state, undefined);
  }
}

/** The stage's result from the uploads in the store now. */
async function stageResult(deps: RevenueDeps, group: GroupCustomer, cycle: string, stage: RevenueStage): Promise<StageResult> {
  // A province taken out of the group (the table changed) since it uploaded no longer takes part: its upload is not counted.
  const uploads = (await deps.records.uploadsOf(cycle, group.groupId)).filter((u) => group.memberProvinces.includes(u.province));
  const billed = new Map(uploads.map((u) => [u.province, u.totalAmount]));
  const result = computeRevenue({ collectProvince: group.collectProvince, provinces: group.memberProvinces, billed, commissionBp: deps.settings.commissionBp });
  return {
    groupId: group.groupId,
    cycle,
    stage,
    computedAt: new Date(deps.now()).toISOString(),
    ...result,
    uploaded: [...billed.keys()].sort(),
    missing: group.memberProvinces.filter((p) => !billed.has(p)).sort(),
  };
}

async function deliverShare(run: RunContext, group: GroupCustomer, result: StageResult, province: string): Promise<void> {
  const share = result.provinces.find((p) => p.province === province)!;
  const outcome = await run.deliver({
    interfaceNumber: REVENUE_RESULT_INTERFACE,
    operation: 'DeliverGroupRevenueResult',
    province,
    subject: stageSubject(result.cycle, group.groupId, result.stage),
    body: {
      GroupId: group.groupId,
      BillCycle: result.cycle,
      Stage: result.stage,
      Province: province,
      BilledAmount: share.billedAmount,
      RecognisedRevenue: share.recognisedRevenue,
      TransferAmount: share.transferAmount,
      CollectProvince: group.collectProvince,
    },
  });
  run.count(outcome.created ? `${result.stage.toLowerCase()}-${outcome.delivery.state}` : `${result.stage.toLowerCase()}-delivered-before`);
}

async function preliminaryAccepted(deps: RevenueDeps, cycle: string, groupId: string, province: string): Promise<boolean> {
  const doc = await deps.store.documents.get(DELIVERY_KIND, deliveryKey(REVENUE_RESULT_INTERFACE, stageSubject(cycle, groupId, 'PRELIMINARY'), province));
  return doc?.state === 'accepted';
}
