/**
 * The rules of a 7.2.1 batch, checked before anything is stored: the check date (closed in
 * CST, within the window), the batch numbering, each record (its collecting province, its
 * amount, a reversal naming its payment, no TransIDO twice) and the batch's own RecordCount
 * and TotalAmount. Each refusal names what was wrong.
 */
import { PayRecordType, UploadPayDetailReq } from '../../contract/generated/bodies';
import { RSP, RspCode } from '../../contract/rsp-codes';
import { cstDate } from '../../domain/cst-time';

export interface Refusal {
  code: RspCode;
  desc: string;
}

const DAY_MS = 86_400_000;

/** YYYYMMDD n days before `date` (CST calendar days). */
export function daysBefore(date: string, n: number): string {
  const at = Date.parse(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T12:00:00+08:00`);
  return cstDate(at - n * DAY_MS);
}

/** Whether YYYYMMDD is a real calendar date (the schema's pattern allows 20260231). */
export function isCalendarDate(date: string): boolean {
  return daysBefore(date, 0) === date;
}

/** A check date can be uploaded once it has closed (CST) and while it is within the window. */
export function checkCheckDate(checkDate: string, now: number, windowDays: number): Refusal | undefined {
  const today = cstDate(now);
  if (!isCalendarDate(checkDate)) return { code: RSP.CHECK_DATE_REFUSED, desc: `CheckDate ${checkDate} is not a calendar date` };
  if (checkDate >= today) return { code: RSP.CHECK_DATE_REFUSED, desc: `CheckDate ${checkDate} has not closed yet (today is ${today} CST)` };
  const oldest = daysBefore(today, windowDays);
  if (checkDate < oldest)
    return { code: RSP.CHECK_DATE_REFUSED, desc: `CheckDate ${checkDate} is older than the upload window of ${windowDays} days (oldest ${oldest})` };
  return undefined;
}

export function checkBatch(req: UploadPayDetailReq, routeProvince: string): Refusal | undefined {
  if (req.CollectProvince !== routeProvince) {
    return { code: RSP.BATCH_REJECTED, desc: `CollectProvince ${req.CollectProvince} is not the province the upload is routed from (${routeProvince})` };
  }
  if (req.BatchNo > req.BatchCount) return { code: RSP.BATCH_REJECTED, desc: `BatchNo ${req.BatchNo} is out of range: BatchCount is ${req.BatchCount}` };
  const records = req.PayRecord ?? [];
  const seen = new Set<string>();
  let total = 0;
  for (const r of records) {
    const refusal = checkRecord(r, req.CollectProvince);
    if (refusal) return refusal;
    const key = `${r.RecordType}|${r.TransIDO}`;
    if (seen.has(key)) return { code: RSP.BATCH_REJECTED, desc: `TransIDO ${r.TransIDO} (${r.RecordType}) appears twice in the batch` };
    seen.add(key);
    total += r.RecordType === 'PAY' ? r.Amount : -r.Amount;
  }
  if (req.RecordCount !== records.length)
    return { code: RSP.BATCH_REJECTED, desc: `RecordCount ${req.RecordCount} does not match the ${records.length} PayRecord of the batch` };
  if (req.TotalAmount !== total)
    return { code: RSP.BATCH_REJECTED, desc: `TotalAmount ${req.TotalAmount} does not match the records' PAY minus REVERSE amounts (${total})` };
  return undefined;
}

function checkRecord(r: PayRecordType, collectProvince: string): Refusal | undefined {
  if (r.CollectProvince !== collectProvince) {
    return { code: RSP.BATCH_REJECTED, desc: `TransIDO ${r.TransIDO} belongs to collecting province ${r.CollectProvince}, not ${collectProvince}` };
  }
  if (!(r.Amount > 0)) return { code: RSP.INVALID_AMOUNT, desc: `TransIDO ${r.TransIDO}: Amount ${r.Amount} must be above 0 fen` };
  if (r.RecordType === 'REVERSE' && r.OrigTransIDO === undefined)
    return { code: RSP.BATCH_REJECTED, desc: `TransIDO ${r.TransIDO}: a REVERSE record needs OrigTransIDO` };
  if (r.RecordType === 'PAY' && r.OrigTransIDO !== undefined)
    return { code: RSP.BATCH_REJECTED, desc: `TransIDO ${r.TransIDO}: a PAY record has no OrigTransIDO` };
  return undefined;
}
