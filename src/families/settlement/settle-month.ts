/**
 * The job `settlement.settle` (parameter `month`, YYYYMM): settles a closed month. In order:
 *
 *   1. the month must be well formed and closed (settlement-month.ts): else refused before
 *      the run starts (paramsProblem), nothing recorded;
 *   2. the gate (settlement-gate.ts): every check date reconciled, no unresolved payment;
 *      else the run fails saying which, having changed nothing;
 *   3. HQ's payments of the month totalled per ordered pair in the store (payments.totals),
 *      and the statements made from them (statements.ts);
 *   4. each statement recorded under its natural key (month, province), then delivered to
 *      its province by 8.2.1 through the deliveries (queued, sent, accepted…, retried).
 *
 * A re-run changes nothing: a statement already recorded is kept as it is and its delivery,
 * already made, is not made again. A statement once recorded is final: a re-run whose totals
 * differ from it (a payment of the month reversed after it was settled, a changed commission
 * rate) does not replace it; the run fails naming the provinces, for a person to look at.
 */
import { JobDefinition, JobParams, RunContext } from '../../jobs';
import type { JobRun } from '../../store/ports';
import { asProvinceCode, ProvinceCode } from '../../domain/provinces';
import { PaymentRepository } from '../payment/payment-port';
import { CheckDateStates, SettlementRefusedError, settlementBlockers } from './settlement-gate';
import { checkDatesOf, checkSettlementMonth, monthBefore, settlementMonthProblem } from './settlement-month';
import { SettlementSettings } from './settlement-settings';
import { PairTotal, sameStatement, Statement, statementsOf } from './statements';
import {
  SETTLEMENT_INTERFACE,
  SETTLEMENT_OPERATION,
  StatementData,
  STATEMENT_KIND,
  statementKey,
  statementOfDocument,
  statementSubject,
} from './statement-documents';

export const SETTLE_JOB = 'settlement.settle';

/** What the settlement job is made with: the payments it totals, the reconciliation it asks, whom it settles. */
export interface SettlementParts {
  payments: PaymentRepository;
  checkDateStates: CheckDateStates;
  settings: SettlementSettings;
  /** The provinces that get a statement, active or not. */
  provinces: readonly ProvinceCode[];
}

export function settlementJob(parts: SettlementParts): JobDefinition {
  return {
    name: SETTLE_JOB,
    params: ['month'],
    paramsProblem: (params, now) => settlementMonthProblem(params.month, now),
    // JOB_SCHEDULES names the day and CST time of the next month it fires on; it settles the month before.
    scheduledParams: (firedAt) => ({ month: monthBefore(firedAt) }),
    handler: (run) => settleMonth(parts, run),
  };
}

/** What a command line calls: "settle 202611" runs the job now (refusing a bad month first) and resolves with its record. */
export async function settle(month: string, jobs: { runNow(name: string, params?: JobParams): Promise<JobRun> }, now: number = Date.now()): Promise<JobRun> {
  checkSettlementMonth(month, now);
  return jobs.runNow(SETTLE_JOB, { month });
}

async function settleMonth(parts: SettlementParts, run: RunContext): Promise<void> {
  const month = run.params.month;
  const reasons = await settlementBlockers(month, parts.checkDateStates, parts.payments);
  if (reasons.length) throw new SettlementRefusedError(month, reasons);
  const pairs = await pairTotalsOf(parts.payments, month);
  run.count('pairs', pairs.length);
  run.count(
    'payments',
    pairs.reduce((sum, p) => sum + p.count, 0),
  );
  run.count(
    'amount',
    pairs.reduce((sum, p) => sum + p.amount, 0),
  );
  const statements = statementsOf(month, parts.settings.commissionPermille, pairs, parts.provinces);
  const conflicting: string[] = [];
  for (const statement of statements) {
    if (run.signal.aborted) throw new Error(`settlement of ${month} stopped: ${String(run.signal.reason ?? 'aborted')}`);
    const recorded = await recordStatement(run, statement);
    if (!recorded.same) conflicting.push(statement.Province);
    await deliverStatement(run, recorded.statement);
  }
  if (conflicting.length) {
    throw new Error(
      `month ${month} was settled before with other totals for ${conflicting.join(', ')}: the statements recorded then were kept and delivered, the new ones were not`,
    );
  }
}

/** HQ's successful, unreversed payments of the month's accounting days, per ordered pair, totalled in the store. */
async function pairTotalsOf(payments: PaymentRepository, month: string): Promise<PairTotal[]> {
  const dates = checkDatesOf(month);
  const totals = await payments.totals({ fromDate: dates[0], toDate: dates[dates.length - 1], states: ['SUCCESS'] }, ['collectProvince', 'homeProvince']);
  return totals.map((t) => ({
    collectProvince: asProvinceCode(t.group.collectProvince ?? ''),
    homeProvince: asProvinceCode(t.group.homeProvince ?? ''),
    count: t.count,
    amount: t.amount,
  }));
}

/** The statement under its natural key: this one if new, else the one recorded before (and whether they agree). */
async function recordStatement(run: RunContext, statement: Statement): Promise<{ statement: Statement; same: boolean }> {
  const data: StatementData = { month: statement.SettleMonth, province: statement.Province, statement };
  const effect = await run.recordEffect(STATEMENT_KIND, statementKey(statement.SettleMonth, statement.Province), data);
  run.count(effect.recorded ? 'statements' : 'statements-kept');
  if (effect.recorded) return { statement, same: true };
  const earlier = statementOfDocument(effect.document);
  return { statement: earlier, same: sameStatement(earlier, statement) };
}

async function deliverStatement(run: RunContext, statement: Statement): Promise<void> {
  const outcome = await run.deliver({
    interfaceNumber: SETTLEMENT_INTERFACE,
    operation: SETTLEMENT_OPERATION,
    province: statement.Province,
    subject: statementSubject(statement.SettleMonth),
    body: { ...statement },
  });
  run.count(outcome.created ? `delivery-${outcome.delivery.state}` : 'delivery-earlier');
}
