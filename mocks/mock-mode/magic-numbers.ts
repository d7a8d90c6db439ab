/**
 * Magic test numbers: a service number whose last four digits are 99NN picks its outcome
 * with no API call, so a plain SoapUI suite can drive every error path (docs/MOCK-MODE.md has
 * the table). They are scenarios like any other, built in, considered in every scope after
 * the scope's own (fallbacks included), so a suite's scenario can still override one.
 */
import { Scenario, ScenarioAction, StoredScenario } from './scenario';

/** The last four digits → what the province does; the number is 11 digits, any prefix of the province's segments. */
export const MAGIC_OUTCOMES: ReadonlyArray<[string, string, ScenarioAction]> = [
  [
    '9901',
    'a SOAP fault (Server, HTTP 500, RspCode 9999)',
    { kind: 'fault', faultCode: 'Server', faultString: 'billing system failure (magic number)', rspCode: '9999' },
  ],
  [
    '9902',
    'a SOAP fault (Client, HTTP 500, RspCode 9001)',
    { kind: 'fault', faultCode: 'Client', faultString: 'request refused (magic number)', rspCode: '9001' },
  ],
  ['9903', 'no answer until the caller gives up (nothing applied)', { kind: 'timeout' }],
  ['9904', 'the connection reset (nothing applied)', { kind: 'reset' }],
  ['9905', 'HTTP 200 with an empty body', { kind: 'empty' }],
  ['9906', 'a malformed (cut) answer', { kind: 'malformed' }],
  ['9907', 'an answer outside the schema (RspCode not four digits)', { kind: 'schemaInvalid' }],
  ['9908', 'an answer in UTF-8 labelled GBK', { kind: 'wrongCharset', declared: 'GBK' }],
  ['9909', 'applied, then no answer until the caller gives up (a lost answer)', { kind: 'timeout', apply: true }],
  ...[1, 2, 3, 5, 8].map((s): [string, string, ScenarioAction] => [
    `991${s}`,
    `the normal answer after ${s} s`,
    { kind: 'passThrough', delay: { fixedMs: s * 1000 } },
  ]),
  ['9920', 'RspCode 0000 with a body built from the schema', { kind: 'rspCode', rspCode: '0000' }],
  ['9921', 'RspCode 1002 (user not found)', { kind: 'rspCode', rspCode: '1002' }],
  ['9922', 'RspCode 1003 (bill cycle not available)', { kind: 'rspCode', rspCode: '1003' }],
  ['9923', 'RspCode 2002 (invalid amount)', { kind: 'rspCode', rspCode: '2002' }],
  ['9924', 'RspCode 2003 (original payment not found)', { kind: 'rspCode', rspCode: '2003' }],
  ['9925', 'RspCode 2004 (already reversed)', { kind: 'rspCode', rspCode: '2004' }],
  ['9926', 'RspCode 2005 (reversal not allowed)', { kind: 'rspCode', rspCode: '2005' }],
  ['9929', 'RspCode 9999 (internal error) as a business answer', { kind: 'rspCode', rspCode: '9999' }],
];

function magicScenario([digits, what, action]: (typeof MAGIC_OUTCOMES)[number]): StoredScenario {
  const scenario: Scenario = { name: `magic number …${digits}: ${what}`, match: { serviceNumber: { pattern: `\\d{7}${digits}` } }, action };
  return { ...scenario, id: `magic-${digits}`, scope: '*', enabled: true, priority: 0, fallback: true, fired: 0, createdAt: new Date(0).toISOString() };
}

export const MAGIC_SCENARIOS: readonly StoredScenario[] = MAGIC_OUTCOMES.map(magicScenario);
