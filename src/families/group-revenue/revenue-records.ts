/**
 * The group revenue family's records, as keyed business documents of two kinds (the store's
 * documents port, which both adapters implement and test/store holds to one contract):
 *
 *   group-revenue.upload  cycle|group|province  one 10.2.1 upload: its totals, fingerprint, answer
 *   group-revenue.cycle   cycle|group           open → preliminary → closing → final, with each stage's result
 *
 * The natural keys are what makes every step happen once: an upload is put if absent (the
 * same content replays, other content is refused), a stage is fixed by one conditional
 * transition (of two concurrent computations one wins, the other reads its result), and its
 * deliveries are keyed by (10.2.2, stage subject, province) in src/jobs/deliveries.ts.
 * Keys start with the cycle so that a cycle's groups are one key prefix.
 */
import { createHash } from 'node:crypto';
import { documentKinds } from '../../store/document-kinds';
import { BusinessDocument, DocumentRepository } from '../../store/ports';
import { RevenueResult } from './revenue-rule';

export const UPLOAD_KIND = 'group-revenue.upload';
export const CYCLE_KIND = 'group-revenue.cycle';
export const CYCLE_STATES = ['open', 'preliminary', 'closing', 'final'] as const;
export type CycleState = (typeof CYCLE_STATES)[number];
export type RevenueStage = 'PRELIMINARY' | 'FINAL';

documentKinds.register({ kind: UPLOAD_KIND, owner: 'src/families/group-revenue/revenue-records.ts' });
documentKinds.register({ kind: CYCLE_KIND, owner: 'src/families/group-revenue/revenue-records.ts', states: CYCLE_STATES });

export interface RevenueUpload {
  groupId: string;
  cycle: string;
  province: string;
  collectProvince: string;
  totalAmount: number;
  memberCount: number;
  /** The exchange that brought it: a replay answers with its TransIDH. */
  transIdH: string;
  uploadedAt: string; // ISO
}

/** A stage's result as computed once and delivered from then on: never recomputed. */
export interface StageResult extends RevenueResult {
  groupId: string;
  cycle: string;
  stage: RevenueStage;
  computedAt: string; // ISO
  /** The provinces whose upload it counted, and those that had uploaded nothing by then. */
  uploaded: string[];
  missing: string[];
}

export interface RevenueCycle {
  groupId: string;
  cycle: string;
  state: CycleState;
  preliminary?: StageResult;
  final?: StageResult;
}

export const uploadKey = (cycle: string, groupId: string, province: string) => `${cycle}|${groupId}|${province}`;
export const cycleKey = (cycle: string, groupId: string) => `${cycle}|${groupId}`;
/** The delivery subject of a stage: deliveries are keyed by it and the province. */
export const stageSubject = (cycle: string, groupId: string, stage: RevenueStage) => `group-revenue|${cycle}|${groupId}|${stage}`;

export function fingerprintOf(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

export class RevenueRecords {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly now: () => number,
  ) {}

  async upload(cycle: string, groupId: string, province: string): Promise<{ upload: RevenueUpload; fingerprint: string } | undefined> {
    const doc = await this.documents.get(UPLOAD_KIND, uploadKey(cycle, groupId, province));
    return doc && { upload: doc.data as unknown as RevenueUpload, fingerprint: doc.fingerprint };
  }

  /** Keeps the upload unless one is there under its key already, which it returns instead. */
  async putUpload(upload: RevenueUpload, fingerprint: string): Promise<{ inserted: true } | { inserted: false; existing: RevenueUpload; fingerprint: string }> {
    const put = await this.documents.putIfAbsent({
      kind: UPLOAD_KIND,
      key: uploadKey(upload.cycle, upload.groupId, upload.province),
      fingerprint,
      data: { ...upload },
      createdAt: new Date(this.now()),
    });
    return put.inserted
      ? { inserted: true }
      : { inserted: false, existing: put.existing.data as unknown as RevenueUpload, fingerprint: put.existing.fingerprint };
  }

  /** The uploads of a group and cycle, in province order, read as a stream. */
  async uploadsOf(cycle: string, groupId: string): Promise<RevenueUpload[]> {
    const found: RevenueUpload[] = [];
    for await (const doc of this.documents.stream({ kind: UPLOAD_KIND, keyPrefix: `${cycle}|${groupId}|` })) found.push(doc.data as unknown as RevenueUpload);
    return found;
  }

  async cycleOf(cycle: string, groupId: string): Promise<RevenueCycle | undefined> {
    const doc = await this.documents.get(CYCLE_KIND, cycleKey(cycle, groupId));
    return doc && cycleView(doc);
  }

  /** The cycle's record, opened by its first upload (or found open, or further on). */
  async openCycle(cycle: string, groupId: string): Promise<RevenueCycle> {
    const put = await this.documents.putIfAbsent({
      kind: CYCLE_KIND,
      key: cycleKey(cycle, groupId),
      fingerprint: cycleKey(cycle, groupId),
      state: 'open',
      data: { groupId, cycle },
      createdAt: new Date(this.now()),
    });
    return cycleView(put.inserted ? put.record : put.existing);
  }

  /** Asks the sweep job to look at the cycle now (its uploads are complete, or a stage has deliveries waiting). */
  async markDue(cycle: string, groupId: string, state: CycleState, dueAt: Date | undefined): Promise<void> {
    await this.documents.transition(CYCLE_KIND, cycleKey(cycle, groupId), [state], { dueAt });
  }

  /**
   * Fixes a stage's result: one conditional transition from the state before it, so of two
   * computations one wins; returns the cycle as it now is, whoever won.
   */
  async fixStage(cycle: string, groupId: string, from: CycleState, result: StageResult, dueAt?: Date): Promise<RevenueCycle> {
    const to: CycleState = result.stage === 'PRELIMINARY' ? 'preliminary' : 'final';
    const field = result.stage === 'PRELIMINARY' ? 'preliminary' : 'final';
    const changed = await this.documents.transition(CYCLE_KIND, cycleKey(cycle, groupId), [from], { state: to, data: { [field]: result }, dueAt });
    return changed ? cycleView(changed) : (await this.cycleOf(cycle, groupId))!;
  }

  /**
   * Closes the cycle to new uploads before the final result is read from them: an upload kept
   * before this is sure to be read; one that finds the cycle closing waits for the result.
   * Due for the sweep at `resumeAt`, in case the run closing it stops half-way.
   */
  async close(cycle: string, groupId: string, resumeAt?: Date): Promise<RevenueCycle> {
    const changed = await this.documents.transition(CYCLE_KIND, cycleKey(cycle, groupId), ['preliminary'], { state: 'closing', dueAt: resumeAt });
    return changed ? cycleView(changed) : (await this.cycleOf(cycle, groupId))!;
  }

  /** Cycles due for the sweep, in key order. */
  due(at: Date): AsyncIterableIterator<BusinessDocument> {
    return this.documents.stream({ kind: CYCLE_KIND, dueBy: at });
  }

  /** Every group's cycle record of a cycle, in group order. */
  async cyclesOf(cycle: string): Promise<RevenueCycle[]> {
    const found: RevenueCycle[] = [];
    for await (const doc of this.documents.stream({ kind: CYCLE_KIND, keyPrefix: `${cycle}|` })) found.push(cycleView(doc));
    return found;
  }
}

export function cycleView(doc: BusinessDocument): RevenueCycle {
  const data = doc.data as { groupId: string; cycle: string; preliminary?: StageResult; final?: StageResult };
  return { groupId: data.groupId, cycle: data.cycle, state: doc.state as CycleState, preliminary: data.preliminary, final: data.final };
}
