import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseXml } from '../xml/xml-tree';
import { GENERATED_PATH, renderBodyTypes, TS_TYPE_OF_BUILTIN } from './body-types';
import { ContractCatalogue } from './catalogue';
import { BuiltinType, ElementDecl } from './schema-model';
import { validatedResponse } from './typed-values';
import { validateElement, validateRecord } from './validator';

const root = resolve(__dirname, '../../..');
const contracts = ContractCatalogue.load(resolve(root, 'wsdl'));
const NS = 'urn:test';

describe('contract types (src/contract/generated/bodies.ts)', () => {
  const generated = renderBodyTypes(contracts);

  it('are what the WSDLs generate now (if not: npm run gen:types)', () => {
    expect(readFileSync(resolve(root, GENERATED_PATH), 'utf8') === generated, `${GENERATED_PATH} is stale: run npm run gen:types`).to.equal(true);
  });

  it('type each built-in XSD type as the validator produces it', () => {
    const samples: Record<BuiltinType, string> = {
      string: 'x',
      token: 'x',
      normalizedString: 'x',
      decimal: '1.50',
      boolean: 'true',
      long: '12',
      int: '12',
      short: '12',
      integer: '12',
      nonNegativeInteger: '12',
      positiveInteger: '12',
    };
    for (const [builtin, text] of Object.entries(samples) as Array<[BuiltinType, string]>) {
      const decl: ElementDecl = { name: 'v', ns: NS, minOccurs: 1, maxOccurs: 1, type: { kind: 'simple', name: `xs:${builtin}`, builtin, facets: {} } };
      const value = validateElement(parseXml(`<v xmlns="${NS}">${text}</v>`), decl);
      expect(typeof value, builtin).to.equal(TS_TYPE_OF_BUILTIN[builtin]);
    }
  });

  it('make an element that may be absent optional, one that may repeat an array, an enumeration a union', () => {
    expect(generated).to.contain('  BillItem?: BillItemType[];'); // minOccurs 0, maxOccurs unbounded
    expect(generated).to.contain('  ServiceNumber: ServiceNumberType;'); // exactly once
    expect(generated).to.contain('  TransIDH?: TransIDType;'); // minOccurs 0
    expect(generated).to.contain("  BIPVer: '0100';"); // an inline enumeration of one value
    expect(generated).to.contain('export type FenType = number;'); // xs:long
    expect(generated).to.contain("  TestFlagType: ['0', '1'],");
    expect(generated).to.contain("  RemotePay: { interface: '5.2.1'; request: RemotePayReq; response: RemotePayRsp };");
  });

  it('fit what the validator makes of a golden answer', () => {
    const envelope = parseXml(readFileSync(resolve(root, 'test/fixtures/4.2.2/ok.response.xml'), 'utf8'));
    const bodyEl = envelope.children.find((c) => c.local === 'Body')!.children[0];
    const body = validatedResponse('QueryAccount', validateRecord(bodyEl, contracts.get('4.2.2').operations.get('QueryAccount')!.response));
    expect(typeof body.AccountInfo?.Balance).to.equal('number');
    expect(body.BillItem).to.be.an('array');
    expect(typeof body.BillItem?.[0].ItemName).to.equal('string');
  });
});
