/**
 * A day you can watch happen: several collecting provinces drive the running gateway through
 * SOAP — account queries, payments, duplicates re-sent, reversals, payments into accounts
 * not in good standing, and (when the caller can make a home province answer late) province
 * timeouts the resolver settles later. Each province keeps its own book of what it collected;
 * `uploadDay` then uploads each book as its 7.2.1 batches with chosen discrepancies injected,
 * and says which differences a reconciliation must find: each injected one, as exactly what it
 * is, and a PENDING_RESOLVED for each payment that was answered 3002 — nothing else.
 */
import { PayRecordType } from '../contract/generated/bodies';
import { ContractCatalogue } from '../contract/catalogue';
import { cstTimestamp } from '../domain/cst-time';
import { asProvinceCode } from '../domain/provinces';
import { SimulatedProvince } from './soap-province';

export interface Account {
  province: string;
  serviceNumber: string;
  userStatus: string; // '0' in good standing
}

export interface DayPlan {
  gatewayUrl: string;
  collecting: readonly string[];
  paymentsPerProvince: number;
  accounts: readonly Account[];
  seed?: number;
  now?: () => number;
  /** Asks a home province to answer its next 5.2.2 after the gateway's timeout; without it the day has no timeouts. */
  answerNextPayLate?: (homeProvince: string) => void;
  /** Payments per collecting province that meet a late home province (needs answerNextPayLate). */
  timeoutsPerProvince?: number;
}

/** What one collecting province booked: its PAY and REVERSE records, and the payments answered 3002. */
export interface ProvinceBook {
  province: string;
  records: PayRecordType[];
  unknownOutcomes: string[];
}

export type InjectionKind = 'drop' | 'amount' | 'phantom' | 'reverse-only-province' | 'drop-reversal';
export interface Injection {
  province: string;
  kind: InjectionKind;
}
export interface ExpectedDifference {
  province: string;
  transIdO: string;
  kind: 'HQ_ONLY' | 'PROVINCE_ONLY' | 'AMOUNT_MISMATCH' | 'STATE_MISMATCH' | 'PENDING_RESOLVED';
}

export async function runDayTraffic(plan: DayPlan): Promise<ProvinceBook[]> {
  const contracts = ContractCatalogue.load();
  const rand = prng(plan.seed ?? 20261201);
  const now = plan.now ?? Date.now;
  const books: ProvinceBook[] = [];
  for (const code of plan.collecting) {
    const province = new SimulatedProvince(code, plan.gatewayUrl, contracts, now);
    const book: ProvinceBook = { province: code, records: [], unknownOutcomes: [] };
    const remote = plan.accounts.filter((a) => a.province !== code);
    const good = remote.filter((a) => a.userStatus === '0');
    const notGood = remote.filter((a) => a.userStatus !== '0');
    for (let i = 0; i < plan.paymentsPerProvince; i++) {
      const late = plan.answerNextPayLate !== undefined && i < (plan.timeoutsPerProvince ?? 0);
      const account = i % 11 === 10 && notGood.length > 0 ? pick(notGood, rand) : pick(good, rand);
      await payOnce(province, book, account, 100 + Math.floor(rand() * 49_900), late ? plan.answerNextPayLate : undefined, i % 5 === 4, i % 7 === 3, now);
    }
    books.push(book);
  }
  return books;
}

/** One customer at the counter: the account asked for, paid (maybe re-sent as a duplicate), maybe reversed. */
async function payOnce(
  province: SimulatedProvince,
  book: ProvinceBook,
  account: Account,
  amount: number,
  answerLate: ((home: string) => void) | undefined,
  duplicate: boolean,
  reverse: boolean,
  now: () => number,
): Promise<void> {
  const byNumber = { type: '01' as const, value: account.serviceNumber };
  const collect = asProvinceCode(province.code);
  await province.call('4.2.1', 'QueryRemoteAccount', { ServiceNumber: account.serviceNumber, CollectProvince: collect }, byNumber);
  answerLate?.(account.province);
  const transIdO = province.nextTransIdO();
  const payTime = cstTimestamp(now());
  const body = { ServiceNumber: account.serviceNumber, CollectProvince: collect, PayAmount: amount, PayTime: payTime };
  const paid = await province.call('5.2.1', 'RemotePay', body, byNumber, transIdO);
  if (duplicate) await province.call('5.2.1', 'RemotePay', body, byNumber, transIdO);
  if (paid.rspCode !== '0000' && paid.rspCode !== '3002') return;
  // Cash was taken either way; on 3002 the province must not take it again, and books it.
  const pay: PayRecordType = {
    TransIDO: transIdO,
    ...(paid.transIdH && { TransIDH: paid.transIdH }),
    ServiceNumber: account.serviceNumber,
    HomeProvince: asProvinceCode(account.province),
    CollectProvince: collect,
    RecordType: 'PAY',
    Amount: amount,
    TradeTime: payTime,
  };
  book.records.push(pay);
  if (paid.rspCode === '3002') {
    book.unknownOutcomes.push(transIdO);
    return;
  }
  if (!reverse) return;
  const reverseTransIdO = province.nextTransIdO();
  const reverseTime = cstTimestamp(now());
  const reversed = await province.call(
    '6.2.1',
    'RemotePayReverse',
    { ServiceNumber: account.serviceNumber, CollectProvince: collect, OrigTransIDO: transIdO, ReverseAmount: amount, ReverseTime: reverseTime },
    byNumber,
    reverseTransIdO,
  );
  if (reversed.rspCode === '0000')
    book.records.push({
      ...pay,
      TransIDO: reverseTransIdO,
      TransIDH: reversed.transIdH,
      RecordType: 'REVERSE',
      TradeTime: reverseTime,
      OrigTransIDO: transIdO,
    });
}

export interface UploadPlan {
  gatewayUrl: string;
  checkDate: string;
  books: readonly ProvinceBook[];
  injections: readonly Injection[];
  batchRecords: number;
  now?: () => number;
}

/** Uploads each book as 7.2.1 batches, discrepancies injected; the differences a reconciliation must then report. */
export async function uploadDay(plan: UploadPlan): Promise<{ expected: ExpectedDifference[]; answers: string[] }> {
  const contracts = ContractCatalogue.load();
  const expected: ExpectedDifference[] = [];
  const answers: string[] = [];
  for (const book of plan.books) {
    const records = book.records.map((r) => ({ ...r }));
    const touched = new Set<string>();
    for (const injection of plan.injections.filter((i) => i.province === book.province)) {
      expected.push(inject(records, book, injection, touched));
    }
    for (const transIdO of book.unknownOutcomes) if (!touched.has(transIdO)) expected.push({ province: book.province, transIdO, kind: 'PENDING_RESOLVED' });
    const province = new SimulatedProvince(book.province, plan.gatewayUrl, contracts, plan.now ?? Date.now);
    const batchCount = Math.max(1, Math.ceil(records.length / plan.batchRecords));
    for (let b = 0; b < batchCount; b++) {
      const batch = records.slice(b * plan.batchRecords, (b + 1) * plan.batchRecords);
      const total = batch.reduce((sum, r) => sum + (r.RecordType === 'PAY' ? r.Amount : -r.Amount), 0);
      const collect = asProvinceCode(book.province);
      const body = {
        CheckDate: plan.checkDate,
        CollectProvince: collect,
        BatchNo: b + 1,
        BatchCount: batchCount,
        RecordCount: batch.length,
        TotalAmount: total,
        PayRecord: batch,
      };
      const answer = await province.call('7.2.1', 'UploadPayDetail', body, { type: '00', value: book.province });
      answers.push(answer.rspCode);
    }
  }
  return { expected, answers };
}

/** Applies one discrepancy to a book's records, on a payment no other injection touched. */
function inject(records: PayRecordType[], book: ProvinceBook, injection: Injection, touched: Set<string>): ExpectedDifference {
  const reversedIds = new Set(records.filter((r) => r.RecordType === 'REVERSE').map((r) => r.OrigTransIDO!));
  const plain = records.find(
    (r) => r.RecordType === 'PAY' && !reversedIds.has(r.TransIDO) && !touched.has(r.TransIDO) && !book.unknownOutcomes.includes(r.TransIDO),
  );
  const reversed = records.find((r) => r.RecordType === 'REVERSE' && !touched.has(r.OrigTransIDO!));
  const target = injection.kind === 'drop-reversal' ? reversed : plain;
  if (!target && injection.kind !== 'phantom') throw new Error(`the day of province ${book.province} has no payment left to ${injection.kind}`);
  const of = (transIdO: string, kind: ExpectedDifference['kind']): ExpectedDifference => (touched.add(transIdO), { province: book.province, transIdO, kind });
  switch (injection.kind) {
    case 'drop':
      records.splice(records.indexOf(target!), 1);
      return of(target!.TransIDO, 'HQ_ONLY');
    case 'amount':
      target!.Amount += 1;
      return of(target!.TransIDO, 'AMOUNT_MISMATCH');
    case 'phantom': {
      const template = records[0];
      const transIdO = `BILL${book.province}PHANTOM${String(touched.size).padStart(4, '0')}`;
      records.push({ ...template, TransIDO: transIdO, TransIDH: undefined, RecordType: 'PAY', Amount: 1234, OrigTransIDO: undefined });
      return of(transIdO, 'PROVINCE_ONLY');
    }
    case 'reverse-only-province':
      records.push({ ...target!, TransIDO: `${target!.TransIDO.slice(0, 24)}RV`, TransIDH: undefined, RecordType: 'REVERSE', OrigTransIDO: target!.TransIDO });
      return of(target!.TransIDO, 'STATE_MISMATCH');
    case 'drop-reversal':
      records.splice(records.indexOf(target!), 1);
      return of(target!.OrigTransIDO!, 'STATE_MISMATCH');
  }
}

function pick<T>(list: readonly T[], rand: () => number): T {
  return list[Math.floor(rand() * list.length)];
}

/** A small deterministic generator, so a day can be played again as it was. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
