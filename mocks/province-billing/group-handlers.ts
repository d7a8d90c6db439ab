/**
 * The mock provinces' side of the group one-point collection (9.2.x), on the group
 * customers of data/group-customers.json, the table HQ reads too:
 *
 *   - every member of a group is an account of its province (seeded here when the general
 *     seed has no such number), owing its bill of the last closed cycle: the group's bill,
 *     unpaid until HQ's share comes;
 *   - 9.2.1: what a member province uploads for a group and cycle (groupMemberBills), the
 *     same bill items as its 4.2.2 answers;
 *   - 9.2.2 at the collecting province: the group bill is filed (a simulator or a test reads
 *     it at GET /deliveries and uploads the 9.2.3 result);
 *   - 9.2.4 at a member province: the share is written off across the province's members,
 *     pro rata to their bills by the same rule HQ uses, each account credited (arrears
 *     first), so a later 4.2.1 shows it. Once per group and cycle: the same delivery again
 *     changes nothing, a different one is refused (4002).
 */
import { DeliverCollectionResultReq, DeliverGroupBillReq, MemberBillType } from '../../src/contract/generated/bodies';
import { RSP } from '../../src/contract/rsp-codes';
import { cstCycle, previousCycle } from '../../src/domain/cst-time';
import { GroupCustomerTable, loadGroupCustomers } from '../../src/domain/group-customers';
import { allocate } from '../../src/families/group-collection/allocation';
import { AccountBook } from './account-book';
import type { ProvinceHandler, ProvinceResult } from './billing-handlers';
import { billItems, hashSeed, SeedAccount } from './seed';

let table: GroupCustomerTable | undefined;
/** The group customers, read once: the same file the gateway reads. */
export function groupCustomers(): GroupCustomerTable {
  table ??= loadGroupCustomers();
  return table;
}

/** What a province's billing knows of a group member's account id: the general seed's formula. */
export function memberAccountId(province: string, serviceNumber: string): string {
  return `${province}${String(hashSeed(serviceNumber) % 1e10).padStart(10, '0')}`;
}

/** The province's accounts with its group members added, each owing its bill of the last closed cycle. */
export function withGroupMembers(province: string, accounts: SeedAccount[], now = Date.now()): SeedAccount[] {
  const known = new Set(accounts.map((a) => a.serviceNumber));
  const cycle = previousCycle(cstCycle(now));
  const added: SeedAccount[] = [];
  for (const group of groupCustomers().all()) {
    for (const m of group.members) {
      if (m.province !== province || known.has(m.serviceNumber)) continue;
      known.add(m.serviceNumber);
      added.push({
        province,
        serviceNumber: m.serviceNumber,
        custName: group.name.slice(0, 64),
        accountId: memberAccountId(province, m.serviceNumber),
        balance: 0,
        arrears: memberBillAmount(m.serviceNumber, cycle),
        currentCharges: 0,
        creditLimit: 0,
        userStatus: '0',
      });
    }
  }
  return [...accounts, ...added];
}

function memberBillAmount(serviceNumber: string, cycle: string): number {
  return billItems(serviceNumber, cycle).reduce((sum, item) => sum + item.Amount, 0);
}

/** The bills a member province uploads for a group and cycle (9.2.1 MemberBill), its members in the table's order. */
export function groupMemberBills(groupId: string, province: string, cycle: string): MemberBillType[] {
  return groupCustomers()
    .membersIn(groupId, province)
    .map((m) => {
      const items = billItems(m.serviceNumber, cycle);
      return {
        ServiceNumber: m.serviceNumber,
        AccountId: memberAccountId(province, m.serviceNumber),
        Amount: items.reduce((sum, item) => sum + item.Amount, 0),
        BillItem: items,
      };
    });
}

/** A member province's write-offs, by group|cycle: what was delivered, and each member's share. */
interface WriteOff {
  delivered: string; // the delivery's content, to tell a re-send from a different one
  shares: Record<string, number>;
}
const writeOffs = new WeakMap<AccountBook, Map<string, WriteOff>>();

/** The shares a member province wrote off for a group and cycle, by service number (for tests and the simulator). */
export function writtenOff(book: AccountBook, groupId: string, cycle: string): Record<string, number> | undefined {
  return writeOffs.get(book)?.get(`${groupId}|${cycle}`)?.shares;
}

const echo = (body: { GroupId: string; BillCycle: string }) => ({ GroupId: body.GroupId, BillCycle: body.BillCycle });

/** 9.2.2 at the collecting province: the group bill is filed for collection. */
export const deliverGroupBill: ProvinceHandler = ({ province, interfaceNumber, body }, book) => {
  const bill = body as unknown as DeliverGroupBillReq;
  const group = groupCustomers().get(bill.GroupId);
  if (!group) return { rspCode: RSP.GROUP_NOT_FOUND, rspDesc: `group ${bill.GroupId} is not ours`, body: echo(bill) };
  if (group.collectProvince !== province) return { rspCode: RSP.NOT_GROUP_MEMBER, rspDesc: `we do not collect group ${bill.GroupId}`, body: echo(bill) };
  book.fileDelivery(interfaceNumber, body);
  return { rspCode: RSP.SUCCESS, body: { ...echo(bill), Accepted: '1' } };
};

/** 9.2.4 at a member province: the share written off across the group's members here, once. */
export const deliverCollectionResult: ProvinceHandler = ({ province, interfaceNumber, body }, book): ProvinceResult => {
  const share = body as unknown as DeliverCollectionResultReq;
  const group = groupCustomers().get(share.GroupId);
  if (!group) return { rspCode: RSP.GROUP_NOT_FOUND, rspDesc: `group ${share.GroupId} is not ours`, body: echo(share) };
  if (!group.memberProvinces.includes(province))
    return { rspCode: RSP.NOT_GROUP_MEMBER, rspDesc: `we have no member of group ${share.GroupId}`, body: echo(share) };
  const done = writeOffs.get(book) ?? new Map<string, WriteOff>();
  writeOffs.set(book, done);
  const key = `${share.GroupId}|${share.BillCycle}`;
  const delivered = JSON.stringify([share.CollectStatus, share.BilledAmount, share.AllocatedAmount, share.CollectTime]);
  const earlier = done.get(key);
  if (earlier)
    return earlier.delivered === delivered
      ? { rspCode: RSP.SUCCESS, body: { ...echo(share), Accepted: '1' } }
      : {
          rspCode: RSP.UPLOAD_CONFLICT,
          rspDesc: `group ${share.GroupId} cycle ${share.BillCycle} was written off already with another share`,
          body: echo(share),
        };
  done.set(key, { delivered, shares: writeOff(book, groupMemberBills(share.GroupId, province, share.BillCycle), share.AllocatedAmount) });
  book.fileDelivery(interfaceNumber, body);
  return { rspCode: RSP.SUCCESS, body: { ...echo(share), Accepted: '1' } };
};

/** Spreads `amount` over the members' bills pro rata (all of it: a share above the bills goes to the first member as credit). */
function writeOff(book: AccountBook, bills: MemberBillType[], amount: number): Record<string, number> {
  const total = bills.reduce((sum, b) => sum + b.Amount, 0);
  const shares = allocate(
    'PARTIAL',
    Math.min(amount, total),
    bills.map((b) => ({ key: b.ServiceNumber, amount: b.Amount })),
  );
  const byNumber: Record<string, number> = {};
  shares.forEach((s, i) => (byNumber[s.key] = s.allocated + (i === 0 ? amount - Math.min(amount, total) : 0)));
  for (const [number, fen] of Object.entries(byNumber)) {
    const account = book.find(number);
    if (account && fen > 0) book.credit(account, fen);
  }
  return byNumber;
}
