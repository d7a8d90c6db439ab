/**
 * 7.2.1 UploadPayDetail: a collecting province uploads its remote payments and reversals of
 * a closed check date, BatchNo of BatchCount. Reads top-down:
 *   the rules (check date, numbering, records, RecordCount, TotalAmount) → 4004 / 4001 / 2002;
 *   a BatchCount other than the day's earlier batches' → 4001;
 *   claim the batch: the same batch again replays its first answer, other content under
 *   its number → 4002;
 *   store the records (a TransIDO already in another batch → 2001, nothing kept);
 *   accepted: the check date's version moves on, and a result already written goes stale.
 */
import { PayRecordType, UploadPayDetailReq, UploadPayDetailRsp } from '../../contract/generated/bodies';
import { RSP } from '../../contract/rsp-codes';
import { HandlerResult, OperationHandler } from '../../handlers/handler';
import { Store, StoredAnswer } from '../../store/ports';
import { contentFingerprint } from '../payment/payment-rules';
import { BatchFacts, Batches } from './batches';
import { noteBatchAccepted } from './check-days';
import { CheckRecord, CheckRecordRepository } from './check-record-port';
import { ReconciliationSettings } from './reconciliation-settings';
import { markResultStale } from './results';
import { Refusal, checkBatch, checkCheckDate } from './upload-rules';

export interface UploadDeps {
  store: Store;
  records: CheckRecordRepository;
  settings: ReconciliationSettings;
  now?: () => number;
}

/** How long a second upload of a batch being stored waits for the first's answer. */
const WAIT_FOR_CLAIM_MS = 10_000;

export function uploadPayDetail(deps: UploadDeps): OperationHandler<'UploadPayDetail'> {
  const now = deps.now ?? Date.now;
  const batches = new Batches(deps.store);
  return async ({ body: req, route, transIdH }) => {
    const echo: UploadPayDetailRsp = { CheckDate: req.CheckDate, BatchNo: req.BatchNo };
    const refusal = checkCheckDate(req.CheckDate, now(), deps.settings.windowDays) ?? checkBatch(req, route.province);
    if (refusal) return refused(refusal, echo);
    const earlierCount = await batches.batchCountOf(req.CheckDate, req.CollectProvince);
    if (earlierCount !== undefined && earlierCount !== req.BatchCount) {
      return refused({ code: RSP.BATCH_REJECTED, desc: `BatchCount ${req.BatchCount} differs from the ${earlierCount} of the day's earlier batches` }, echo);
    }
    const facts: BatchFacts = {
      checkDate: req.CheckDate,
      collectProvince: req.CollectProvince,
      batchNo: req.BatchNo,
      batchCount: req.BatchCount,
      recordCount: req.RecordCount,
    };
    const fingerprint = contentFingerprint({ ...req });
    const deadline = now() + WAIT_FOR_CLAIM_MS;
    for (;;) {
      const claim = await batches.claim(facts, fingerprint, transIdH, now());
      if (claim.claimed) return store(deps, batches, facts, req, echo);
      if (!claim.sameContent && claim.state !== 'refused') {
        return refused({ code: RSP.UPLOAD_CONFLICT, desc: `batch ${req.BatchNo} of ${req.CheckDate} was uploaded before with other content` }, echo);
      }
      if (claim.answer)
        return { rspCode: claim.answer.rspCode as HandlerResult['rspCode'], rspDesc: claim.answer.rspDesc, body: claim.answer.body, transIdH: claim.transIdH };
      if (now() > deadline) throw new Error(`batch ${req.BatchNo} of ${req.CheckDate} is still being stored by another upload`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
}

async function store(
  deps: UploadDeps,
  batches: Batches,
  facts: BatchFacts,
  req: UploadPayDetailReq,
  echo: UploadPayDetailRsp,
): Promise<HandlerResult<UploadPayDetailRsp>> {
  const records = (req.PayRecord ?? []).map((r) => checkRecordOf(req, r));
  const put = await deps.records.putBatch(facts.checkDate, facts.collectProvince, facts.batchNo, records);
  if (!put.stored) {
    const { transIdO, recordType, batchNo } = put.clash;
    const answer: StoredAnswer = {
      rspCode: RSP.TRANSIDO_REUSED,
      rspDesc: `TransIDO ${transIdO} (${recordType}) was uploaded in batch ${batchNo} already`,
      body: { ...echo },
    };
    await batches.settle(facts, 'refused', answer);
    return { rspCode: RSP.TRANSIDO_REUSED, rspDesc: answer.rspDesc, body: echo };
  }
  const body: UploadPayDetailRsp = { ...echo, AcceptedCount: records.length };
  await batches.settle(facts, 'accepted', { rspCode: RSP.SUCCESS, body: { ...body } });
  const at = new Date((deps.now ?? Date.now)());
  await noteBatchAccepted(deps.store, facts.checkDate, at);
  await markResultStale(deps.store, facts.checkDate, facts.collectProvince);
  return { rspCode: RSP.SUCCESS, body };
}

function checkRecordOf(req: UploadPayDetailReq, r: PayRecordType): CheckRecord {
  return {
    checkDate: req.CheckDate,
    collectProvince: req.CollectProvince,
    batchNo: req.BatchNo,
    paymentKey: r.RecordType === 'REVERSE' ? r.OrigTransIDO! : r.TransIDO,
    recordType: r.RecordType,
    transIdO: r.TransIDO,
    ...(r.TransIDH !== undefined && { transIdH: r.TransIDH }),
    serviceNumber: r.ServiceNumber,
    homeProvince: r.HomeProvince,
    amount: r.Amount,
    tradeTime: r.TradeTime,
    ...(r.OrigTransIDO !== undefined && { origTransIdO: r.OrigTransIDO }),
  };
}

function refused(refusal: Refusal, echo: UploadPayDetailRsp): HandlerResult<UploadPayDetailRsp> {
  return { rspCode: refusal.code, rspDesc: refusal.desc, body: echo };
}
