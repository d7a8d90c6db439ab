/**
 * The one-point collection's records: keyed documents of the store (store/ports.ts), each
 * change one conditional update of one document, so re-sent uploads, re-runs and several
 * instances do each thing once.
 *
 *   group-upload      group|cycle|province   one 9.2.1 upload: its summary, fingerprint and answer
 *                                            counted | late
 *   group-bill        group|cycle            the group bill: a field per province that uploaded
 *                                            open → closed (all uploaded, or the cut-off) → delivered;
 *                                            open → empty (cut-off with nothing uploaded)
 *   group-collection  group|cycle            the one 9.2.3 result: received → allocated
 *
 * A province joins the bill by a transition that holds only while the bill is open, so once
 * it is closed its breakdown cannot change: whoever reads a closed bill reads the same one.
 */
import { createHash } from 'node:crypto';
import { documentKinds } from '../../store/document-kinds';
import { BusinessDocument, DocumentRepository, StoredAnswer } from '../../store/ports';

export const UPLOAD_KIND = 'group-upload';
export const BILL_KIND = 'group-bill';
export const COLLECTION_KIND = 'group-collection';

export const UPLOAD_STATES = ['counted', 'late'] as const;
export const BILL_STATES = ['open', 'closed', 'delivered', 'empty'] as const;
export const COLLECTION_STATES = ['received', 'allocated'] as const;
export type BillState = (typeof BILL_STATES)[number];

documentKinds.register({ kind: UPLOAD_KIND, owner: 'src/families/group-collection', states: UPLOAD_STATES });
documentKinds.register({ kind: BILL_KIND, owner: 'src/families/group-collection', states: BILL_STATES });
documentKinds.register({ kind: COLLECTION_KIND, owner: 'src/families/group-collection', states: COLLECTION_STATES });

export interface UploadData {
  groupId: string;
  cycle: string;
  province: string;
  memberCount: number;
  totalAmount: number;
  transIdH: string;
  answer: StoredAnswer;
}

/** A province's line of the group bill. */
export interface ProvinceLine {
  province: string;
  memberCount: number;
  amount: number;
}

export interface ClosedBill {
  groupId: string;
  cycle: string;
  collectProvince: string;
  state: BillState;
  closedBy?: 'complete' | 'cutoff';
  lines: ProvinceLine[]; // in province order
  missing: string[];
  totalAmount: number;
}

export interface CollectionData {
  groupId: string;
  cycle: string;
  collectProvince: string;
  status: 'FULL' | 'PARTIAL' | 'FAILED';
  billedAmount: number;
  collectedAmount: number;
  bankSerial?: string;
  collectTime: string;
  transIdH: string;
  answer: StoredAnswer;
}

export const billKey = (groupId: string, cycle: string) => `${groupId}|${cycle}`;
export const uploadKey = (groupId: string, cycle: string, province: string) => `${groupId}|${cycle}|${province}`;
/** The bill's data field of a province that joined it. */
export const lineField = (province: string) => `p${province}`;

export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** A bill as the delivery, the allocation and the status read it: its lines, the missing provinces and the total. */
export function billOf(doc: BusinessDocument, memberProvinces: readonly string[]): ClosedBill {
  const d = doc.data as Record<string, unknown>;
  const lines = memberProvinces.map((p) => d[lineField(p)] as ProvinceLine | undefined).filter((l): l is ProvinceLine => l !== undefined);
  return {
    groupId: String(d.groupId),
    cycle: String(d.cycle),
    collectProvince: String(d.collectProvince),
    state: doc.state as BillState,
    closedBy: d.closedBy as ClosedBill['closedBy'],
    lines,
    missing: memberProvinces.filter((p) => d[lineField(p)] === undefined),
    totalAmount: lines.reduce((sum, l) => sum + l.amount, 0),
  };
}

/** The bill document of a group and cycle, made open the first time it is asked for. */
export async function openBill(documents: DocumentRepository, groupId: string, cycle: string, collectProvince: string, now: Date): Promise<BusinessDocument> {
  const put = await documents.putIfAbsent({
    kind: BILL_KIND,
    key: billKey(groupId, cycle),
    fingerprint: '',
    state: 'open',
    data: { groupId, cycle, collectProvince },
    createdAt: now,
  });
  return put.inserted ? put.record : put.existing;
}
