/**
 * Matching by body path is namespace-aware without tripping over default namespaces: the
 * same request written with a prefix or with a default namespace matches the same way, and
 * `{uri}local` requires that namespace. A miss names the criterion that failed.
 */
import { expect } from 'chai';
import { parseXml } from '../../src/xml/xml-tree';
import { StoredScenario } from './scenario';
import { bodyValues, matchScenario, MatchInput, stateKeyOf } from './scenario-match';

const NS = 'http://ucrm.chinaunicom.cn/vol10';
const prefixed = `<v:PayReq xmlns:v="${NS}"><v:ServiceNumber>18600000001</v:ServiceNumber><v:Detail><v:Amount>100</v:Amount><v:Amount>250</v:Amount></v:Detail></v:PayReq>`;
const defaulted = `<PayReq xmlns="${NS}"><ServiceNumber>18600000001</ServiceNumber><Detail><Amount>100</Amount><Amount>250</Amount></Detail></PayReq>`;
const unqualified = `<PayReq><ServiceNumber>18600000001</ServiceNumber><Detail><Amount>250</Amount></Detail></PayReq>`;

function input(xml: string, extra: Partial<MatchInput> = {}): MatchInput {
  return {
    interfaceNumber: '5.2.2',
    operation: 'Pay',
    province: '51',
    head: { TransIDO: 'O1', MsgSender: 'UCRM' },
    bodyElement: parseXml(xml),
    serviceNumber: undefined,
    ...extra,
  };
}

function scenario(match: StoredScenario['match']): StoredScenario {
  return { id: 'sc', name: 'n', scope: 's', enabled: true, priority: 0, fallback: false, fired: 0, createdAt: '', match, action: { kind: 'empty' } };
}

describe('mock mode: matching a request', () => {
  it('finds body fields by local name whatever prefix or default namespace the request uses', () => {
    for (const xml of [prefixed, defaulted]) expect(bodyValues(parseXml(xml), ['Detail', 'Amount'])).to.deep.equal(['100', '250']);
    const s = scenario({ body: [{ path: 'Detail/Amount', value: '250' }] });
    expect([prefixed, defaulted, unqualified].map((xml) => matchScenario(s, input(xml)).matched)).to.deep.equal([true, true, true]);
  });

  it('requires the namespace a step names as {uri}local, and takes * for any element', () => {
    const s = scenario({ body: [{ path: `{${NS}}Detail/*`, value: { pattern: '2\\d0' } }] });
    expect([prefixed, defaulted, unqualified].map((xml) => matchScenario(s, input(xml)).matched)).to.deep.equal([true, true, false]);
  });

  it('tests text by equality, prefix, whole-value pattern, list and presence', () => {
    const holds = (serviceNumber: StoredScenario['match']) => matchScenario(scenario(serviceNumber), input(prefixed)).matched;
    expect(holds({ serviceNumber: '18600000001' })).to.equal(true);
    expect(holds({ serviceNumber: { prefix: '186' } })).to.equal(true);
    expect(holds({ serviceNumber: { pattern: '186' } })).to.equal(false); // the whole value, not a part of it
    expect(holds({ serviceNumber: { pattern: '186\\d+' } })).to.equal(true);
    expect(holds({ serviceNumber: { oneOf: ['1', '18600000001'] } })).to.equal(true);
    expect(holds({ header: { MsgSender: 'UCRM', TransIDH: { exists: false } } })).to.equal(true);
    expect(holds({ header: { TestFlag: { exists: true } } })).to.equal(false);
  });

  it('says which criterion failed first, what was there and how many held before it', () => {
    const outcome = matchScenario(scenario({ interface: ['5.2.2', '6.2.2'], province: '51', transIdO: { prefix: 'X' } }), input(prefixed));
    expect(outcome).to.deep.equal({
      matched: false,
      miss: { id: 'sc', name: 'n', failed: 'match.transIdO', expected: 'starts with X', actual: 'O1', matched: 2 },
    });
  });

  it('keys a sequence by the field it names', () => {
    const i = input(prefixed, { serviceNumber: '18600000001' });
    expect(stateKeyOf('transIdO', i)).to.equal('O1');
    expect(stateKeyOf('serviceNumber', i)).to.equal('18600000001');
    expect(stateKeyOf({ body: 'Detail/Amount' }, i)).to.equal('100|250');
    expect(stateKeyOf({ header: 'MsgSender' }, i)).to.equal('UCRM');
    expect(stateKeyOf(undefined, i)).to.equal('');
  });
});
