/**
 * National group customers (集团客户): a group has its main account in one province (the
 * collecting province, which bills and collects the group as a whole through the bank) and
 * members in many. HQ is the only party that sees the whole group, so the one-point
 * collection (9.2.x) and the group revenue settlement (10.2.x) both read this table, as do
 * the mock provinces, which seed the members' accounts and bills from the same file.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isProvinceCode } from './provinces';
import type { NumberSegmentTable } from './number-segments';

export interface GroupMember {
  province: string;
  serviceNumber: string;
}

export interface GroupCustomer {
  groupId: string;
  name: string;
  collectProvince: string;
  memberProvinces: readonly string[];
  members: readonly GroupMember[];
}

export const DEFAULT_GROUP_CUSTOMERS_FILE = resolve(__dirname, '../../../data/group-customers.json');

/** The contract's GroupId: 1-32 letters and digits. */
const GROUP_ID = /^[A-Za-z0-9]{1,32}$/;
const SERVICE_NUMBER = /^[0-9]{3,20}$/;

export class GroupCustomerTable {
  private readonly byId = new Map<string, GroupCustomer>();
  private readonly byNumber = new Map<string, GroupCustomer>();

  constructor(groups: Iterable<GroupCustomer>) {
    for (const g of groups) {
      checkGroup(g);
      if (this.byId.has(g.groupId)) throw new Error(`group ${g.groupId} is listed twice`);
      for (const m of g.members) {
        const other = this.byNumber.get(m.serviceNumber);
        if (other) throw new Error(`group ${g.groupId}: member ${m.serviceNumber} is already a member of group ${other.groupId}`);
        this.byNumber.set(m.serviceNumber, g);
      }
      this.byId.set(g.groupId, freeze(g));
    }
  }

  get(groupId: string): GroupCustomer | undefined {
    return this.byId.get(groupId);
  }

  all(): readonly GroupCustomer[] {
    return [...this.byId.values()];
  }

  /** Whether the province has members in the group (false for an unknown group). */
  isMember(groupId: string, province: string): boolean {
    return this.byId.get(groupId)?.memberProvinces.includes(province) ?? false;
  }

  /** The group's members in one province, in the file's order. */
  membersIn(groupId: string, province: string): readonly GroupMember[] {
    return this.byId.get(groupId)?.members.filter((m) => m.province === province) ?? [];
  }

  /** The group a service number is a member of, if any. */
  groupOfNumber(serviceNumber: string): GroupCustomer | undefined {
    return this.byNumber.get(serviceNumber);
  }

  /** Throws unless every member number falls in its own province's number segments (home-province routing depends on it). */
  checkAgainst(segments: NumberSegmentTable): void {
    for (const g of this.byId.values()) {
      for (const m of g.members) {
        const home = segments.lookup(m.serviceNumber)?.province;
        if (home !== m.province)
          throw new Error(`group ${g.groupId}: member ${m.serviceNumber} is listed in province ${m.province} but its segment is ${home ?? 'unknown'}`);
      }
    }
  }
}

export function loadGroupCustomers(file = DEFAULT_GROUP_CUSTOMERS_FILE): GroupCustomerTable {
  return new GroupCustomerTable(parseGroupCustomers(readFileSync(file, 'utf8'), file));
}

/** The file's groups, shaped but not yet checked (the table checks them). */
export function parseGroupCustomers(text: string, source = 'group customers'): GroupCustomer[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not JSON (${(e as Error).message})`);
  }
  const groups = (doc as { groups?: unknown })?.groups;
  if (!Array.isArray(groups)) throw new Error(`${source}: expected {"groups": [...]}`);
  return groups.map((g: Record<string, unknown>, i) => {
    const members = Array.isArray(g?.members) ? g.members : undefined;
    const memberProvinces = Array.isArray(g?.memberProvinces) ? g.memberProvinces : undefined;
    if (typeof g?.groupId !== 'string' || typeof g.name !== 'string' || typeof g.collectProvince !== 'string' || !members || !memberProvinces)
      throw new Error(`${source}: group ${i + 1} needs groupId, name, collectProvince, memberProvinces and members`);
    return {
      groupId: g.groupId,
      name: g.name,
      collectProvince: g.collectProvince,
      memberProvinces: memberProvinces.map(String),
      members: members.map((m: Record<string, unknown>) => ({ province: String(m?.province), serviceNumber: String(m?.serviceNumber) })),
    };
  });
}

function checkGroup(g: GroupCustomer): void {
  const where = `group ${g.groupId}`;
  if (!GROUP_ID.test(g.groupId)) throw new Error(`${where}: a GroupId is 1-32 letters and digits`);
  if (g.name.trim() === '') throw new Error(`${where}: has no name`);
  if (!isProvinceCode(g.collectProvince)) throw new Error(`${where}: unknown collecting province ${g.collectProvince}`);
  if (g.memberProvinces.length === 0) throw new Error(`${where}: has no member province`);
  const provinces = new Set<string>();
  for (const p of g.memberProvinces) {
    if (!isProvinceCode(p)) throw new Error(`${where}: unknown member province ${p}`);
    if (provinces.has(p)) throw new Error(`${where}: member province ${p} is listed twice`);
    provinces.add(p);
  }
  const withMembers = new Set<string>();
  for (const m of g.members) {
    if (!provinces.has(m.province)) throw new Error(`${where}: member ${m.serviceNumber} is in province ${m.province}, which is not a member province`);
    if (!SERVICE_NUMBER.test(m.serviceNumber)) throw new Error(`${where}: member number ${m.serviceNumber} is not 3-20 digits`);
    withMembers.add(m.province);
  }
  const empty = [...provinces].find((p) => !withMembers.has(p));
  if (empty) throw new Error(`${where}: member province ${empty} has no member`);
}

function freeze(g: GroupCustomer): GroupCustomer {
  return Object.freeze({
    ...g,
    memberProvinces: Object.freeze([...g.memberProvinces].sort()),
    members: Object.freeze(g.members.map((m) => Object.freeze({ ...m }))),
  });
}
