/**
 * Fuzzing the running gateway: thousands of seeded random mutations of the golden P→H
 * requests (test/fixtures/<number>/ok.request.xml), a few at a time. Every one must get an
 * HTTP answer in bounded time; every non-2xx SOAP answer must be a well-formed Fault with a
 * RspCode; nothing may end as an unexpected internal error; and a normal query must work
 * afterwards.
 *
 * FUZZ_SEED reproduces a run (the seed is printed), FUZZ_COUNT changes its size.
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HttpServer } from '../../src/transport/http-server';
import { RunningSystem, startSystem } from '../support/system';
import { FuzzRequest, mutate, randomSource } from './fuzz-mutations';
import { expectStillServing, FIXTURES, fixture, post, readFault, SOAP11_CT } from './hostile-input-support';
import iconv from 'iconv-lite';
import { contentTypeCharset } from '../../src/wire/charset';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const COUNT = Number(process.env.FUZZ_COUNT ?? 3000);
const CONCURRENCY = 8;
const ANSWER_WITHIN_MS = 10_000;
const BUDGET_MS = 120_000; // the whole run; the usual is well under a tenth of it

/** The P→H interfaces with a golden request, and the SOAPAction each takes. */
const TARGETS = ['4.2.1', '5.2.1', '6.2.1', '7.2.1', '9.2.1', '9.2.3', '10.2.1']
  .filter((n) => existsSync(join(FIXTURES, n, 'ok.request.xml')))
  .map((number) => {
    const xml = fixture(number);
    const operation = /<soapenv:Body>\s*<tns:(\w+)Req>/.exec(xml)![1];
    return { number, xml, soapAction: `"http://ucrm.chinaunicom.cn/vol10/${operation}"` };
  });

interface Outcome {
  index: number;
  target: string;
  applied: string[];
  status?: number;
  rspCode?: string;
  problem?: string;
  sent: string;
}

describe('hardening: fuzzing the gateway with mutated golden requests', function () {
  this.timeout(BUDGET_MS + 30_000);
  let system: RunningSystem;
  let server: HttpServer;
  let url: string;

  before(async () => {
    system = await startSystem({ env: { PROVINCE_TIMEOUT_MS: '2000' } });
    server = new HttpServer(system.gateway.app, {
      headersTimeoutMs: 5000,
      requestTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5000,
      observe: system.gateway.observe,
    });
    await server.listen(0, '127.0.0.1');
    url = server.url;
  });
  after(async () => {
    await server.drain(0);
    await system.close();
  });

  /** Case `index` of the run: its own random source, so it can be replayed alone. */
  function caseOf(index: number): { target: (typeof TARGETS)[number]; request: FuzzRequest; applied: string[] } {
    const r = randomSource(SEED + index * 7919);
    const target = r.pick(TARGETS);
    const original: FuzzRequest = { xml: target.xml, headers: { 'content-type': SOAP11_CT, soapaction: target.soapAction } };
    return { target, ...mutate(original, r) };
  }

  async function run(index: number): Promise<Outcome> {
    const { target, request, applied } = caseOf(index);
    const body = request.bytes ?? Buffer.from(request.xml, 'utf8');
    const outcome: Outcome = { index, target: target.number, applied, sent: body.subarray(0, 300).toString('latin1') };
    try {
      const answer = await post(url, `/ucrm/${target.number}`, body, request.headers, ANSWER_WITHIN_MS);
      outcome.status = answer.status;
      outcome.rspCode = /<(?:\w+:)?RspCode>([^<]*)</.exec(answer.body)?.[1];
      if (answer.status >= 300 && /xml/.test(String(answer.headers['content-type']))) {
        // A fault comes back in the request's charset: read it in the one its Content-Type names.
        const charset = contentTypeCharset(String(answer.headers['content-type'])) ?? 'utf-8';
        const fault = readFault(iconv.decode(answer.bytes, charset));
        if (!/^\d{4}$/.test(fault.rspCode ?? '')) outcome.problem = `fault without a RspCode: ${answer.body.slice(0, 300)}`;
      } else if (answer.status >= 300 && answer.status !== 404) {
        outcome.problem = `HTTP ${answer.status} without a SOAP fault: ${answer.body.slice(0, 300)}`;
      }
    } catch (error) {
      outcome.problem = `no answer: ${(error as Error).message}`;
    }
    return outcome;
  }

  it(`answers every one of ${COUNT} mutated requests with a proper answer or fault, and stays up`, async () => {
    console.log(`      fuzz seed ${SEED} (reproduce: FUZZ_SEED=${SEED} npm test), ${COUNT} cases over ${TARGETS.map((t) => t.number).join(', ')}`);
    const started = Date.now();
    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < COUNT && Date.now() - started < BUDGET_MS) outcomes.push(await run(next++));
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const problems = outcomes.filter((o) => o.problem);
    const internal = system.records.filter((r) => r.internalError);
    console.log(
      `      ${outcomes.length} sent in ${Date.now() - started} ms; answers (HTTP/RspCode): ${summary(outcomes.map((o) => (o.problem ? 'PROBLEM' : `${o.status}/${o.rspCode ?? '-'}`)))}`,
    );
    console.log(
      `      journaled faults: ${summary(system.records.filter((r) => r.direction === 'inbound').map((r) => `${r.fault?.name ?? 'none'}/${r.rspCode}`))}`,
    );
    for (const r of system.records.filter((x) => x.direction === 'outbound' && x.fault).slice(0, 5))
      console.log(`      province call ${r.interfaceNumber} to ${r.province} failed: ${r.fault!.reason.slice(0, 300)}`);
    for (const o of problems.slice(0, 5))
      console.log(`      case ${o.index} (${o.target}: ${o.applied.join(' + ')}): ${o.problem}\n        sent: ${JSON.stringify(o.sent)}`);
    for (const r of internal.slice(0, 5)) console.log(`      internal error on ${r.interfaceNumber}: ${r.internalError?.split('\n').slice(0, 4).join(' | ')}`);

    expect(outcomes.length, 'cases run within the time budget').to.equal(COUNT);
    expect(problems.map((o) => `case ${o.index}: ${o.problem}`)).to.deep.equal([]);
    expect(internal.map((r) => r.internalError?.split('\n')[0])).to.deep.equal([]);
    await expectStillServing(url);
  });

  it('answers the unmutated golden requests as before (the fuzzer starts from valid input)', async () => {
    for (const target of TARGETS) {
      const answer = await post(url, `/ucrm/${target.number}`, target.xml, { 'content-type': SOAP11_CT, soapaction: target.soapAction });
      if (answer.status !== 200) {
        // Interfaces whose family is not implemented yet answer a Server fault that says so.
        expect(readFault(answer.body).reason, `${target.number}: ${answer.body.slice(0, 300)}`).to.match(/not implemented/);
      }
    }
  });
});

/** "a×3 b×1", most frequent first. */
function summary(keys: string[]): string {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k}×${n}`)
    .join(' ');
}
