/**
 * RspDesc is at most 256 characters (RspDescType): a fault whose reason is longer — it may
 * quote the request — carries the reason whole in faultstring and its first 256 characters
 * in the detail's RspDesc, which must still validate against the contract.
 */
import { expect } from 'chai';
import { resolve } from 'node:path';
import { ContractCatalogue } from '../contract/catalogue';
import { SoapFaultError } from '../contract/faults';
import { validateRecord } from '../contract/validator';
import { responseHead } from '../domain/message-head';
import { provinceHead } from '../../test/support/heads';
import { childrenNamed, parseXml } from '../xml/xml-tree';
import { faultEnvelope } from './soap-endpoint';
import { SOAP11 } from './soap-envelope';

const contracts = ContractCatalogue.load(resolve(__dirname, '../../../wsdl'));
const contract = contracts.get('5.2.1');
const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';

function detailOf(xml: string): Record<string, unknown> {
  const body = childrenNamed(parseXml(xml), S11, 'Body')[0];
  const fault = childrenNamed(body, S11, 'Fault')[0];
  const detail = childrenNamed(fault, '', 'detail')[0].children[0];
  return validateRecord(detail, [...contract.operations.values()][0].fault);
}

describe('RspDesc capped at 256 characters', () => {
  it('a fault reason of 257 characters or more goes out as an RspDesc of exactly its first 256', () => {
    for (const length of [256, 257, 300]) {
      const reason = 'r'.repeat(length - 3) + 'end';
      const xml = faultEnvelope(contract, SOAP11, new SoapFaultError('SCHEMA_VIOLATION', reason), { TransIDH: 'H1', TransIDO: 'O1' });
      const detail = detailOf(xml);
      expect(detail.RspDesc, `reason of ${length}`).to.equal(reason.slice(0, 256));
      expect(detail).to.include({ RspCode: '9001', TransIDH: 'H1', TransIDO: 'O1' });
      expect(xml, 'the whole reason in faultstring').to.contain(`<faultstring>${reason}</faultstring>`);
    }
  });

  it('a response head whose description is longer than 256 characters carries its first 256', () => {
    const request = provinceHead('5.2.1', '36', { type: '01', value: '13051000001' });
    const desc = 'd'.repeat(255) + 'XY';
    expect(responseHead(request, 'H1', '2002', desc).RspDesc).to.equal('d'.repeat(255) + 'X');
    expect(responseHead(request, 'H1', '2002', 'short').RspDesc).to.equal('short');
  });
});
