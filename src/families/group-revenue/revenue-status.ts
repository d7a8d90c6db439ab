/**
 * Where a group's revenue settlement for a cycle stands, as the admin API shows it: which
 * provinces uploaded (and which are missing, or came after the final result), the stage,
 * and for each province each stage's figures and what became of their delivery.
 */
import { GroupCustomer } from '../../domain/group-customers';
import { deliveryBrief, DeliveryLookup } from '../../jobs/deliveries';
import { RevenueDeps } from './revenue-deps';
import { RevenueUpload, stageSubject, StageResult } from './revenue-records';
import { REVENUE_RESULT_INTERFACE } from './revenue-stages';

/** How the status finds a delivery (the jobs runtime's Deliveries.get). */

export interface StageFigures {
  billedAmount: number;
  recognisedRevenue: number;
  transferAmount: number;
  delivery: { state: string; attempts: number; transIdH: string; lastError?: string } | null;
}

export interface ProvinceStatus {
  province: string;
  role: 'collecting' | 'member' | 'collecting-member';
  upload: { totalAmount: number; memberCount: number; uploadedAt: string; transIdH: string } | null;
  preliminary?: StageFigures;
  final?: StageFigures;
}

export interface RevenueStatus {
  groupId: string;
  name: string;
  cycle: string;
  collectProvince: string;
  /** none: no upload yet; open: uploads arriving; preliminary / final: that stage's result is fixed; closing: the final one is being fixed. */
  stage: 'none' | 'open' | 'preliminary' | 'closing' | 'final';
  uploaded: string[];
  missing: string[];
  /** Uploads the final result did not count (they came while it was being fixed). */
  late: string[];
  preliminary?: StageSummary;
  final?: StageSummary;
  provinces: ProvinceStatus[];
}

export interface StageSummary {
  computedAt: string;
  commissionBp: number;
  totalBilled: number;
  totalCommission: number;
  uploaded: string[];
  missing: string[];
}

export async function revenueStatus(deps: RevenueDeps, lookup: DeliveryLookup, group: GroupCustomer, cycle: string): Promise<RevenueStatus> {
  const record = await deps.records.cycleOf(cycle, group.groupId);
  const uploads = new Map((await deps.records.uploadsOf(cycle, group.groupId)).map((u) => [u.province, u]));
  const codes = [...new Set([...group.memberProvinces, group.collectProvince])].sort();
  const provinces: ProvinceStatus[] = [];
  for (const province of codes) {
    provinces.push({
      province,
      role: province !== group.collectProvince ? 'member' : group.memberProvinces.includes(province) ? 'collecting-member' : 'collecting',
      upload: uploadView(uploads.get(province)),
      ...(record?.preliminary && (await figures(lookup, record.preliminary, province, 'preliminary'))),
      ...(record?.final && (await figures(lookup, record.final, province, 'final'))),
    });
  }
  return {
    groupId: group.groupId,
    name: group.name,
    cycle,
    collectProvince: group.collectProvince,
    stage: record?.state ?? 'none',
    uploaded: [...uploads.keys()].sort(),
    missing: group.memberProvinces.filter((p) => !uploads.has(p)).sort(),
    late: record?.final ? [...uploads.keys()].filter((p) => !record.final!.uploaded.includes(p)).sort() : [],
    ...(record?.preliminary && { preliminary: summaryOf(record.preliminary) }),
    ...(record?.final && { final: summaryOf(record.final) }),
    provinces,
  };
}

function uploadView(upload: RevenueUpload | undefined): ProvinceStatus['upload'] {
  return upload ? { totalAmount: upload.totalAmount, memberCount: upload.memberCount, uploadedAt: upload.uploadedAt, transIdH: upload.transIdH } : null;
}

function summaryOf(result: StageResult): StageSummary {
  const { computedAt, commissionBp, totalBilled, totalCommission, uploaded, missing } = result;
  return { computedAt, commissionBp, totalBilled, totalCommission, uploaded, missing };
}

/** A stage's figures for the province; none if the stage was fixed before the province joined the group. */
async function figures(lookup: DeliveryLookup, result: StageResult, province: string, field: 'preliminary' | 'final'): Promise<{ [f: string]: StageFigures }> {
  const share = result.provinces.find((p) => p.province === province);
  if (!share) return {};
  const delivery = await lookup(REVENUE_RESULT_INTERFACE, stageSubject(result.cycle, result.groupId, result.stage), province);
  return {
    [field]: {
      billedAmount: share.billedAmount,
      recognisedRevenue: share.recognisedRevenue,
      transferAmount: share.transferAmount,
      delivery: delivery ? deliveryBrief(delivery) : null,
    },
  };
}
