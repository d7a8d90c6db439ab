/**
 * Reconciling a check date: for each collecting province that uploaded it or that HQ holds
 * payments from that day, merge both sides (merge.ts), classify each payment (classify.ts),
 * tally, and write the result document (results.ts), replacing any earlier one. Then the date
 * is marked reconciled, unless a batch arrived meanwhile (check-days.ts).
 */
import { PROVINCE_CODES } from '../../domain/provinces';
import { Store } from '../../store/ports';
import { PaymentRepository } from '../payment/payment-port';
import { Batches } from './batches';
import { markReconciled, readCheckDay } from './check-days';
import { CheckRecordRepository } from './check-record-port';
import { classify } from './classify';
import { mergeByTransIdO, provincePayments } from './merge';
import { ReconciliationResult, emptyTallies, writeResult } from './results';

export interface ReconcileDeps {
  store: Store;
  payments: PaymentRepository;
  records: CheckRecordRepository;
  maxListedDiffs: number;
  now?: () => number;
}

export interface DayOutcome {
  checkDate: string;
  results: ReconciliationResult[];
  /** False when a batch arrived during the run: the date stays stale for the next run. */
  reconciled: boolean;
}

export async function reconcileCheckDate(deps: ReconcileDeps, checkDate: string, runId: string, signal?: AbortSignal): Promise<DayOutcome> {
  const { version } = await readCheckDay(deps.store, checkDate);
  const provinces = await collectingProvinces(deps, checkDate);
  const results: ReconciliationResult[] = [];
  for (const province of provinces) {
    if (signal?.aborted) throw new Error(`reconciliation of ${checkDate} stopped before province ${province}`);
    const result = await reconcileProvince(deps, checkDate, province, runId, signal);
    await writeResult(deps.store, result, new Date(now(deps)));
    results.push(result);
  }
  const reconciled = await markReconciled(deps.store, checkDate, version, provinces, new Date(now(deps)));
  return { checkDate, results, reconciled };
}

/** Provinces that uploaded the date, and those HQ holds payments collected on it. */
async function collectingProvinces(deps: ReconcileDeps, checkDate: string): Promise<string[]> {
  const found = new Set(await deps.records.provincesOf(checkDate));
  const batches = new Batches(deps.store);
  for (const province of PROVINCE_CODES) {
    if (found.has(province)) continue;
    if ((await batches.batchCountOf(checkDate, province)) !== undefined) found.add(province);
    else if ((await deps.payments.count({ collectProvince: province, accountingDate: checkDate })) > 0) found.add(province);
  }
  return [...found].sort();
}

export async function reconcileProvince(
  deps: ReconcileDeps,
  checkDate: string,
  province: string,
  runId: string,
  signal?: AbortSignal,
): Promise<ReconciliationResult> {
  const { batchNos, batchCounts } = await new Batches(deps.store).accepted(checkDate, province);
  const batchCount = batchCounts.size === 1 ? [...batchCounts][0] : undefined;
  const result: ReconciliationResult = {
    checkDate,
    collectProvince: province,
    state: 'current',
    complete: batchCount !== undefined && batchNos.length === batchCount,
    ...(batchCount !== undefined && { batchCount }),
    batchesReceived: batchNos.length,
    provinceRecords: 0,
    hqPayments: 0,
    matched: { count: 0, amount: 0 },
    different: { count: 0, amount: 0 },
    byKind: emptyTallies(),
    differences: [],
    differencesListed: 0,
    runId,
    reconciledAt: new Date(now(deps)).toISOString(),
  };
  const hqSide = counting(deps.payments.streamDay({ collectProvince: province }, checkDate), () => result.hqPayments++);
  const provinceSide = counting(deps.records.streamDay(checkDate, province), () => result.provinceRecords++);
  let n = 0;
  for await (const pair of mergeByTransIdO(hqSide, provincePayments(provinceSide))) {
    if (++n % 1024 === 0 && signal?.aborted) throw new Error(`reconciliation of ${checkDate} province ${province} stopped`);
    const verdict = classify(pair);
    if ('skip' in verdict) continue;
    if (verdict.matched) {
      result.matched.count++;
      result.matched.amount += verdict.amount;
      continue;
    }
    for (const difference of verdict.differences) {
      const amount = difference.hqAmount ?? difference.provinceAmount ?? 0;
      result.different.count++;
      result.different.amount += amount;
      result.byKind[difference.kind].count++;
      result.byKind[difference.kind].amount += amount;
      if (result.differences.length < deps.maxListedDiffs) result.differences.push(difference);
    }
  }
  result.differencesListed = result.differences.length;
  return result;
}

async function* counting<T>(source: AsyncIterable<T>, onEach: () => void): AsyncIterable<T> {
  for await (const item of source) {
    onEach();
    yield item;
  }
}

function now(deps: ReconcileDeps): number {
  return (deps.now ?? Date.now)();
}
