/**
 * The mock provinces' side of daily reconciliation. 7.2.2: HQ sends a batch of the day's
 * remote payments into our numbers; we file it (GET /deliveries) and compare it with our own
 * ledger, answering with the records we do not recognise (no entry under that TransIDH, or
 * one of another kind or amount). 7.2.3: the result is filed and acknowledged.
 */
import { RSP } from '../../src/contract/rsp-codes';
import { XmlRecord } from '../../src/contract/schema-model';
import { AccountBook } from './account-book';
import { acceptDelivery, type ProvinceHandler } from './billing-handlers';

export const deliverCheckFile: ProvinceHandler = ({ interfaceNumber, body }, book) => {
  book.fileDelivery(interfaceNumber, body);
  const records = (body.PayRecord as XmlRecord[] | undefined) ?? [];
  const unknown = records.filter((r) => !recognises(book, r));
  const total = unknown.reduce((sum, r) => sum + (r.RecordType === 'PAY' ? Number(r.Amount) : -Number(r.Amount)), 0);
  return {
    rspCode: RSP.SUCCESS,
    body: { CheckDate: body.CheckDate, RecordCount: unknown.length, TotalAmount: total, ...(unknown.length > 0 && { PayRecord: unknown }) },
  };
};

function recognises(book: AccountBook, record: XmlRecord): boolean {
  const entry = record.TransIDH === undefined ? undefined : book.ledger.get(String(record.TransIDH));
  return (
    entry !== undefined && entry.kind === record.RecordType && entry.amount === Number(record.Amount) && entry.serviceNumber === String(record.ServiceNumber)
  );
}

// Called through, not aliased: billing-handlers.ts, which lists this file's handlers, is still loading when this one is.
export const deliverCheckResult: ProvinceHandler = (request, book) => acceptDelivery(request, book);
