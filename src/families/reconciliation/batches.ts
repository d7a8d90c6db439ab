/**
 * The 7.2.1 batches received: one document per (check date, collecting province, BatchNo),
 * kind `reconciliation.batch`, key `YYYYMMDD|PP|NNNN`, holding the content's fingerprint
 * and the answer given. A batch is claimed (`storing`) before its records are stored, so of
 * two concurrent uploads of one batch one stores and the other replays its answer; a
 * refused batch may be sent again corrected; a claim whose holder died is taken over.
 *
 *   storing → accepted | refused;  refused → storing (the batch sent again)
 */
import { StoredAnswer, Store } from '../../store/ports';
import { documentKinds } from '../../store/document-kinds';

export const BATCH_KIND = 'reconciliation.batch';
export const BATCH_STATES = ['storing', 'accepted', 'refused'] as const;
export type BatchState = (typeof BATCH_STATES)[number];
documentKinds.register({ kind: BATCH_KIND, owner: 'src/families/reconciliation/batches.ts', states: BATCH_STATES });

/** A claim older than this is a dead holder's: taken over. */
const CLAIM_TIMEOUT_MS = 60_000;

export function batchKey(checkDate: string, collectProvince: string, batchNo: number): string {
  return `${checkDate}|${collectProvince}|${String(batchNo).padStart(4, '0')}`;
}

export interface BatchFacts {
  checkDate: string;
  collectProvince: string;
  batchNo: number;
  batchCount: number;
  recordCount: number;
}

export type BatchClaim =
  { claimed: true } | { claimed: false; state: BatchState; sameContent: boolean; answer?: StoredAnswer; transIdH?: string; batchCount: number };

export class Batches {
  constructor(private readonly store: Store) {}

  /** Claims the batch for storing, or says how it stands. */
  async claim(facts: BatchFacts, fingerprint: string, transIdH: string, now: number): Promise<BatchClaim> {
    const key = batchKey(facts.checkDate, facts.collectProvince, facts.batchNo);
    const data = { ...facts, transIdH, claimedAt: now };
    const put = await this.store.documents.putIfAbsent({ kind: BATCH_KIND, key, fingerprint, state: 'storing', data, createdAt: new Date(now) });
    if (put.inserted) return { claimed: true };
    const doc = put.existing;
    const reclaimable = doc.state === 'refused' || (doc.state === 'storing' && now - Number(doc.data.claimedAt) > CLAIM_TIMEOUT_MS);
    if (reclaimable && (doc.state === 'refused' || doc.fingerprint === fingerprint)) {
      const taken = await this.store.documents.transition(
        BATCH_KIND,
        key,
        [doc.state!],
        { state: 'storing', fingerprint, data: { ...data, answer: undefined } },
        { data: { claimedAt: Number(doc.data.claimedAt) } },
      );
      if (taken) return { claimed: true };
    }
    return {
      claimed: false,
      state: doc.state as BatchState,
      sameContent: doc.fingerprint === fingerprint,
      answer: doc.data.answer as StoredAnswer | undefined,
      transIdH: doc.data.transIdH as string | undefined,
      batchCount: Number(doc.data.batchCount),
    };
  }

  async settle(facts: BatchFacts, state: 'accepted' | 'refused', answer: StoredAnswer): Promise<void> {
    await this.store.documents.transition(BATCH_KIND, batchKey(facts.checkDate, facts.collectProvince, facts.batchNo), ['storing'], {
      state,
      data: { answer },
    });
  }

  /** The accepted batches of a (check date, province): their numbers and the BatchCount they carried. */
  async accepted(checkDate: string, collectProvince: string): Promise<{ batchNos: number[]; batchCounts: Set<number> }> {
    const batchNos: number[] = [];
    const batchCounts = new Set<number>();
    for await (const doc of this.store.documents.stream({ kind: BATCH_KIND, keyPrefix: `${checkDate}|${collectProvince}|`, state: 'accepted' })) {
      batchNos.push(Number(doc.data.batchNo));
      batchCounts.add(Number(doc.data.batchCount));
    }
    return { batchNos, batchCounts };
  }

  /** The BatchCount the day's earlier batches of the province carried, if any was accepted. */
  async batchCountOf(checkDate: string, collectProvince: string): Promise<number | undefined> {
    for await (const doc of this.store.documents.stream({ kind: BATCH_KIND, keyPrefix: `${checkDate}|${collectProvince}|`, state: 'accepted' })) {
      return Number(doc.data.batchCount);
    }
    return undefined;
  }
}
