/**
 * The reconciliation state of a check date, one document per date (kind `reconciliation.day`,
 * key YYYYMMDD): `unreconciled` until a run has compared every collecting province of it,
 * `reconciled` after, `stale` when a batch arrives after that run. Its `version` counts the
 * accepted batches of the date: a run remembers the version it started from and marks the
 * date reconciled only if no batch arrived meanwhile (a conditional update on that version),
 * so a batch racing a run can never be lost behind a `reconciled`.
 */
import { documentKinds } from '../../store/document-kinds';
import { Store } from '../../store/ports';

export const CHECK_DAY_KIND = 'reconciliation.day';
export const CHECK_DAY_STATES = ['unreconciled', 'reconciled', 'stale'] as const;
export type CheckDayState = (typeof CHECK_DAY_STATES)[number];
documentKinds.register({ kind: CHECK_DAY_KIND, owner: 'src/families/reconciliation/check-days.ts', states: CHECK_DAY_STATES });

export interface CheckDay {
  checkDate: string;
  state: CheckDayState;
  version: number;
  /** The collecting provinces a run compared, once one has. */
  provinces: string[];
}

export async function readCheckDay(store: Store, checkDate: string): Promise<CheckDay> {
  const doc = await store.documents.get(CHECK_DAY_KIND, checkDate);
  if (!doc) return { checkDate, state: 'unreconciled', version: 0, provinces: [] };
  return { checkDate, state: doc.state as CheckDayState, version: Number(doc.data.version), provinces: (doc.data.provinces as string[]) ?? [] };
}

async function ensureCheckDay(store: Store, checkDate: string, now: Date): Promise<void> {
  await store.documents.putIfAbsent({
    kind: CHECK_DAY_KIND,
    key: checkDate,
    fingerprint: checkDate,
    state: 'unreconciled',
    data: { version: 0, provinces: [] },
    createdAt: now,
  });
}

/** A batch of the date was accepted: the version moves on, and a reconciled date becomes stale. */
export async function noteBatchAccepted(store: Store, checkDate: string, now: Date): Promise<void> {
  await ensureCheckDay(store, checkDate, now);
  for (;;) {
    const day = await readCheckDay(store, checkDate);
    const state: CheckDayState = day.state === 'unreconciled' ? 'unreconciled' : 'stale';
    const moved = await store.documents.transition(
      CHECK_DAY_KIND,
      checkDate,
      [day.state],
      { state, data: { version: day.version + 1 } },
      { data: { version: day.version } },
    );
    if (moved) return;
  }
}

/** The run that started from `version` is done: reconciled, unless a batch came meanwhile (then it stays stale for the next run). */
export async function markReconciled(store: Store, checkDate: string, version: number, provinces: string[], now: Date): Promise<boolean> {
  await ensureCheckDay(store, checkDate, now);
  const moved = await store.documents.transition(
    CHECK_DAY_KIND,
    checkDate,
    [...CHECK_DAY_STATES],
    { state: 'reconciled', data: { provinces } },
    { data: { version } },
  );
  if (moved) return true;
  // A batch arrived during the run: what this run compared is already out of date.
  await store.documents.transition(CHECK_DAY_KIND, checkDate, ['unreconciled'], { state: 'stale' });
  return false;
}
