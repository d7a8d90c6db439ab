import { expect } from 'chai';
import { resolve } from 'node:path';
import { ContractCatalogue } from '../contract/catalogue';
import { activityCodeOf, bipCodeOf, MessageHead, responseHead, TransIdHGenerator } from './message-head';

describe('message head rules', () => {
  const contracts = ContractCatalogue.load(resolve(__dirname, '../../../wsdl'));
  const headType = contracts.get('4.2.1').operations.get('QueryRemoteAccount')!.header.type;
  const enumOf = (name: string) => {
    const field = headType.kind === 'complex' ? headType.sequence.find((f) => f.name === name) : undefined;
    return field?.type.kind === 'simple' ? [...(field.type.facets.enumeration ?? [])].sort() : [];
  };

  it('derives one ActivityCode per WSDL, exactly the ones the header schema enumerates', () => {
    expect(contracts.contracts.map((c) => activityCodeOf(c.number)).sort()).to.deep.equal(enumOf('ActivityCode'));
  });

  it('derives one BIPCode per chapter, exactly the ones the header schema enumerates', () => {
    expect([...new Set(contracts.contracts.map((c) => bipCodeOf(c.number)))].sort()).to.deep.equal(enumOf('BIPCode'));
  });

  it('an interface number the contract does not have gets no codes: the error names the interface and the code looked for', () => {
    expect(() => bipCodeOf('99.2.1')).to.throw(Error, 'interface 99.2.1 has no BIP1099');
    expect(() => activityCodeOf('4.2.9')).to.throw(Error, 'interface 4.2.9 has no T100429');
  });

  it('answers with the flow ids kept, the ends swapped and the code described', () => {
    const request = {
      OrigDomain: 'PBSS',
      HomeDomain: 'UCRM',
      BIPCode: 'BIP1004',
      BIPVer: '0100',
      ActivityCode: 'T100421',
      ActionCode: '0',
      RouteType: '01',
      RouteValue: '13051000001',
      ProcID: 'P1',
      TransIDO: 'O1',
      ProcessTime: '20260101000000',
      TestFlag: '1',
      MsgSender: 'BILL36',
      MsgReceiver: 'UCRM',
    } as MessageHead;
    const head = responseHead(request, 'H1', '1004');
    expect(head).to.include({
      OrigDomain: 'UCRM',
      HomeDomain: 'PBSS',
      ActionCode: '1',
      ProcID: 'P1',
      TransIDO: 'O1',
      TransIDH: 'H1',
      MsgSender: 'UCRM',
      MsgReceiver: 'BILL36',
      RspType: '1',
      RspCode: '1004',
    });
    expect(head.RspDesc).to.contain('not a remote request');
    expect(head.ProcessTime).to.match(/^\d{14}$/);
  });

  it('issues distinct TransIDHs that fit the 32-character TransIDType', () => {
    const gen = new TransIdHGenerator('07');
    const ids = new Set(Array.from({ length: 10000 }, () => gen.next()));
    expect(ids.size).to.equal(10000);
    for (const id of [...ids].slice(0, 3)) expect(id).to.match(/^UCRM\d{14}07\d{6}$/);
    expect(() => new TransIdHGenerator('x')).to.throw();
  });
});
