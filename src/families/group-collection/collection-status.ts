/**
 * Where a group's one-point collection of a cycle stands, as the admin API shows it: the
 * bill's state, which member provinces uploaded (and which came late), the 9.2.2 delivery,
 * the 9.2.3 result, and per member province its bill, its share and its 9.2.4 write-off
 * delivery. Read from the records and the deliveries; nothing is kept for it.
 */
import { GroupCustomer } from '../../domain/group-customers';
import { Delivery, deliveryBrief, DeliveryBrief, DeliveryLookup } from '../../jobs/deliveries';
import { CollectionDeps } from './collection-deps';
import { BILL_KIND, billKey, billOf, COLLECTION_KIND, CollectionData, UPLOAD_KIND } from './group-records';
import { BILL_SUBJECT, SHARE_SUBJECT } from './group-cycle';

export interface ProvinceStatus {
  province: string;
  uploaded: boolean;
  late: boolean;
  memberCount?: number;
  billedAmount?: number;
  allocatedAmount?: number;
  /** The 9.2.4 delivery of its share: accepted means the province took it for write-off. */
  writeOff: DeliveryBrief | null;
}

export interface CollectionStatus {
  groupId: string;
  name: string;
  cycle: string;
  collectProvince: string;
  /** none: no upload yet; then the bill's own state (open, closed, delivered, empty). */
  bill: string;
  closedBy?: string;
  totalAmount: number;
  uploaded: string[];
  missing: string[];
  late: string[];
  groupBill: DeliveryBrief | null;
  collection: { state: string; status: string; billedAmount: number; collectedAmount: number; bankSerial?: string; collectTime: string } | null;
  provinces: ProvinceStatus[];
}

export async function collectionStatus(deps: CollectionDeps, lookup: DeliveryLookup, group: GroupCustomer, cycle: string): Promise<CollectionStatus> {
  const { documents } = deps.store;
  const key = billKey(group.groupId, cycle);
  const billDoc = await documents.get(BILL_KIND, key);
  const bill = billDoc && billOf(billDoc, group.memberProvinces);
  const late: string[] = [];
  for await (const u of documents.stream({ kind: UPLOAD_KIND, keyPrefix: `${key}|`, state: 'late' })) late.push(String(u.data.province));
  const collectionDoc = await documents.get(COLLECTION_KIND, key);
  const c = collectionDoc?.data as unknown as CollectionData | undefined;
  const allocation = (collectionDoc?.data.allocation ?? {}) as Record<string, number>;
  const provinces: ProvinceStatus[] = [];
  for (const province of group.memberProvinces) {
    const line = bill?.lines.find((l) => l.province === province);
    provinces.push({
      province,
      uploaded: line !== undefined,
      late: late.includes(province),
      ...(line && { memberCount: line.memberCount, billedAmount: line.amount }),
      ...(allocation[province] !== undefined && { allocatedAmount: allocation[province] }),
      writeOff: brief(await lookup('9.2.4', `${SHARE_SUBJECT}|${key}`, province)),
    });
  }
  return {
    groupId: group.groupId,
    name: group.name,
    cycle,
    collectProvince: group.collectProvince,
    bill: billDoc?.state ?? 'none',
    ...(bill?.closedBy && { closedBy: bill.closedBy }),
    totalAmount: bill?.totalAmount ?? 0,
    uploaded: bill?.lines.map((l) => l.province) ?? [],
    missing: bill?.missing ?? [...group.memberProvinces],
    late,
    groupBill: brief(await lookup('9.2.2', `${BILL_SUBJECT}|${key}`, group.collectProvince)),
    collection: c
      ? {
          state: collectionDoc!.state!,
          status: c.status,
          billedAmount: c.billedAmount,
          collectedAmount: c.collectedAmount,
          ...(c.bankSerial !== undefined && { bankSerial: c.bankSerial }),
          collectTime: c.collectTime,
        }
      : null,
    provinces,
  };
}

function brief(d: Delivery | undefined): DeliveryBrief | null {
  return d ? deliveryBrief(d) : null;
}
