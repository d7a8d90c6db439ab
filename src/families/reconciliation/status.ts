/**
 * What another family (settlement) asks of reconciliation: whether the check dates of a
 * month are reconciled. A date is `reconciled` when a run compared every collecting province
 * that had uploaded it and no batch arrived since; `stale` when a batch arrived after that run
 * (the next run redoes it); `unreconciled` when no run has completed for it.
 */
import type { HandlerDeps } from '../../handlers/handler-deps';
import { readCheckDay } from './check-days';

export type CheckDateState = 'reconciled' | 'stale' | 'unreconciled';

/** For each check date (YYYYMMDD), whether every collecting province's result for it is current. */
export async function checkDateStates(store: HandlerDeps['store'], checkDates: readonly string[]): Promise<Map<string, CheckDateState>> {
  const states = new Map<string, CheckDateState>();
  for (const checkDate of checkDates) {
    if (states.has(checkDate)) continue;
    states.set(checkDate, (await readCheckDay(store, checkDate)).state);
  }
  return states;
}
