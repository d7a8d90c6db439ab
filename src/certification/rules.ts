/**
 * The rules every answer of a partner's province is held to, whatever the call: it is a
 * message of the contract, its head answers the request HQ sent (TransIDH echoed, ActionCode
 * 1, the flow ids kept), its code is one of the catalogue's with the RspType the catalogue
 * gives it, it comes back in the charset it was asked in, and in time.
 */
import { isRspCode, rspTypeOf } from '../contract/rsp-codes';
import { ExchangeOutcome } from './province-exchange';

/** One rule's verdict on one case. */
export interface RuleResult {
  rule: RuleId;
  ok: boolean;
  message: string;
}

export const RULES = {
  answered: 'the province answers (no refused connection, timeout or cut)',
  schema: 'the answer is a message of the H→P contract (head and body valid against the WSDL schema)',
  'header.transidh': 'the answer carries the TransIDH HQ sent',
  'header.actioncode': 'the answer head has ActionCode 1',
  'header.echo': 'the answer keeps the flow ids (ProcID, TransIDO) and swaps the domains',
  'header.rspcode': 'RspCode is one of the catalogue and RspType matches it',
  charset: 'the answer comes back in the charset of the request',
  timing: 'the answer arrives within the time HQ waits',
  outcome: 'the business outcome is the one the contract requires',
  idempotency: 'the same TransIDH twice applies once and answers the same',
} as const;

export type RuleId = keyof typeof RULES;

export interface AnswerRuleOptions {
  /** The charset the request was sent in (and the answer must come back in). */
  charset: string;
  maxMs: number;
}

/** The rules every answer is checked against; a fault is held to the schema of its detail only. */
export function answerRules(x: ExchangeOutcome, opts: AnswerRuleOptions): RuleResult[] {
  const what = `${x.interfaceNumber} ${x.operation}`;
  if (x.transportError) return [fail('answered', `${what}: ${x.transportError}`)];
  const results: RuleResult[] = [pass('answered', `${what}: HTTP ${x.status}`)];
  results.push(x.schemaError ? fail('schema', `${what}: ${x.schemaError}`) : pass('schema', `${what}: valid`));
  results.push(charsetRule(x, opts.charset));
  results.push(
    x.durationMs <= opts.maxMs
      ? pass('timing', `${what}: ${Math.round(x.durationMs)} ms`)
      : fail('timing', `${what}: ${Math.round(x.durationMs)} ms, more than ${opts.maxMs} ms`),
  );
  if (x.head) results.push(...headRules(x, what));
  return results;
}

function headRules(x: ExchangeOutcome, what: string): RuleResult[] {
  const head = x.head!;
  const sent = x.requestHead;
  const results: RuleResult[] = [];
  results.push(
    head.TransIDH === sent.TransIDH
      ? pass('header.transidh', `${what}: ${sent.TransIDH}`)
      : fail('header.transidh', `${what}: sent ${sent.TransIDH}, answered ${String(head.TransIDH ?? '(none)')}`),
  );
  results.push(head.ActionCode === '1' ? pass('header.actioncode', `${what}: 1`) : fail('header.actioncode', `${what}: ActionCode ${String(head.ActionCode)}`));
  const echoed = head.ProcID === sent.ProcID && head.TransIDO === sent.TransIDO && head.OrigDomain === sent.HomeDomain && head.HomeDomain === sent.OrigDomain;
  results.push(
    echoed
      ? pass('header.echo', `${what}: kept`)
      : fail('header.echo', `${what}: ProcID ${String(head.ProcID)}, TransIDO ${String(head.TransIDO)}, ${String(head.OrigDomain)}→${String(head.HomeDomain)}`),
  );
  const code = String(head.RspCode ?? '');
  if (!isRspCode(code)) results.push(fail('header.rspcode', `${what}: RspCode ${code || '(none)'} is not in the catalogue`));
  else if (head.RspType !== rspTypeOf(code))
    results.push(fail('header.rspcode', `${what}: RspCode ${code} has RspType ${rspTypeOf(code)}, answered ${String(head.RspType)}`));
  else results.push(pass('header.rspcode', `${what}: ${code}`));
  return results;
}

function charsetRule(x: ExchangeOutcome, asked: string): RuleResult {
  const answered = x.answerCharset ?? declared(x.responseXml) ?? 'UTF-8';
  const same = answered.toUpperCase() === asked.toUpperCase();
  return same ? pass('charset', `${x.interfaceNumber}: ${answered}`) : fail('charset', `${x.interfaceNumber}: asked in ${asked}, answered in ${answered}`);
}

function declared(xml: string | undefined): string | undefined {
  return /^<\?xml[^>]*encoding=["']([^"']+)["']/.exec(xml ?? '')?.[1];
}

export function pass(rule: RuleId, message: string): RuleResult {
  return { rule, ok: true, message };
}

export function fail(rule: RuleId, message: string): RuleResult {
  return { rule, ok: false, message };
}

/** The answer's code: the head's, or a fault's detail's. */
export function codeOf(x: ExchangeOutcome): string | undefined {
  return x.head ? String(x.head.RspCode ?? '') : x.fault?.rspCode;
}

/** An outcome rule: the code the contract requires for this call. */
export function expectCode(x: ExchangeOutcome, expected: string, why: string): RuleResult {
  const got = codeOf(x);
  if (x.fault) return fail('outcome', `${why}: expected ${expected}, got a SOAP fault (${x.fault.rspCode ?? 'no code'}: ${x.fault.reason})`);
  return got === expected ? pass('outcome', `${why}: ${expected}`) : fail('outcome', `${why}: expected ${expected}, got ${got ?? 'no answer'}`);
}
