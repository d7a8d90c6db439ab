import { expect } from 'chai';
import { parseXml } from '../xml/xml-tree';
import { ElementDecl } from './schema-model';
import { SchemaViolation, validateElement } from './validator';
import { contracts, NS, query, req, violation } from './validator-test-support';

const payDetail = contracts.get('7.2.1').operations.get('UploadPayDetail')!;

describe('validator: compiled XSD checks and value extraction', () => {
  it('turns a valid element into values, leaving optional elements out', () => {
    const value = validateElement(req('<v:ServiceNumber>13051000001</v:ServiceNumber><v:CollectProvince>36</v:CollectProvince>'), query.request);
    expect(value).to.deep.equal({ ServiceNumber: '13051000001', CollectProvince: '36' });
  });

  it('names the path and the rule of a pattern violation', () => {
    const v = violation(() => validateElement(req('<v:ServiceNumber>1305</v:ServiceNumber><v:CollectProvince>36</v:CollectProvince>'), query.request));
    expect(v.path).to.equal('/QueryRemoteAccountReq/ServiceNumber');
    expect(v.rule).to.contain('pattern');
    expect(v.message).to.equal(`/QueryRemoteAccountReq/ServiceNumber: ${v.rule}`);
  });

  it('refuses a value outside an enumeration', () => {
    const v = violation(() => validateElement(req('<v:ServiceNumber>13051000001</v:ServiceNumber><v:CollectProvince>99</v:CollectProvince>'), query.request));
    expect(v.path).to.equal('/QueryRemoteAccountReq/CollectProvince');
    expect(v.rule).to.contain('not one of');
  });

  it('refuses a missing required element, an unknown one, and elements out of order', () => {
    const missing = violation(() => validateElement(req('<v:ServiceNumber>13051000001</v:ServiceNumber>'), query.request));
    expect(missing.rule).to.contain('missing');
    expect(missing.path).to.equal('/QueryRemoteAccountReq/CollectProvince');
    expect(
      violation(() => validateElement(req('<v:ServiceNumber>13051000001</v:ServiceNumber><v:CollectProvince>36</v:CollectProvince><v:Extra/>'), query.request))
        .path,
    ).to.contain('Extra');
    expect(() => validateElement(req('<v:CollectProvince>36</v:CollectProvince><v:ServiceNumber>13051000001</v:ServiceNumber>'), query.request)).to.throw(
      SchemaViolation,
    );
  });

  it('refuses elements in another namespace and stray attributes', () => {
    expect(() =>
      validateElement(
        parseXml('<QueryRemoteAccountReq><ServiceNumber>13051000001</ServiceNumber><CollectProvince>36</CollectProvince></QueryRemoteAccountReq>'),
        query.request,
      ),
    ).to.throw(SchemaViolation);
    expect(() =>
      validateElement(req('<v:ServiceNumber foo="1">13051000001</v:ServiceNumber><v:CollectProvince>36</v:CollectProvince>'), query.request),
    ).to.throw(SchemaViolation);
  });

  const batch = (records: string, total = '5000', count = '1') =>
    parseXml(
      `<v:UploadPayDetailReq xmlns:v="${NS}"><v:CheckDate>20261120</v:CheckDate><v:CollectProvince>11</v:CollectProvince><v:BatchNo>1</v:BatchNo><v:BatchCount>1</v:BatchCount><v:RecordCount>${count}</v:RecordCount><v:TotalAmount>${total}</v:TotalAmount>${records}</v:UploadPayDetailReq>`,
    );
  const record = (amount = '5000') =>
    `<v:PayRecord><v:TransIDO>O1</v:TransIDO><v:ServiceNumber>13051000001</v:ServiceNumber><v:HomeProvince>51</v:HomeProvince><v:CollectProvince>11</v:CollectProvince><v:RecordType>PAY</v:RecordType><v:Amount>${amount}</v:Amount><v:TradeTime>20261120103000</v:TradeTime></v:PayRecord>`;

  it('reads xs:long money as integers and repeatable elements as arrays', () => {
    const value = validateElement(batch(record() + record()), payDetail.request) as Record<string, unknown>;
    expect(value.TotalAmount).to.equal(5000);
    expect(value.PayRecord).to.be.an('array').with.length(2);
    expect((value.PayRecord as Array<Record<string, unknown>>)[0].Amount).to.equal(5000);
  });

  it('refuses money that is not an integer or beyond the exact range, never rounding it', () => {
    expect(violation(() => validateElement(batch(record('50.5')), payDetail.request)).rule).to.contain('not an integer');
    expect(violation(() => validateElement(batch(record(), '9007199254740993'), payDetail.request)).rule).to.contain('out of range');
  });

  it('counts characters, not bytes or UTF-16 units, for length facets', () => {
    const rsp = contracts.get('4.2.1').operations.get('QueryRemoteAccount')!.response;
    const info = (name: string) =>
      parseXml(
        `<v:QueryRemoteAccountRsp xmlns:v="${NS}"><v:AccountInfo><v:CustName>${name}</v:CustName><v:AccountId>A1</v:AccountId><v:Balance>0</v:Balance><v:Arrears>0</v:Arrears><v:CurrentCharges>0</v:CurrentCharges><v:CreditLimit>0</v:CreditLimit><v:UserStatus>0</v:UserStatus></v:AccountInfo></v:QueryRemoteAccountRsp>`,
      );
    expect(() => validateElement(info('张'.repeat(64)), rsp)).not.to.throw();
    expect(() => validateElement(info('𠀋'.repeat(64)), rsp)).not.to.throw(); // 64 characters, 128 UTF-16 units
    expect(() => validateElement(info('张'.repeat(65)), rsp)).to.throw(SchemaViolation);
  });

  // The facets the contract's money and ids depend on, each at its edge (rule 7, docs/TESTING.md).
  it('refuses a single-occurrence element sent twice (maxOccurs 1), however valid each copy is', () => {
    const valid = '<v:ServiceNumber>13051000001</v:ServiceNumber><v:CollectProvince>36</v:CollectProvince>';
    const last = violation(() => validateElement(req(`${valid}<v:CollectProvince>36</v:CollectProvince>`), query.request));
    expect([last.path, last.rule]).to.deep.equal([
      '/QueryRemoteAccountReq/CollectProvince',
      'element is not allowed here (unknown, out of order, or repeated)',
    ]);
    const first = violation(() => validateElement(req(`<v:ServiceNumber>13051000001</v:ServiceNumber>${valid}`), query.request));
    expect([first.path, first.rule]).to.deep.equal(['/QueryRemoteAccountReq/CollectProvince', 'required element is missing (found ServiceNumber)']);
    const trade = '<v:TradeTime>20261120103000</v:TradeTime>';
    const tradeTwice = violation(() => validateElement(batch(record().replace(trade, trade + trade)), payDetail.request));
    expect(tradeTwice.path).to.equal('/UploadPayDetailReq/PayRecord/TradeTime');
  });

  it('refuses a value below minInclusive and accepts the bound itself (a count of 0, a batch number of 1)', () => {
    const upload = (batchNo: string, recordCount: string) =>
      parseXml(
        `<v:UploadPayDetailReq xmlns:v="${NS}"><v:CheckDate>20261120</v:CheckDate><v:CollectProvince>11</v:CollectProvince><v:BatchNo>${batchNo}</v:BatchNo><v:BatchCount>1</v:BatchCount><v:RecordCount>${recordCount}</v:RecordCount><v:TotalAmount>0</v:TotalAmount></v:UploadPayDetailReq>`,
      );
    expect(validateElement(upload('1', '0'), payDetail.request)).to.include({ BatchNo: 1, RecordCount: 0 });
    const count = violation(() => validateElement(upload('1', '-1'), payDetail.request));
    expect([count.path, count.rule]).to.deep.equal(['/UploadPayDetailReq/RecordCount', '-1 is less than 0']);
    const batchNo = violation(() => validateElement(upload('0', '0'), payDetail.request));
    expect([batchNo.path, batchNo.rule]).to.deep.equal(['/UploadPayDetailReq/BatchNo', '0 is less than 1']);
    expect(violation(() => validateElement(upload('10000', '0'), payDetail.request)).rule).to.equal('10000 is greater than 9999');
    expect(validateElement(upload('9999', '0'), payDetail.request)).to.include({ BatchNo: 9999 });
  });

  it('refuses a value shorter than minLength and accepts one of exactly that length', () => {
    const head = contracts.get('4.2.1').operations.get('QueryRemoteAccount')!.header;
    const decl = head.type.kind === 'complex' ? head.type.sequence.find((e) => e.name === 'RouteValue')! : undefined;
    const routeValue = (text: string) => parseXml(`<v:RouteValue xmlns:v="${NS}">${text}</v:RouteValue>`);
    expect(validateElement(routeValue('36'), decl!)).to.equal('36');
    expect(violation(() => validateElement(routeValue('3'), decl!)).rule).to.equal('length 1 is below the minimum 2');
  });

  describe('integer ranges of the built-in types, at each end', () => {
    const declOf = (builtin: 'int' | 'short' | 'nonNegativeInteger' | 'positiveInteger' | 'long' | 'integer'): ElementDecl => ({
      name: 'N',
      ns: NS,
      minOccurs: 1,
      maxOccurs: 1,
      type: { kind: 'simple', name: builtin, builtin, facets: {} },
    });
    const n = (text: string) => parseXml(`<v:N xmlns:v="${NS}">${text}</v:N>`);
    const cases: Array<[Parameters<typeof declOf>[0], string, string, string, string]> = [
      ['int', '-2147483648', '2147483647', '-2147483649', '2147483648'],
      ['short', '-32768', '32767', '-32769', '32768'],
      ['nonNegativeInteger', '0', '9007199254740991', '-1', '9007199254740992'],
      ['positiveInteger', '1', '9007199254740991', '0', '9007199254740992'],
      ['long', '-9007199254740991', '9007199254740991', '-9007199254740992', '9007199254740992'],
      // xs:integer is unbounded in XSD; here it is read as a number, so beyond 2^53 it is refused, never rounded.
      ['integer', '-9007199254740991', '9007199254740991', '-9007199254740992', '9007199254740992'],
    ];
    for (const [builtin, low, high, below, above] of cases) {
      it(`xs:${builtin} accepts ${low} and ${high}, refuses ${below} and ${above}`, () => {
        expect(validateElement(n(low), declOf(builtin))).to.equal(Number(low));
        expect(validateElement(n(high), declOf(builtin))).to.equal(Number(high));
        expect(violation(() => validateElement(n(below), declOf(builtin))).rule).to.equal(`${below} is out of range for ${builtin}`);
        expect(violation(() => validateElement(n(above), declOf(builtin))).rule).to.equal(`${above} is out of range for ${builtin}`);
      });
    }
  });
});
