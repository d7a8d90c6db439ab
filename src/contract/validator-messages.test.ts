/**
 * The rule texts of schema violations. The gateway's SOAP fault names the element by its path
 * and the rule it broke (soap-stages.ts), so each rule must name the fact a sender needs: the
 * element expected and found, the attribute, the enumeration values, the pattern, the bound.
 */
import { expect } from 'chai';
import { parseXml } from '../xml/xml-tree';
import { ElementDecl, SimpleType, XSI_NS } from './schema-model';
import { SchemaViolation, validateElement, validateRecord } from './validator';
import { NS, query, req, violation } from './validator-test-support';

const VALID = '<v:ServiceNumber>13051000001</v:ServiceNumber><v:CollectProvince>36</v:CollectProvince>';
const simple = (type: Omit<SimpleType, 'kind'>): ElementDecl => ({ name: 'V', ns: NS, minOccurs: 1, maxOccurs: 1, type: { kind: 'simple', ...type } });
const v = (text: string) => parseXml(`<v:V xmlns:v="${NS}">${text}</v:V>`);

describe('validator: what a schema violation says', () => {
  it('a violation is a SchemaViolation whose message is its path and its rule', () => {
    const made = new SchemaViolation('/A', 'some rule');
    expect([made.name, made.message]).to.deep.equal(['SchemaViolation', '/A: some rule']);
    expect(String(violation(() => validateElement(req(''), query.request)))).to.match(/^SchemaViolation: \/QueryRemoteAccountReq\/ServiceNumber: /);
  });

  it('a root element of another name or namespace is refused naming the element expected and the one found', () => {
    const noNs = violation(() => validateElement(parseXml(`<QueryRemoteAccountReq/>`), query.request));
    expect(noNs.path).to.equal('/QueryRemoteAccountReq');
    expect(noNs.rule).to.contain(`expected element {${NS}}QueryRemoteAccountReq`).and.to.contain('found {}QueryRemoteAccountReq');
    const other = violation(() => validateElement(parseXml(`<v:QueryRemoteAccountRsp xmlns:v="${NS}"/>`), query.request));
    expect(other.rule).to.contain(`found {${NS}}QueryRemoteAccountRsp`);
  });

  it('text among the child elements of a complex element is refused as text', () => {
    const text = violation(() => validateElement(req(`stray${VALID}`), query.request));
    expect([text.path, text.rule]).to.deep.equal(['/QueryRemoteAccountReq', 'text is not allowed here, only child elements']);
  });

  it('child elements inside a simple value are refused as child elements', () => {
    const nested = violation(() => validateElement(req('<v:ServiceNumber><v:X/></v:ServiceNumber><v:CollectProvince>36</v:CollectProvince>'), query.request));
    expect(nested.path).to.equal('/QueryRemoteAccountReq/ServiceNumber');
    expect(nested.rule).to.contain('child elements are not allowed');
  });

  it('a required element missing at the end of its parent says the end was found', () => {
    const missing = violation(() => validateElement(req('<v:ServiceNumber>13051000001</v:ServiceNumber>'), query.request));
    expect(missing.rule).to.contain('missing').and.to.contain('found the end of the element');
  });

  it('a value outside an enumeration is refused naming the value, the allowed values and the type', () => {
    const v99 = violation(() => validateElement(req('<v:ServiceNumber>13051000001</v:ServiceNumber><v:CollectProvince>99</v:CollectProvince>'), query.request));
    expect(v99.rule).to.contain('"99"').and.to.contain('11, 13, 18, 19').and.to.contain('(ProvinceCodeType)');
  });

  it('a value not matching the pattern is refused naming the value, the XSD pattern and the type', () => {
    const short = violation(() => validateElement(req('<v:ServiceNumber>1305</v:ServiceNumber><v:CollectProvince>36</v:CollectProvince>'), query.request));
    expect(short.rule).to.contain('"1305"').and.to.contain('1[3-9][0-9]{9}|0[1-9][0-9]{1,2}[2-9][0-9]{6,7}').and.to.contain('(ServiceNumberType)');
  });

  it('a value above maxLength is refused naming its length and the maximum', () => {
    const rsp = query.response;
    const name = '张'.repeat(65);
    const info = parseXml(
      `<v:QueryRemoteAccountRsp xmlns:v="${NS}"><v:AccountInfo><v:CustName>${name}</v:CustName><v:AccountId>A1</v:AccountId><v:Balance>0</v:Balance><v:Arrears>0</v:Arrears><v:CurrentCharges>0</v:CurrentCharges><v:CreditLimit>0</v:CreditLimit><v:UserStatus>0</v:UserStatus></v:AccountInfo></v:QueryRemoteAccountRsp>`,
    );
    const long = violation(() => validateElement(info, rsp));
    expect(long.path).to.equal('/QueryRemoteAccountRsp/AccountInfo/CustName');
    expect(long.rule).to.contain('65').and.to.contain('maximum 64');
  });

  it('a refused value is quoted whole up to 40 characters and clipped with an ellipsis beyond', () => {
    const decl = simple({ name: 'Code', builtin: 'string', facets: { enumeration: new Set(['A']) } });
    const forty = 'x'.repeat(39) + 'y';
    expect(violation(() => validateElement(v(forty), decl)).rule).to.contain(`"${forty}"`);
    const clipped = violation(() => validateElement(v(`${forty}z`), decl)).rule;
    expect(clipped).to.contain(`"${forty}…"`).and.not.to.contain('z');
  });

  it('validateRecord refuses a declaration of simple type, naming it, instead of returning a plain value', () => {
    const decl = simple({ name: 'Code', builtin: 'string', facets: {} });
    expect(() => validateRecord(v('A'), decl)).to.throw(Error, 'V is not declared with a complex type');
    expect(validateRecord(req(VALID), query.request)).to.deep.equal({ ServiceNumber: '13051000001', CollectProvince: '36' });
  });

  it('an error that is not a schema violation (a broken declaration) passes through as it is, not as the sender fault', () => {
    // A pattern whose test throws stands for any fault of the code rather than of the message.
    const broken = new RangeError('declaration bug');
    const throwing = {
      test: () => {
        throw broken;
      },
    } as unknown as RegExp;
    const decl = simple({ name: 'Code', builtin: 'string', facets: { patterns: [throwing], patternSources: ['x'] } });
    expect(() => validateElement(v('A'), decl)).to.throw(broken);
  });
});

describe('validator: sequences with optional elements', () => {
  const element = (name: string, minOccurs: number): ElementDecl => ({ ...simple({ name: 'Text', builtin: 'string', facets: {} }), name, minOccurs });
  const record: ElementDecl = {
    name: 'R',
    ns: NS,
    minOccurs: 1,
    maxOccurs: 1,
    type: { kind: 'complex', name: 'TestRecord', sequence: [element('A', 1), element('B', 0), element('C', 1)] },
  };
  const r = (inner: string) => parseXml(`<v:R xmlns:v="${NS}">${inner}</v:R>`);

  it('an optional element left out is skipped by name: the element after it is read as itself', () => {
    expect(validateRecord(r('<v:A>a</v:A><v:C>c</v:C>'), record)).to.deep.equal({ A: 'a', C: 'c' });
    expect(validateRecord(r('<v:A>a</v:A><v:B>b</v:B><v:C>c</v:C>'), record)).to.deep.equal({ A: 'a', B: 'b', C: 'c' });
  });

  it('elements out of order are refused at the first one that is not allowed where it stands', () => {
    expect(violation(() => validateRecord(r('<v:A>a</v:A><v:C>c</v:C><v:B>b</v:B>'), record)).message).to.equal(
      '/R/B: element is not allowed here (unknown, out of order, or repeated)',
    );
  });
});

describe('validator: attributes', () => {
  const XSI = `xmlns:xsi="${XSI_NS}"`;

  it('xsi:type and xsi:nil from legacy toolkits are accepted and carry nothing into the value, whatever the prefix bound to XSI', () => {
    const expected = { ServiceNumber: '13051000001', CollectProvince: '36' };
    expect(validateElement(req(VALID, ` ${XSI} xsi:type="v:QueryRemoteAccountReq"`), query.request)).to.deep.equal(expected);
    const nil = `<v:ServiceNumber>13051000001</v:ServiceNumber><v:CollectProvince i:nil="false" xmlns:i="${XSI_NS}">36</v:CollectProvince>`;
    expect(validateElement(req(nil), query.request)).to.deep.equal(expected);
  });

  it('an attribute without prefix is refused naming it', () => {
    const plain = violation(() => validateElement(req(VALID, ' nil="true"'), query.request));
    expect([plain.path, plain.rule]).to.deep.equal(['/QueryRemoteAccountReq', 'attribute "nil" is not allowed']);
    // An unprefixed name that starts with the XSI prefix is still no XSI attribute.
    expect(violation(() => validateElement(req(VALID, ` ${XSI} xsix="1"`), query.request)).rule).to.contain('"xsix"');
  });

  it('an attribute whose prefix is bound to another namespace is refused naming it, even when the prefix is xsi', () => {
    const other = violation(() => validateElement(req(VALID, ` xmlns:o="urn:other" o:nil="true"`), query.request));
    expect(other.rule).to.equal('attribute "o:nil" is not allowed');
    const fakeXsi = violation(() => validateElement(req(VALID, ` xmlns:xsi="urn:not-xsi" xsi:nil="true"`), query.request));
    expect(fakeXsi.rule).to.contain('"xsi:nil"');
    const nested = violation(() => validateElement(req(`<v:ServiceNumber v:kind="m">13051000001</v:ServiceNumber>`), query.request));
    expect([nested.path, nested.rule]).to.deep.equal(['/QueryRemoteAccountReq/ServiceNumber', 'attribute "v:kind" is not allowed']);
  });
});
