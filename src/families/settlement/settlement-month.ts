/**
 * The settlement month: YYYYMM (the contract's BillCycle), its check dates, and which months
 * may be settled. A month may be settled once it has closed in CST: settling the current month
 * would leave out payments still to come, a future one has none yet.
 */
import { cstCycle, previousCycle } from '../../domain/cst-time';

const MONTH = /^(\d{4})(\d{2})$/;

/** What is wrong with `month` as a month to settle at `now`, or undefined when it may be settled. */
export function settlementMonthProblem(month: string, now: number): string | undefined {
  const parts = MONTH.exec(month);
  if (!parts || Number(parts[2]) < 1 || Number(parts[2]) > 12 || Number(parts[1]) < 2000)
    return `settlement month "${month}" is malformed: expected YYYYMM, a month from 200001 on (e.g. 202611)`;
  const current = cstCycle(now);
  if (month > current) return `settlement month ${month} is in the future (it is ${current} in CST): only a closed month can be settled`;
  if (month === current) return `settlement month ${month} has not closed yet (CST): it can be settled from the 1st of the next month`;
  return undefined;
}

/** Throws the problem with `month`, if it has one. */
export function checkSettlementMonth(month: string, now: number): void {
  const problem = settlementMonthProblem(month, now);
  if (problem) throw new SettlementMonthError(problem);
}

export class SettlementMonthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettlementMonthError';
  }
}

/** Every check date (accounting day, YYYYMMDD) of a well-formed month, in order. */
export function checkDatesOf(month: string): string[] {
  const year = Number(month.slice(0, 4));
  const monthIndex = Number(month.slice(4, 6)) - 1;
  const days = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  return Array.from({ length: days }, (_, i) => `${month}${String(i + 1).padStart(2, '0')}`);
}

/** The month a scheduled run settles: the one before the month it fires in (CST). */
export function monthBefore(firedAt: Date): string {
  return previousCycle(cstCycle(firedAt.getTime()));
}
