/**
 * Deterministic seed data for the mock provinces: the same accounts, names, balances and
 * bills on every start, so tests and partners can rely on published test numbers.
 */
import { PROVINCE_CODES } from '../../src/domain/provinces';
import { NumberSegmentTable } from '../../src/domain/number-segments';

export interface SeedAccount {
  province: string;
  serviceNumber: string;
  custName: string;
  accountId: string;
  balance: number; // fen
  arrears: number; // fen
  currentCharges: number; // fen
  creditLimit: number; // fen
  userStatus: '0' | '1' | '2'; // active, suspended, closed
}

export const ACCOUNTS_PER_PROVINCE = 12;
/** The first bill cycle the mock billing systems hold; the last is the month before now. */
export const FIRST_BILL_CYCLE = '202601';

const SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗');
const GIVEN = Array.from('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华');

/** mulberry32: a tiny, well-known seeded PRNG; good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function seedAccounts(province: string, segments: NumberSegmentTable): SeedAccount[] {
  const own = segments.all().filter((s) => s.province === province);
  const mobilePrefix = own.find((s) => s.prefix.length === 7)?.prefix;
  const areaCode = own.find((s) => s.prefix.length < 7)?.prefix;
  if (!mobilePrefix || !areaCode) throw new Error(`the number-segment table has no mobile and fixed-line segment for province ${province}`);
  const rand = prng(hashSeed(`accounts-${province}`));
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const amount = (max: number) => Math.floor(rand() * max);
  const accounts: SeedAccount[] = [];
  for (let i = 1; i <= ACCOUNTS_PER_PROVINCE; i++) {
    // The last account of each province is a fixed line; two are not in good standing.
    const serviceNumber = i < ACCOUNTS_PER_PROVINCE ? `${mobilePrefix}${String(i).padStart(4, '0')}` : `${areaCode}${'8'.repeat(11 - areaCode.length - 1)}1`;
    const userStatus = i === ACCOUNTS_PER_PROVINCE - 2 ? '1' : i === ACCOUNTS_PER_PROVINCE - 1 ? '2' : '0';
    accounts.push({
      province,
      serviceNumber,
      custName: pick(SURNAMES) + pick(GIVEN) + (rand() < 0.5 ? pick(GIVEN) : ''),
      accountId: `${province}${String(hashSeed(serviceNumber) % 1e10).padStart(10, '0')}`,
      balance: userStatus === '1' ? 0 : amount(50000),
      arrears: userStatus === '1' ? 3000 + amount(20000) : 0,
      currentCharges: amount(20000),
      creditLimit: rand() < 0.5 ? 0 : 10000,
      userStatus,
    });
  }
  return accounts;
}

export function seedAllAccounts(segments: NumberSegmentTable): SeedAccount[] {
  return PROVINCE_CODES.flatMap((code) => seedAccounts(code, segments));
}

const BILL_ITEMS: Array<[string, string, number]> = [
  ['1001', '月租费', 5800],
  ['2001', '国内通话费', 6000],
  ['3001', '短信费', 1500],
  ['4001', '数据流量费', 9000],
  ['5001', '增值业务费', 2000],
];

/** The bill items of a number for a cycle: the same every time it is asked. */
export function billItems(serviceNumber: string, cycle: string): Array<{ ItemCode: string; ItemName: string; Amount: number }> {
  const rand = prng(hashSeed(`${serviceNumber}-${cycle}`));
  return BILL_ITEMS.filter((_, i) => i === 0 || rand() < 0.7).map(([ItemCode, ItemName, max]) => ({
    ItemCode,
    ItemName,
    Amount: i0(ItemCode) ? max : Math.floor(rand() * max),
  }));
}

const i0 = (code: string) => code === '1001'; // the monthly fee is fixed
