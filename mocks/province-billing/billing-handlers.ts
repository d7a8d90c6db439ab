/**
 * What a provincial billing system answers on each H→P interface, for one province.
 * Each handler maps a validated request body to a RspCode and a response body.
 */
import { RSP, RspCode } from '../../src/contract/rsp-codes';
import { OperationContract } from '../../src/contract/interface-contract';
import { XmlRecord } from '../../src/contract/schema-model';
import { AccountBook } from './account-book';
import { SeedAccount } from './seed';
import { deliverSettlement } from './settlement-handlers';
import { deliverCollectionResult, deliverGroupBill } from './group-handlers';
import * as reconciliation from './reconciliation-handlers';

export interface ProvinceRequest {
  province: string;
  interfaceNumber: string;
  operation: OperationContract;
  transIdH?: string;
  transIdO: string;
  body: XmlRecord;
}

export interface ProvinceResult {
  rspCode: RspCode;
  rspDesc?: string;
  body: XmlRecord;
}

export type ProvinceHandler = (request: ProvinceRequest, book: AccountBook) => ProvinceResult | Promise<ProvinceResult>;

/** 4.2.2: the account of one of our numbers, and its bill items for a closed cycle. */
/** An account as 4.2.2 describes it (its AccountInfo). */
export function accountInfoOf(account: SeedAccount) {
  return {
    CustName: account.custName,
    AccountId: account.accountId,
    Balance: account.balance,
    Arrears: account.arrears,
    CurrentCharges: account.currentCharges,
    CreditLimit: account.creditLimit,
    UserStatus: account.userStatus,
  };
}

export const queryAccount: ProvinceHandler = ({ body }, book) => {
  const number = String(body.ServiceNumber);
  const cycle = body.BillCycle as string | undefined;
  const account = book.findActive(number);
  if (!account) return { rspCode: RSP.USER_NOT_FOUND, body: { ServiceNumber: number } };
  if (cycle !== undefined && !book.isBillCycleAvailable(cycle)) {
    return { rspCode: RSP.BILL_CYCLE_UNAVAILABLE, rspDesc: `bill cycle ${cycle} is not available`, body: { ServiceNumber: number } };
  }
  return {
    rspCode: RSP.SUCCESS,
    body: {
      ServiceNumber: number,
      AccountInfo: accountInfoOf(account),
      BillCycle: cycle,
      BillItem: cycle === undefined ? undefined : book.billItems(number, cycle),
    },
  };
};

/** 5.2.2: credit the account once per TransIDH; a re-send gets the first result again. */
export const pay: ProvinceHandler = ({ transIdH, transIdO, body }, book) => {
  const number = String(body.ServiceNumber);
  const done = transIdH ? book.ledger.get(transIdH) : undefined;
  if (done) return { rspCode: RSP.SUCCESS, body: { ServiceNumber: number, HomeSerial: done.homeSerial, BalanceAfter: done.balanceAfter } };
  const account = book.findActive(number);
  if (!account) return { rspCode: RSP.USER_NOT_FOUND, body: { ServiceNumber: number } };
  const amount = Number(body.PayAmount);
  if (!(amount > 0)) return { rspCode: RSP.INVALID_AMOUNT, body: { ServiceNumber: number } };
  book.credit(account, amount);
  const tradeTime = String(body.PayTime);
  const entry = {
    transIdH: transIdH ?? '',
    transIdO,
    kind: 'PAY' as const,
    serviceNumber: number,
    collectProvince: String(body.CollectProvince),
    amount,
    homeSerial: book.nextSerial(tradeTime),
    balanceAfter: account.balance,
    tradeTime,
  };
  if (transIdH) book.ledger.set(transIdH, entry);
  return { rspCode: RSP.SUCCESS, body: { ServiceNumber: number, HomeSerial: entry.homeSerial, BalanceAfter: entry.balanceAfter } };
};

/** 6.2.2: take back the payment OrigTransIDH, once; a re-sent reversal gets the first result. */
export const payReverse: ProvinceHandler = ({ transIdH, transIdO, body }, book) => {
  const number = String(body.ServiceNumber);
  const done = transIdH ? book.ledger.get(transIdH) : undefined;
  if (done) return { rspCode: RSP.SUCCESS, body: { ServiceNumber: number, HomeSerial: done.homeSerial, BalanceAfter: done.balanceAfter } };
  const original = book.ledger.get(String(body.OrigTransIDH));
  if (!original || original.kind !== 'PAY' || original.serviceNumber !== number) return { rspCode: RSP.ORIGINAL_NOT_FOUND, body: { ServiceNumber: number } };
  if (original.reversedBy) return { rspCode: RSP.ALREADY_REVERSED, body: { ServiceNumber: number } };
  if (Number(body.ReverseAmount) !== original.amount) return { rspCode: RSP.REVERSAL_NOT_ALLOWED, body: { ServiceNumber: number } };
  // A payment is reversed on its own accounting day (CST date), as HQ requires of 6.2.1; the certification runs check it.
  if (String(body.ReverseTime).slice(0, 8) !== original.tradeTime.slice(0, 8)) return { rspCode: RSP.REVERSAL_NOT_ALLOWED, body: { ServiceNumber: number } };
  const account = book.find(number)!;
  book.debit(account, original.amount);
  const tradeTime = String(body.ReverseTime);
  const entry = {
    transIdH: transIdH ?? '',
    transIdO,
    kind: 'REVERSE' as const,
    serviceNumber: number,
    collectProvince: original.collectProvince,
    amount: original.amount,
    homeSerial: book.nextSerial(tradeTime),
    balanceAfter: account.balance,
    tradeTime,
    origTransIdH: original.transIdH,
  };
  original.reversedBy = entry.transIdH;
  if (transIdH) book.ledger.set(transIdH, entry);
  return { rspCode: RSP.SUCCESS, body: { ServiceNumber: number, HomeSerial: entry.homeSerial, BalanceAfter: entry.balanceAfter } };
};

/**
 * 7.2.3, 8.2.1, 9.2.2, 9.2.4, 10.2.2: HQ delivers a document (a reconciliation result, a
 * settlement statement, a group bill, a collection share, a revenue result). The province
 * files it in its inbox and acknowledges: the response echoes the request's identifying
 * fields, with Accepted = 1 or AcceptedCount = the number of entries received.
 */
export const acceptDelivery: ProvinceHandler = ({ interfaceNumber, operation, body }, book) => {
  book.fileDelivery(interfaceNumber, body);
  const entries = Object.values(body).find(Array.isArray) as unknown[] | undefined;
  const answer: XmlRecord = {};
  for (const field of operation.response.type.kind === 'complex' ? operation.response.type.sequence : []) {
    if (field.name === 'Accepted') answer.Accepted = '1';
    else if (field.name === 'AcceptedCount') answer.AcceptedCount = entries?.length ?? 0;
    else if (body[field.name] !== undefined && field.type.kind === 'simple') answer[field.name] = body[field.name];
  }
  return { rspCode: RSP.SUCCESS, body: answer };
};

/** Interface number → operation → handler, for every H→P interface the mocks serve. */
export const PROVINCE_HANDLERS: Record<string, Record<string, ProvinceHandler>> = {
  '4.2.2': { QueryAccount: queryAccount },
  '5.2.2': { Pay: pay },
  '6.2.2': { PayReverse: payReverse },
  '7.2.2': { DeliverCheckFile: reconciliation.deliverCheckFile },
  '7.2.3': { DeliverCheckResult: reconciliation.deliverCheckResult },
  '8.2.1': { DeliverSettlement: deliverSettlement },
  '9.2.2': { DeliverGroupBill: deliverGroupBill },
  '9.2.4': { DeliverCollectionResult: deliverCollectionResult },
  '10.2.2': { DeliverGroupRevenueResult: acceptDelivery },
};
