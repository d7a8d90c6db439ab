/**
 * The group one-point collection simulator: one bill cycle for every seeded group customer,
 * played by the mock provinces' data against a running gateway and mock provinces.
 *
 *   1. every member province uploads its members' bills (9.2.1, the mock's own bill items);
 *   2. it waits for HQ's group bill at each collecting province (9.2.2, read at the mocks'
 *      GET /deliveries), then uploads the collection result (9.2.3): full, partial or failed
 *      — in turn across the groups, or the one asked for;
 *   3. it waits for every member province's share (9.2.4) and reports what each got.
 *
 *   npm run simulate:groups -- --gateway http://127.0.0.1:8080 --mocks http://127.0.0.1:8081 [--cycle 202510] [--outcome rotate|FULL|PARTIAL|FAILED]
 */
import { parseArgs } from 'node:util';
import { ContractCatalogue } from '../contract/catalogue';
import type { CollectStatusType, DeliverCollectionResultReq, DeliverGroupBillReq } from '../contract/generated/bodies';
import { RSP } from '../contract/rsp-codes';
import { cstCycle, previousCycle } from '../domain/cst-time';
import { GroupCustomer, GroupCustomerTable, loadGroupCustomers } from '../domain/group-customers';
import { asProvinceCode } from '../domain/provinces';
import { groupMemberBills } from '../../mocks/province-billing/group-handlers';
import { sendUpload } from './upload-client';

export interface GroupCycleOptions {
  gatewayUrl: string;
  mocksUrl: string;
  cycle: string;
  outcome: 'rotate' | CollectStatusType;
  contracts: ContractCatalogue;
  groups?: GroupCustomerTable;
  /** Only these groups (default: all). */
  groupIds?: readonly string[];
  timeoutMs?: number;
}

export interface GroupCycleReport {
  groupId: string;
  billed: number;
  outcome: CollectStatusType;
  collected: number;
  shares: Record<string, number>;
}

const OUTCOMES: CollectStatusType[] = ['FULL', 'PARTIAL', 'FAILED'];

export async function simulateGroupCycle(options: GroupCycleOptions): Promise<GroupCycleReport[]> {
  const table = options.groups ?? loadGroupCustomers();
  const groups = table.all().filter((g) => !options.groupIds || options.groupIds.includes(g.groupId));
  for (const group of groups) await uploadMemberBills(options, group);
  const reports: GroupCycleReport[] = [];
  for (const [i, group] of groups.entries()) {
    const bill = await waitFor(
      options,
      group.collectProvince,
      '9.2.2',
      (b: DeliverGroupBillReq) => b.GroupId === group.groupId && b.BillCycle === options.cycle,
    );
    const outcome = options.outcome === 'rotate' ? OUTCOMES[i % OUTCOMES.length] : options.outcome;
    const collected = collectedAmount(outcome, bill.TotalAmount);
    const effective = collected === bill.TotalAmount && outcome === 'PARTIAL' ? 'FULL' : outcome; // a bill of under 2 fen cannot be partly paid
    const answer = await sendUpload(options.gatewayUrl, options.contracts, '9.2.3', 'UploadCollectionResult', group.collectProvince, {
      GroupId: group.groupId,
      BillCycle: options.cycle,
      CollectProvince: asProvinceCode(group.collectProvince),
      BilledAmount: bill.TotalAmount,
      CollectedAmount: effective === 'FAILED' ? 0 : collected,
      CollectStatus: effective,
      BankSerial: `SIM${options.cycle}${group.groupId}`.slice(0, 32),
      CollectTime: collectTimeOf(options.cycle),
    });
    if (answer.rspCode !== RSP.SUCCESS) throw new Error(`9.2.3 for group ${group.groupId} answered ${answer.rspCode}: ${answer.rspDesc}`);
    const shares: Record<string, number> = {};
    for (const province of bill.ProvinceBill?.map((l) => l.Province) ?? []) {
      const share = await waitFor(options, province, '9.2.4', (s: DeliverCollectionResultReq) => s.GroupId === group.groupId && s.BillCycle === options.cycle);
      shares[province] = share.AllocatedAmount;
    }
    reports.push({ groupId: group.groupId, billed: bill.TotalAmount, outcome: effective, collected: effective === 'FAILED' ? 0 : collected, shares });
  }
  return reports;
}

async function uploadMemberBills(options: GroupCycleOptions, group: GroupCustomer): Promise<void> {
  for (const province of group.memberProvinces) {
    const bills = groupMemberBills(group.groupId, province, options.cycle);
    const answer = await sendUpload(options.gatewayUrl, options.contracts, '9.2.1', 'UploadGroupBill', province, {
      GroupId: group.groupId,
      BillCycle: options.cycle,
      MemberProvince: asProvinceCode(province),
      CollectProvince: asProvinceCode(group.collectProvince),
      MemberCount: bills.length,
      TotalAmount: bills.reduce((sum, b) => sum + b.Amount, 0),
      MemberBill: bills,
    });
    // A re-run of the simulator for a cycle meets its own earlier uploads: they replay.
    if (answer.rspCode !== RSP.SUCCESS) throw new Error(`9.2.1 of group ${group.groupId} from ${province} answered ${answer.rspCode}: ${answer.rspDesc}`);
  }
}

/** The bank collects on the 15th of the month after the cycle, 09:30 CST: fixed, so a re-run of the simulator replays its results. */
function collectTimeOf(cycle: string): string {
  const year = Number(cycle.slice(0, 4));
  const month = Number(cycle.slice(4, 6));
  const next = month === 12 ? `${year + 1}01` : `${year}${String(month + 1).padStart(2, '0')}`;
  return `${next}15093000`;
}

/** Partial: three fifths of the bill, at least 1 fen and short of all of it where the bill allows. */
function collectedAmount(outcome: CollectStatusType, billed: number): number {
  if (outcome === 'FULL') return billed;
  if (outcome === 'FAILED') return 0;
  return billed < 2 ? billed : Math.min(billed - 1, Math.max(1, Math.floor((billed * 3) / 5)));
}

/** The first document HQ delivered to `province` on `interfaceNumber` that `match` picks, read at the mocks' GET /deliveries. */
async function waitFor<T>(options: GroupCycleOptions, province: string, interfaceNumber: string, match: (body: T) => boolean): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const res = await fetch(`${options.mocksUrl}/deliveries?province=${province}&interface=${interfaceNumber}`);
    const found = ((await res.json()) as Array<{ body: T }>).map((d) => d.body).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${interfaceNumber} reached province ${province} within ${options.timeoutMs ?? 30_000} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      gateway: { type: 'string', default: process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080' },
      mocks: { type: 'string', default: process.env.MOCKS_URL ?? 'http://127.0.0.1:8081' },
      cycle: { type: 'string', default: previousCycle(cstCycle()) },
      outcome: { type: 'string', default: 'rotate' },
    },
  });
  const outcome = values.outcome as GroupCycleOptions['outcome'];
  if (!['rotate', ...OUTCOMES].includes(outcome)) throw new Error(`--outcome must be rotate, FULL, PARTIAL or FAILED, not ${values.outcome}`);
  const reports = await simulateGroupCycle({
    gatewayUrl: values.gateway!,
    mocksUrl: values.mocks!,
    cycle: values.cycle!,
    outcome,
    contracts: ContractCatalogue.load(),
  });
  process.stdout.write(`${JSON.stringify({ cycle: values.cycle, groups: reports }, null, 2)}\n`);
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`simulate:groups: ${error.message}\n`);
    process.exitCode = 1;
  });
}
