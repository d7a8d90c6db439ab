/**
 * The test suites of the generated SoapUI project: one per flow a partner runs end to end, each
 * step a golden request (test/fixtures/<number>/<case>.request.xml) sent to the interface it
 * belongs to, asserted on the RspCode its golden response carries and on whether that answer
 * is a SOAP fault. Steps replay in order against one system, as the fixture suite does, so a
 * reversal follows the payment it takes back.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the golden examples are, relative to the compiled module (dist/src/soapui). The image ships them. */
export const DEFAULT_FIXTURES_DIR = resolve(__dirname, '../../../test/fixtures');

export interface FlowStep {
  /** The step's name in SoapUI. */
  name: string;
  interfaceNumber: string;
  /** The golden case under test/fixtures/<number>/. */
  fixture: string;
}

export interface Flow {
  name: string;
  steps: FlowStep[];
}

export const FLOWS: readonly Flow[] = [
  {
    name: 'Remote query',
    steps: [
      { name: '4.2.1 query ok', interfaceNumber: '4.2.1', fixture: 'ok' },
      { name: '4.2.1 not remote', interfaceNumber: '4.2.1', fixture: 'not-remote' },
      { name: '4.2.1 unknown segment', interfaceNumber: '4.2.1', fixture: 'unknown-segment' },
      { name: '4.2.1 invalid number (fault)', interfaceNumber: '4.2.1', fixture: 'invalid-service-number' },
    ],
  },
  { name: 'Remote payment', steps: [{ name: '5.2.1 pay', interfaceNumber: '5.2.1', fixture: 'ok' }] },
  {
    name: 'Duplicate payment',
    steps: [
      { name: '5.2.1 pay', interfaceNumber: '5.2.1', fixture: 'ok' },
      { name: '5.2.1 same TransIDO again (replayed)', interfaceNumber: '5.2.1', fixture: 'ok' },
    ],
  },
  {
    name: 'Payment reversal',
    steps: [
      { name: '5.2.1 pay', interfaceNumber: '5.2.1', fixture: 'ok' },
      { name: '6.2.1 reverse', interfaceNumber: '6.2.1', fixture: 'ok' },
    ],
  },
  { name: 'Reconciliation upload', steps: [{ name: '7.2.1 upload pay detail', interfaceNumber: '7.2.1', fixture: 'ok' }] },
  {
    name: 'Group upload',
    steps: [
      // Every member province's bill, so that the group bill closes and the collection result is taken.
      { name: '9.2.1 upload group bill', interfaceNumber: '9.2.1', fixture: 'ok' },
      { name: '9.2.1 upload group bill, member 11', interfaceNumber: '9.2.1', fixture: 'member-11' },
      { name: '9.2.1 upload group bill, member 31', interfaceNumber: '9.2.1', fixture: 'member-31' },
      { name: '9.2.3 upload collection result', interfaceNumber: '9.2.3', fixture: 'ok' },
      { name: '10.2.1 upload group revenue bill', interfaceNumber: '10.2.1', fixture: 'ok' },
    ],
  },
];

export interface GoldenCase {
  request: string;
  response: string;
  /** The RspCode the golden response carries (in the head, or in a fault's detail). */
  rspCode: string;
  isFault: boolean;
}

/** A golden request/response pair, or undefined when the fixture is not there. */
export function goldenCase(fixturesDir: string, interfaceNumber: string, name: string): GoldenCase | undefined {
  const base = join(fixturesDir, interfaceNumber, name);
  if (!existsSync(`${base}.request.xml`) || !existsSync(`${base}.response.xml`)) return undefined;
  const response = readFileSync(`${base}.response.xml`, 'utf8');
  return {
    request: readFileSync(`${base}.request.xml`, 'utf8'),
    response,
    rspCode: /<(?:[\w-]+:)?RspCode>([^<]*)</.exec(response)?.[1] ?? '',
    isFault: /<(?:[\w-]+:)?Fault[\s>]/.test(response),
  };
}
