/**
 * The golden 8.2.1 requests are statements HQ would send: each accepted case under
 * test/fixtures/8.2.1, read with the contract, is what statementsOf makes of the pairs it
 * describes (so the goldens and the rules cannot drift apart).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateRecord } from '../../contract/validator';
import { ProvinceCode } from '../../domain/provinces';
import { openEnvelope } from '../../transport/soap-envelope';
import { parseXml } from '../../xml/xml-tree';
import { contractsAndSegments } from '../../../test/support/system';
import { PairTotal, statementsOf } from './statements';

const FIXTURES = resolve(__dirname, '../../../../test/fixtures/8.2.1');

function goldenBody(name: string) {
  const operation = contractsAndSegments().contracts.get('8.2.1').operations.get('DeliverSettlement')!;
  return validateRecord(openEnvelope(parseXml(readFileSync(resolve(FIXTURES, `${name}.request.xml`), 'utf8'))).body, operation.request);
}

const pair = (collectProvince: ProvinceCode, homeProvince: ProvinceCode, count: number, amount: number): PairTotal => ({
  collectProvince,
  homeProvince,
  count,
  amount,
});

describe('golden 8.2.1 statements are what the rules make', () => {
  const cases: Array<[string, ProvinceCode, PairTotal[]]> = [
    ['ok', '51', [pair('51', '11', 2, 8000), pair('11', '51', 10, 150000), pair('51', '31', 5, 30000), pair('31', '51', 3, 12000)]],
    ['one-direction', '36', [pair('36', '11', 1, 50)]],
    ['no-activity', '97', [pair('36', '11', 1, 50)]],
  ];
  for (const [name, province, pairs] of cases) {
    it(`${name}: province ${province}`, () => {
      const made = statementsOf('202510', 10, pairs, [province]).find((s) => s.Province === province)!;
      const golden = goldenBody(name);
      // The contract reads an absent repeated element as absent; HQ's statement holds an empty list.
      expect({ ...made, Counterpart: made.Counterpart.length ? made.Counterpart : undefined }).to.deep.equal({ Counterpart: undefined, ...golden });
    });
  }
});
