/**
 * Schema violations as a province sees them through the gateway (in-process): the SOAP fault
 * names the element by its path and the rule it broke, and the xsi:* attributes some legacy
 * toolkits send are no violation at all.
 */
import { expect } from 'chai';
import { XSI_NS } from '../../src/contract/schema-model';
import { RunningSystem, startSystem } from '../support/system';
import { normalQuery, post, readFault, SOAP11_CT } from '../hardening/hostile-input-support';

describe('schema faults through the gateway', function () {
  this.timeout(20_000);
  let system: RunningSystem;
  before(async () => {
    system = await startSystem();
  });
  after(async () => {
    await system.close();
  });

  const send = (body: string) => post(system.gatewayUrl, '/ucrm/4.2.1', body, { 'content-type': SOAP11_CT, soapaction: '""' });

  it('a 4.2.1 query whose elements carry xsi:type and xsi:nil (legacy toolkits) is answered 0000', async () => {
    const body = normalQuery()
      .replace('<tns:QueryRemoteAccountReq>', `<tns:QueryRemoteAccountReq xmlns:xsi="${XSI_NS}" xsi:type="tns:QueryRemoteAccountReq">`)
      .replace('<tns:CollectProvince>', '<tns:CollectProvince xsi:nil="false">');
    const answer = await send(body);
    expect(answer.status, answer.body.slice(0, 400)).to.equal(200);
    expect(/<\w+:RspCode>(\d{4})</.exec(answer.body)?.[1]).to.equal('0000');
  });

  it('an attribute outside XSI is a Client fault 9001 naming the element path and the attribute', async () => {
    const answer = await send(normalQuery().replace('<tns:ServiceNumber>', '<tns:ServiceNumber kind="mobile">'));
    expect(answer.status).to.equal(500);
    const fault = readFault(answer.body);
    expect([fault.code, fault.rspCode]).to.deep.equal(['soapenv:Client', '9001']);
    expect(fault.reason).to.contain('/QueryRemoteAccountReq/ServiceNumber').and.to.contain('attribute "kind" is not allowed');
  });

  it('a province code outside the enumeration is a fault naming the element, the value and the allowed codes', async () => {
    const fault = readFault((await send(normalQuery().replace('<tns:CollectProvince>36<', '<tns:CollectProvince>99<'))).body);
    expect(fault.reason).to.contain('/QueryRemoteAccountReq/CollectProvince').and.to.contain('"99"').and.to.contain('11, 13, 18');
  });
});
