/**
 * The result of reconciling one collecting province's check date: a document of kind
 * `reconciliation.result`, key `YYYYMMDD|PP`, `current` when written by a run and `stale`
 * once a batch of that (date, province) arrives after it. A run writes it whole (one
 * conditional update, or the first insert), so running again replaces it rather than adding
 * to it: no double effects.
 */
import { Store } from '../../store/ports';
import { documentKinds } from '../../store/document-kinds';

export const RESULT_KIND = 'reconciliation.result';
export const RESULT_STATES = ['current', 'stale'] as const;
export type ResultState = (typeof RESULT_STATES)[number];
documentKinds.register({ kind: RESULT_KIND, owner: 'src/families/reconciliation/results.ts', states: RESULT_STATES });

export const DIFF_KINDS = ['HQ_ONLY', 'PROVINCE_ONLY', 'AMOUNT_MISMATCH', 'STATE_MISMATCH', 'PENDING_RESOLVED'] as const;
export type DiffKind = (typeof DIFF_KINDS)[number];

/** The state a side holds a payment in, in the words of 7.2.3's HqState / ProvinceState. */
export type SideState = 'SUCCESS' | 'FAILED' | 'PENDING' | 'REVERSED' | 'REVERSING';

export interface Difference {
  kind: DiffKind;
  transIdO: string;
  transIdH?: string;
  serviceNumber: string;
  homeProvince: string;
  hqAmount?: number;
  provinceAmount?: number;
  hqState?: SideState;
  provinceState?: SideState;
}

export interface Tally {
  count: number;
  amount: number; // fen
}

export interface ReconciliationResult {
  checkDate: string;
  collectProvince: string;
  state: ResultState;
  /** Whether every batch the province announced (BatchCount) had arrived when the run read it. */
  complete: boolean;
  batchCount?: number;
  batchesReceived: number;
  provinceRecords: number;
  hqPayments: number;
  matched: Tally;
  different: Tally;
  byKind: Record<DiffKind, Tally>;
  /** The first `listedLimit` differences in TransIDO order; `byKind` counts them all. */
  differences: Difference[];
  differencesListed: number;
  runId: string;
  reconciledAt: string; // ISO
}

export function resultKey(checkDate: string, collectProvince: string): string {
  return `${checkDate}|${collectProvince}`;
}

/** Writes a run's result, replacing an earlier one. */
export async function writeResult(store: Store, result: ReconciliationResult, now: Date): Promise<void> {
  const { state, ...data } = result;
  const key = resultKey(result.checkDate, result.collectProvince);
  const doc = { kind: RESULT_KIND, key, fingerprint: result.runId, state, data: { ...data }, createdAt: now };
  const put = await store.documents.putIfAbsent(doc);
  if (put.inserted) return;
  await store.documents.transition(RESULT_KIND, key, [...RESULT_STATES], { state, fingerprint: result.runId, data: { ...data } });
}

/** A batch arrived after the run: the province's result no longer says what was uploaded. */
export async function markResultStale(store: Store, checkDate: string, collectProvince: string): Promise<void> {
  await store.documents.transition(RESULT_KIND, resultKey(checkDate, collectProvince), ['current'], { state: 'stale' });
}

export async function readResult(store: Store, checkDate: string, collectProvince: string): Promise<ReconciliationResult | undefined> {
  const doc = await store.documents.get(RESULT_KIND, resultKey(checkDate, collectProvince));
  return doc && ({ ...doc.data, state: doc.state } as unknown as ReconciliationResult);
}

/** The results of a check date (every province), or of all dates with a key prefix, in key order. */
export async function listResults(store: Store, keyPrefix: string, limit: number, withDifferences = false): Promise<ReconciliationResult[]> {
  const found: ReconciliationResult[] = [];
  if (limit <= 0) return found;
  for await (const doc of store.documents.stream({ kind: RESULT_KIND, keyPrefix })) {
    const result = { ...doc.data, state: doc.state } as unknown as ReconciliationResult;
    found.push(withDifferences ? result : { ...result, differences: [] });
    if (found.length >= limit) break;
  }
  return found;
}

export function emptyTallies(): Record<DiffKind, Tally> {
  return Object.fromEntries(DIFF_KINDS.map((k) => [k, { count: 0, amount: 0 }])) as Record<DiffKind, Tally>;
}
