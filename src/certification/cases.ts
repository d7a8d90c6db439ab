/**
 * The certification cases: the H→P calls HQ makes of a home province, in the order HQ makes
 * them, each with the outcome the contract requires (docs/INTERFACES.md: query, payment,
 * reversal). A case returns its rule results; the runner adds the answer rules of every
 * exchange it made. Cases share one state (the payment made, balances seen) and run in order.
 */
import { ContractCatalogue } from '../contract/catalogue';
import { XmlRecord } from '../contract/schema-model';
import { cstTimestamp } from '../domain/cst-time';
import { hqRequestHead, MessageHead } from '../domain/message-head';
import { ExchangeOutcome, ProvinceExchange } from './province-exchange';
import { codeOf, expectCode, fail, pass, RuleResult } from './rules';

export interface CaseContext {
  contracts: ContractCatalogue;
  client: ProvinceExchange;
  province: string;
  /** A number of the partner's, active, for the run to pay into and reverse. */
  serviceNumber: string;
  /** A number the partner does not know. */
  unknownNumber: string;
  /** The province HQ says collected the payments (any other than `province`). */
  collectProvince: string;
  amountFen: number;
  newTransIdH(): string;
  now(): number;
  /** Every exchange made, for the answer rules; the runner reads and clears it per case. */
  exchanges: ExchangeOutcome[];
  state: { payTransIdH?: string; firstPay?: ExchangeOutcome; afterFirstPay?: XmlRecord };
}

export interface CertificationCase {
  id: string;
  title: string;
  interfaceNumber: string;
  run(ctx: CaseContext): Promise<RuleResult[]>;
}

const DAY_MS = 24 * 3600 * 1000;

async function send(ctx: CaseContext, number: string, operation: string, body: XmlRecord, transIdH = ctx.newTransIdH()): Promise<ExchangeOutcome> {
  const head: MessageHead = hqRequestHead(number, ctx.province, { procId: `CERT-${transIdH}`, transIdO: `CERT${transIdH.slice(4)}`, transIdH, testFlag: '1' });
  const outcome = await ctx.client.call(ctx.contracts.get(number), operation, head, body);
  ctx.exchanges.push(outcome);
  return outcome;
}

function query(ctx: CaseContext, number: string): Promise<ExchangeOutcome> {
  return send(ctx, '4.2.2', 'QueryAccount', { ServiceNumber: number, CollectProvince: ctx.collectProvince });
}

function pay(ctx: CaseContext, payTime: string, transIdH?: string): Promise<ExchangeOutcome> {
  const body = { ServiceNumber: ctx.serviceNumber, CollectProvince: ctx.collectProvince, PayAmount: ctx.amountFen, PayTime: payTime };
  return send(ctx, '5.2.2', 'Pay', body, transIdH);
}

function reverse(ctx: CaseContext, origTransIdH: string, reverseTime = cstTimestamp(ctx.now())): Promise<ExchangeOutcome> {
  const body = {
    ServiceNumber: ctx.serviceNumber,
    CollectProvince: ctx.collectProvince,
    OrigTransIDH: origTransIdH,
    ReverseAmount: ctx.amountFen,
    ReverseTime: reverseTime,
  };
  return send(ctx, '6.2.2', 'PayReverse', body);
}

/** What a payment changes: the balance net of arrears (a credit pays arrears off first). */
function netBalance(x: ExchangeOutcome): number | undefined {
  const info = x.body?.AccountInfo as XmlRecord | undefined;
  return info ? Number(info.Balance) - Number(info.Arrears) : undefined;
}

export const CASES: readonly CertificationCase[] = [
  {
    id: 'query.known',
    title: '4.2.2 of an active number answers 0000 with its account',
    interfaceNumber: '4.2.2',
    async run(ctx) {
      const x = await query(ctx, ctx.serviceNumber);
      const results = [expectCode(x, '0000', `4.2.2 ${ctx.serviceNumber}`)];
      if (codeOf(x) === '0000' && !x.body?.AccountInfo) results.push(fail('outcome', '4.2.2 answered 0000 without AccountInfo'));
      return results;
    },
  },
  {
    id: 'query.unknown',
    title: '4.2.2 of a number the province does not have answers 1002',
    interfaceNumber: '4.2.2',
    run: async (ctx) => [expectCode(await query(ctx, ctx.unknownNumber), '1002', `4.2.2 ${ctx.unknownNumber}`)],
  },
  {
    id: 'pay.first',
    title: '5.2.2 credits the account once and answers 0000 with a home serial',
    interfaceNumber: '5.2.2',
    async run(ctx) {
      const before = netBalance(await query(ctx, ctx.serviceNumber));
      ctx.state.payTransIdH = ctx.newTransIdH();
      const x = await pay(ctx, cstTimestamp(ctx.now()), ctx.state.payTransIdH);
      ctx.state.firstPay = x;
      const results = [expectCode(x, '0000', '5.2.2')];
      if (codeOf(x) === '0000' && !x.body?.HomeSerial) results.push(fail('outcome', '5.2.2 answered 0000 without HomeSerial'));
      const afterQuery = await query(ctx, ctx.serviceNumber);
      ctx.state.afterFirstPay = afterQuery.body;
      const after = netBalance(afterQuery);
      if (before !== undefined && after !== undefined) {
        results.push(
          after - before === ctx.amountFen
            ? pass('outcome', `balance net of arrears rose by ${ctx.amountFen}`)
            : fail('outcome', `balance net of arrears moved by ${after - before}, paid ${ctx.amountFen}`),
        );
      }
      return results;
    },
  },
  {
    id: 'pay.resend',
    title: 'the same 5.2.2 TransIDH again: one credit, the same answer',
    interfaceNumber: '5.2.2',
    async run(ctx) {
      const first = ctx.state.firstPay;
      if (!first || !ctx.state.payTransIdH) return [fail('idempotency', 'no first payment to re-send (pay.first failed)')];
      const again = await pay(ctx, String(first.requestHead.ProcessTime), ctx.state.payTransIdH);
      const same =
        codeOf(again) === codeOf(first) && again.body?.HomeSerial === first.body?.HomeSerial && again.body?.BalanceAfter === first.body?.BalanceAfter;
      const results = [
        same
          ? pass('idempotency', `answered ${codeOf(again)} with HomeSerial ${String(again.body?.HomeSerial)} again`)
          : fail(
              'idempotency',
              `first ${codeOf(first)} ${String(first.body?.HomeSerial)}/${String(first.body?.BalanceAfter)}, again ${codeOf(again)} ${String(again.body?.HomeSerial)}/${String(again.body?.BalanceAfter)}`,
            ),
      ];
      const after = netBalance(await query(ctx, ctx.serviceNumber));
      const expected = ctx.state.afterFirstPay && netBalance({ body: ctx.state.afterFirstPay } as ExchangeOutcome);
      if (after !== undefined && expected !== undefined) {
        results.push(
          after === expected
            ? pass('idempotency', 'credited once')
            : fail('idempotency', `credited again: balance net of arrears moved by ${after - expected}`),
        );
      }
      return results;
    },
  },
  {
    id: 'reverse.unknown',
    title: '6.2.2 of a payment the province never received answers 2003',
    interfaceNumber: '6.2.2',
    run: async (ctx) => [expectCode(await reverse(ctx, ctx.newTransIdH()), '2003', '6.2.2 of an unknown OrigTransIDH')],
  },
  {
    id: 'reverse.ok',
    title: '6.2.2 of the payment answers 0000',
    interfaceNumber: '6.2.2',
    async run(ctx) {
      if (!ctx.state.payTransIdH) return [fail('outcome', 'no payment to reverse (pay.first failed)')];
      return [expectCode(await reverse(ctx, ctx.state.payTransIdH), '0000', '6.2.2 of the payment')];
    },
  },
  {
    id: 'reverse.twice',
    title: 'a second 6.2.2 of the same payment answers 2004',
    interfaceNumber: '6.2.2',
    async run(ctx) {
      if (!ctx.state.payTransIdH) return [fail('outcome', 'no payment to reverse (pay.first failed)')];
      return [expectCode(await reverse(ctx, ctx.state.payTransIdH), '2004', '6.2.2 of a reversed payment')];
    },
  },
  {
    id: 'reverse.after-day',
    title: '6.2.2 on a later day than the payment (CST) answers 2005',
    interfaceNumber: '6.2.2',
    async run(ctx) {
      const transIdH = ctx.newTransIdH();
      const paid = await pay(ctx, cstTimestamp(ctx.now() - DAY_MS), transIdH);
      if (codeOf(paid) !== '0000') return [fail('outcome', `the payment of the day before was not accepted (${codeOf(paid) ?? 'no answer'})`)];
      return [expectCode(await reverse(ctx, transIdH), '2005', "6.2.2 of yesterday's payment")];
    },
  },
];
