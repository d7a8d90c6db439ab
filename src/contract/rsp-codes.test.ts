import { expect } from 'chai';
import { resolve } from 'node:path';
import { ContractCatalogue } from './catalogue';
import { describe as describeCode, isRspCode, RSP, RSP_CODES, RspName, rspNameOf, rspTypeOf } from './rsp-codes';
import { ComplexType } from './schema-model';

const contracts = ContractCatalogue.load(resolve(__dirname, '../../../wsdl'));
const headType = contracts.get('4.2.1').operations.get('QueryRemoteAccount')!.header.type as ComplexType;
const rspCodeType = headType.sequence.find((e) => e.name === 'RspCode')!.type;

describe('RspCode catalogue: one table', () => {
  const names = Object.keys(RSP_CODES) as RspName[];

  it('holds codes the contract can carry, each once', () => {
    const codes = names.map((n) => RSP[n]);
    expect(new Set(codes).size).to.equal(codes.length);
    const patterns = rspCodeType.kind === 'simple' ? (rspCodeType.facets.patterns ?? []) : [];
    expect(patterns).to.have.length.above(0);
    for (const code of codes) for (const p of patterns) expect(code).to.match(p);
  });

  it('gives each code the RspType the contract assigns: 0 success, 1 business (1xxx, 2xxx, 4xxx), 2 system (3xxx, 8xxx, 9xxx)', () => {
    for (const name of names) {
      const code = RSP[name];
      const expected = code === '0000' ? '0' : /^[124]/.test(code) ? '1' : '2';
      expect(rspTypeOf(code), `${name} ${code}`).to.equal(expected);
    }
  });

  it('names, describes and recognises every code from the same entry', () => {
    for (const name of names) {
      expect(rspNameOf(RSP[name])).to.equal(name);
      expect(describeCode(RSP[name])).to.equal(RSP_CODES[name].description).and.not.equal('');
      expect(isRspCode(RSP[name])).to.equal(true);
    }
  });

  it('knows nothing else, not even what every object has', () => {
    for (const junk of ['constructor', '__proto__', 'toString', '1000', '0001', '']) expect(isRspCode(junk), junk).to.equal(false);
    expect(Object.isFrozen(RSP)).to.equal(true);
  });
});
