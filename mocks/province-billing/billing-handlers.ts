/**
 * What a provincial billing system answers on each H→P interface, for one province.
 * Each handler maps a validated request body to a RspCode and a response body.
 */
import { RSP, RspCode } from '../../src/contract/rsp-codes';
import { XmlRecord } from '../../src/contract/schema-model';
import { AccountBook } from './account-book';

export interface ProvinceRequest {
  province: string;
  transIdH?: string;
  body: XmlRecord;
}

export interface ProvinceResult {
  rspCode: RspCode;
  rspDesc?: string;
  body: XmlRecord;
}

export type ProvinceHandler = (request: ProvinceRequest, book: AccountBook) => ProvinceResult | Promise<ProvinceResult>;

/** 4.2.2: the account of one of our numbers, and its bill items for a closed cycle. */
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
      AccountInfo: {
        CustName: account.custName,
        AccountId: account.accountId,
        Balance: account.balance,
        Arrears: account.arrears,
        CurrentCharges: account.currentCharges,
        CreditLimit: account.creditLimit,
        UserStatus: account.userStatus,
      },
      BillCycle: cycle,
      BillItem: cycle === undefined ? undefined : book.billItems(number, cycle),
    },
  };
};

/** Interface number → operation → handler, for every H→P interface the mocks serve. */
export const PROVINCE_HANDLERS: Record<string, Record<string, ProvinceHandler>> = {
  '4.2.2': { QueryAccount: queryAccount },
};
