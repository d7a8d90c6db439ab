/**
 * 8.2.1 at a mock province: a settlement statement is checked as a billing system would
 * before filing it — its own, and its sums adding up (each counterpart's net is receivable −
 * payable + commission, the statement's net their sum) — then filed like any delivery
 * (GET /deliveries). One that does not add up is refused with 4001, naming what is off, and
 * not filed.
 */
import { RSP } from '../../src/contract/rsp-codes';
// Only the type from billing-handlers.ts, whose table imports this file: a value import would be a cycle.
import type { ProvinceHandler } from './billing-handlers';

interface CounterpartLine {
  Province: string;
  PayableAmount: number;
  ReceivableAmount: number;
  Commission: number;
  NetAmount: number;
}

export const deliverSettlement: ProvinceHandler = ({ body, province, interfaceNumber }, book) => {
  const problem = statementProblem(province, body.Province as string, (body.Counterpart as CounterpartLine[] | undefined) ?? [], body.NetAmount as number);
  const echo = { SettleMonth: body.SettleMonth, Province: body.Province };
  if (problem) return { rspCode: RSP.BATCH_REJECTED, rspDesc: problem, body: { ...echo, Accepted: '0' } };
  book.fileDelivery(interfaceNumber, body);
  return { rspCode: RSP.SUCCESS, body: { ...echo, Accepted: '1' } };
};

function statementProblem(self: string, addressee: string, lines: CounterpartLine[], netAmount: number): string | undefined {
  if (addressee !== self) return `statement for province ${addressee} delivered to province ${self}`;
  for (const line of lines) {
    const net = line.ReceivableAmount - line.PayableAmount + line.Commission;
    if (line.NetAmount !== net)
      return `counterpart ${line.Province}: NetAmount ${line.NetAmount} is not ReceivableAmount - PayableAmount + Commission = ${net}`;
  }
  const sum = lines.reduce((total, line) => total + line.NetAmount, 0);
  if (netAmount !== sum) return `NetAmount ${netAmount} is not the sum of the counterparts' NetAmount (${sum})`;
  return undefined;
}
