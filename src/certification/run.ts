/**
 * A certification run: the cases (cases.ts) against one partner's provincial billing endpoint,
 * in order, each case's own rules and the answer rules (rules.ts) of every exchange it made.
 * Progress is told as each case ends; the report (report.ts) is text, JUnit XML and JSON.
 */
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ContractCatalogue } from '../contract/catalogue';
import { TransIdHGenerator } from '../domain/message-head';
import { CharsetName } from '../wire/charset';
import { CaseContext, CASES, CertificationCase } from './cases';
import { ProvinceExchange } from './province-exchange';
import { answerRules, RuleResult } from './rules';

export interface CertificationOptions {
  /** The partner's H→P base URL: the interface number is appended (…/province/51 → …/province/51/5.2.2). */
  baseUrl: string;
  /** The partner's province code. */
  province: string;
  /** An active number of the partner's to pay into and reverse (a test account). */
  serviceNumber: string;
  /** A number the partner does not have (default: 19900000000, outside every number segment). */
  unknownNumber?: string;
  /** The charset the partner declares: UTF-8 (default), GBK or GB18030. */
  charset?: CharsetName;
  /** How long HQ waits for an answer (default 5000 ms, PROVINCE_TIMEOUT_MS's default). */
  timeoutMs?: number;
  /** The slowest answer that still passes the timing rule (default: the timeout). */
  maxMs?: number;
  /** Fen paid into the test account per payment (default 1). */
  amountFen?: number;
  contracts?: ContractCatalogue;
  onProgress?: (done: CaseResult, index: number, total: number) => void;
  /** Only these case ids (default: all). */
  only?: string[];
  now?: () => number;
}

export interface CaseResult {
  id: string;
  title: string;
  interfaceNumber: string;
  ok: boolean;
  durationMs: number;
  /** The failed rules (all of them, answer rules included). */
  failures: RuleResult[];
  /** How many rule checks passed. */
  passedChecks: number;
  exchanges: Array<{ interfaceNumber: string; transIdH: string; rspCode?: string; durationMs: number; fault?: string }>;
}

export interface CertificationReport {
  target: { baseUrl: string; province: string; serviceNumber: string; charset: string };
  startedAt: string;
  durationMs: number;
  ok: boolean;
  passed: number;
  failed: number;
  cases: CaseResult[];
}

export async function runCertification(opts: CertificationOptions): Promise<CertificationReport> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const client = new ProvinceExchange(opts.baseUrl, opts.charset ?? 'UTF-8', timeoutMs);
  // A random instance id: two runs in one second must not issue the same TransIDH (the partner would replay it).
  const ids = new TransIdHGenerator(
    randomInt(36 * 36)
      .toString(36)
      .toUpperCase()
      .padStart(2, '0'),
  );
  const ctx: CaseContext = {
    contracts: opts.contracts ?? ContractCatalogue.load(),
    client,
    province: opts.province,
    serviceNumber: opts.serviceNumber,
    unknownNumber: opts.unknownNumber ?? '19900000000',
    collectProvince: opts.province === '11' ? '31' : '11',
    amountFen: opts.amountFen ?? 1,
    newTransIdH: () => ids.next(),
    now: opts.now ?? Date.now,
    exchanges: [],
    state: {},
  };
  const cases = CASES.filter((c) => !opts.only || opts.only.includes(c.id));
  const startedAt = new Date();
  const started = performance.now();
  const results: CaseResult[] = [];
  try {
    for (const [k, c] of cases.entries()) {
      const result = await runCase(c, ctx, { charset: client.charsetName, maxMs: opts.maxMs ?? timeoutMs });
      results.push(result);
      opts.onProgress?.(result, k, cases.length);
    }
  } finally {
    await client.close();
  }
  const failed = results.filter((r) => !r.ok).length;
  return {
    target: { baseUrl: opts.baseUrl, province: opts.province, serviceNumber: opts.serviceNumber, charset: client.charsetName },
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - started,
    ok: failed === 0,
    passed: results.length - failed,
    failed,
    cases: results,
  };
}

async function runCase(c: CertificationCase, ctx: CaseContext, answerOpts: Parameters<typeof answerRules>[1]): Promise<CaseResult> {
  ctx.exchanges = [];
  const started = performance.now();
  let rules: RuleResult[];
  try {
    rules = await c.run(ctx);
  } catch (error) {
    rules = [{ rule: 'outcome', ok: false, message: `the case could not run: ${(error as Error).message}` }];
  }
  for (const x of ctx.exchanges) rules.push(...answerRules(x, answerOpts));
  const failures = rules.filter((r) => !r.ok);
  return {
    id: c.id,
    title: c.title,
    interfaceNumber: c.interfaceNumber,
    ok: failures.length === 0,
    durationMs: performance.now() - started,
    failures,
    passedChecks: rules.length - failures.length,
    exchanges: ctx.exchanges.map((x) => ({
      interfaceNumber: x.interfaceNumber,
      transIdH: x.requestHead.TransIDH ?? '',
      rspCode: x.head ? String(x.head.RspCode ?? '') : x.fault?.rspCode,
      durationMs: Math.round(x.durationMs * 10) / 10,
      fault: x.fault?.reason ?? x.transportError,
    })),
  };
}
