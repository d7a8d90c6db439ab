/**
 * What HQ sends after reconciling a check date, through the jobs' deliveries (journaled,
 * retried with backoff, each recorded):
 *   7.2.2 to each home province, the day's remote payments into its numbers, in batches of
 *   at most RECONCILIATION_FILE_BATCH_RECORDS records (BatchNo of BatchCount);
 *   7.2.3 to each collecting province its result, and to each home province named in a
 *   difference the differences concerning its numbers.
 * A delivery's subject carries a digest of its content, so a re-run with nothing changed
 * sends nothing again, and a re-run after a change (a stale date redone) sends the new content.
 */
import { createHash } from 'node:crypto';
import { CheckDiffType, DeliverCheckFileReq, DeliverCheckResultReq, PayRecordType } from '../../contract/generated/bodies';
import { PROVINCE_CODES, asProvinceCode } from '../../domain/provinces';
import { RunContext } from '../../jobs/job';
import { PaymentRecord, PaymentRepository } from '../payment/payment-port';
import { Difference, ReconciliationResult } from './results';

/** Payments whose money moved at the home province: what its check file lists. */
const FILED_STATES = new Set(['SUCCESS', 'REVERSING', 'REVERSED']);

export async function deliverCheckFiles(run: RunContext, payments: PaymentRepository, checkDate: string, batchRecords: number): Promise<void> {
  for (const home of PROVINCE_CODES) {
    if ((await payments.count({ homeProvince: home, accountingDate: checkDate })) === 0) continue;
    let total = 0;
    for await (const p of payments.streamDay({ homeProvince: home }, checkDate)) total += recordsOf(p).length;
    const batchCount = Math.max(1, Math.ceil(total / batchRecords));
    let batch: PayRecordType[] = [];
    let batchNo = 0;
    const send = async () => {
      batchNo++;
      const body: DeliverCheckFileReq = {
        CheckDate: checkDate,
        HomeProvince: home,
        BatchNo: batchNo,
        BatchCount: batchCount,
        RecordCount: batch.length,
        TotalAmount: batch.reduce((sum, r) => sum + (r.RecordType === 'PAY' ? r.Amount : -r.Amount), 0),
        ...(batch.length > 0 && { PayRecord: batch }),
      };
      await deliver(run, '7.2.2', 'DeliverCheckFile', home, `check-file|${checkDate}|${batchNo}of${batchCount}`, body);
      batch = [];
    };
    for await (const p of payments.streamDay({ homeProvince: home }, checkDate)) {
      for (const record of recordsOf(p)) {
        // The count was taken a moment ago; a payment settled since goes in the last batch rather than past BatchCount.
        if (batch.length >= batchRecords && batchNo + 1 < batchCount) await send();
        batch.push(record);
      }
    }
    while (batchNo < batchCount) await send();
  }
}

export async function deliverCheckResults(run: RunContext, results: readonly ReconciliationResult[]): Promise<void> {
  for (const result of results) {
    const { checkDate, collectProvince } = result;
    await deliver(
      run,
      '7.2.3',
      'DeliverCheckResult',
      collectProvince,
      `check-result|${checkDate}|${collectProvince}`,
      resultBody(result, collectProvince, result.differences),
    );
    const homes = new Set(result.differences.map((d) => d.homeProvince).filter((h) => h !== collectProvince));
    for (const home of [...homes].sort()) {
      const concerning = result.differences.filter((d) => d.homeProvince === home);
      await deliver(run, '7.2.3', 'DeliverCheckResult', home, `check-result|${checkDate}|${collectProvince}`, resultBody(result, home, concerning));
    }
  }
}

/** `Province` is the receiving province (docs/INTERFACES.md); the subject names whose result it is. */
function resultBody(result: ReconciliationResult, receiver: string, differences: readonly Difference[]): DeliverCheckResultReq {
  return {
    CheckDate: result.checkDate,
    Province: asProvinceCode(receiver),
    MatchedCount: result.matched.count,
    DiffCount: differences.length,
    ...(differences.length > 0 && { CheckDiff: differences.map(checkDiffOf) }),
  };
}

function checkDiffOf(d: Difference): CheckDiffType {
  return {
    ...(d.transIdH !== undefined && { TransIDH: d.transIdH }),
    TransIDO: d.transIdO,
    ServiceNumber: d.serviceNumber,
    DiffType: d.kind,
    ...(d.hqAmount !== undefined && { HqAmount: d.hqAmount }),
    ...(d.provinceAmount !== undefined && { ProvinceAmount: d.provinceAmount }),
    ...(d.hqState !== undefined && { HqState: d.hqState }),
    ...(d.provinceState !== undefined && { ProvinceState: d.provinceState }),
  };
}

async function deliver(
  run: RunContext,
  interfaceNumber: string,
  operation: 'DeliverCheckFile' | 'DeliverCheckResult',
  province: string,
  subject: string,
  body: object,
) {
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 16);
  const outcome = await run.deliver({ interfaceNumber, operation, province, subject: `${subject}|${digest}`, body: body as Record<string, unknown> as never });
  run.count(outcome.created ? `${interfaceNumber}.${outcome.delivery.state}` : `${interfaceNumber}.already`);
}

/** A payment as check-file records: its PAY and, once reversed, its REVERSE. */
function recordsOf(p: PaymentRecord): PayRecordType[] {
  if (!FILED_STATES.has(p.state)) return [];
  const pay: PayRecordType = {
    TransIDO: p.transIdO,
    TransIDH: p.transIdH,
    ServiceNumber: p.serviceNumber,
    HomeProvince: asProvinceCode(p.homeProvince),
    CollectProvince: asProvinceCode(p.collectProvince),
    RecordType: 'PAY',
    Amount: p.amount,
    TradeTime: p.payTime,
  };
  if (p.state !== 'REVERSED' || !p.reversal) return [pay];
  const r = p.reversal;
  return [pay, { ...pay, TransIDO: r.transIdO, TransIDH: r.transIdH, RecordType: 'REVERSE', TradeTime: r.reverseTime, OrigTransIDO: p.transIdO }];
}
