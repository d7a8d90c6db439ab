/**
 * Whether a month may be settled yet: every check date of it reconciled (the
 * reconciliation family says, through a port given to the settlement), and no payment of it
 * whose outcome is still unknown — PENDING at the home province, or REVERSING — since its
 * amount may yet count or not. Refused with every reason at once, each date named.
 */
import { PaymentRepository, PaymentState } from '../payment/payment-port';
import { checkDatesOf } from './settlement-month';

/** A check date's reconciliation, in the reconciliation family's words. */
export type CheckDateState = 'reconciled' | 'stale' | 'unreconciled';

/** The reconciliation of each check date asked (YYYYMMDD). */
export type CheckDateStates = (checkDates: readonly string[]) => Promise<Map<string, CheckDateState>>;

/** Payments whose outcome is not yet known: the month waits for them. */
export const UNRESOLVED_STATES: PaymentState[] = ['PENDING', 'REVERSING'];

export class SettlementRefusedError extends Error {
  constructor(
    readonly month: string,
    readonly reasons: string[],
  ) {
    super(`month ${month} cannot be settled yet: ${reasons.join('; ')}`);
    this.name = 'SettlementRefusedError';
  }
}

/** The reasons `month` cannot be settled now; none when it can. */
export async function settlementBlockers(month: string, checkDateStates: CheckDateStates, payments: PaymentRepository): Promise<string[]> {
  const dates = checkDatesOf(month);
  const states = await checkDateStates(dates);
  const notReconciled = dates.filter((date) => states.get(date) !== 'reconciled');
  const reasons: string[] = [];
  if (notReconciled.length) {
    const listed = notReconciled.map((date) => `${date} (${states.get(date) ?? 'unreconciled'})`);
    reasons.push(`check dates not reconciled: ${listed.join(', ')}`);
  }
  const unresolved = await payments.totals({ fromDate: dates[0], toDate: dates[dates.length - 1], states: UNRESOLVED_STATES }, ['accountingDate', 'state']);
  if (unresolved.length) {
    const listed = unresolved.map((t) => `${t.group.accountingDate}: ${t.count} ${t.group.state}`).sort();
    reasons.push(`payments with unresolved outcomes: ${listed.join(', ')}`);
  }
  return reasons;
}
