/**
 * 4.2.1 → 4.2.2 end to end: a node-soap client built from the served WSDL calls the gateway,
 * which routes to the mock province and relays its answer.
 */
import { expect } from 'chai';
import * as soap from 'soap';
import { cstCycle, previousCycle } from '../../domain/cst-time';
import { provinceHead } from '../../../test/support/heads';
import { callWithHead, faultOf, soapClient } from '../../../test/support/soap-client';
import { RunningSystem, startSystem } from '../../../test/support/system';

describe('4.2.1 remote account query (end to end through node-soap)', () => {
  let system: RunningSystem;
  let client: soap.Client;
  const lastCycle = previousCycle(cstCycle());

  before(async () => {
    system = await startSystem({ downProvinces: ['89'] });
    client = await soapClient(`${system.gatewayUrl}/ucrm/4.2.1?wsdl`);
  });
  after(() => system.close());

  const account = (province: string, index = 0) => system.mocks.books.get(province)!.list()[index];
  const query = (number: string, collect: string, extra: Record<string, unknown> = {}) =>
    callWithHead(client, 'QueryRemoteAccount', provinceHead('4.2.1', collect, { type: '01', value: number }), {
      ServiceNumber: number,
      CollectProvince: collect,
      ...extra,
    });

  it('answers 0000 with the home account, masked name, bill items and HQ ids', async () => {
    const a = account('51');
    const head = provinceHead('4.2.1', '36', { type: '01', value: a.serviceNumber });
    const { head: rsp, body } = await callWithHead(client, 'QueryRemoteAccount', head, {
      ServiceNumber: a.serviceNumber,
      CollectProvince: '36',
      BillCycle: lastCycle,
    });
    expect(rsp.RspCode).to.equal('0000');
    expect(rsp.RspType).to.equal('0');
    expect(rsp.ProcID).to.equal(head.ProcID);
    expect(rsp.TransIDO).to.equal(head.TransIDO);
    expect(rsp.TransIDH).to.match(/^UCRM\d{14}01\d{6}$/);
    expect(rsp.MsgReceiver).to.equal('BILL36');
    expect(body.HomeProvince).to.equal('51');
    const info = body.AccountInfo as Record<string, unknown>;
    expect(String(info.Balance)).to.equal(String(a.balance));
    expect(info.CustName).to.equal(Array.from(a.custName)[0] + '*'.repeat(Array.from(a.custName).length - 1));
    expect(info.AccountId).to.equal(a.accountId);
    const items = body.BillItem as Array<Record<string, unknown>>;
    expect(items.length).to.be.greaterThan(0);
    expect(items[0].ItemCode).to.equal('1001');
  });

  it('carries HQ TransIDH and the flow ProcID on the forwarded 4.2.2 leg', async () => {
    const a = account('17');
    const head = provinceHead('4.2.1', '36', { type: '01', value: a.serviceNumber });
    const { head: rsp } = await callWithHead(client, 'QueryRemoteAccount', head, { ServiceNumber: a.serviceNumber, CollectProvince: '36' });
    const outbound = system.records.find((r) => r.direction === 'outbound' && r.requestHead?.ProcID === head.ProcID);
    expect(outbound, 'outbound 4.2.2 record').to.exist;
    expect(outbound!.interfaceNumber).to.equal('4.2.2');
    expect(outbound!.province).to.equal('17');
    expect(outbound!.requestHead!.TransIDH).to.equal(rsp.TransIDH);
    expect(outbound!.requestHead!.ActivityCode).to.equal('T100422');
    expect(outbound!.requestHead!.MsgReceiver).to.equal('BILL17');
  });

  it('answers 1001 for a number outside the number-segment table', async () => {
    const { head } = await query('13099990001', '36');
    expect(head.RspCode).to.equal('1001');
    expect(head.RspType).to.equal('1');
  });

  it('answers 1002 for an unknown user and for a closed account', async () => {
    expect((await query('13051009999', '36')).head.RspCode).to.equal('1002');
    const closed = system.mocks.books
      .get('51')!
      .list()
      .find((a) => a.userStatus === '2')!;
    expect((await query(closed.serviceNumber, '36')).head.RspCode).to.equal('1002');
  });

  it('answers 1003 for a bill cycle the home province does not hold', async () => {
    const { head } = await query(account('51').serviceNumber, '36', { BillCycle: cstCycle() });
    expect(head.RspCode).to.equal('1003');
    expect((await query(account('51').serviceNumber, '36', { BillCycle: '200001' })).head.RspCode).to.equal('1003');
  });

  it('answers 1004 when the collecting province is the home province', async () => {
    const { head, body } = await query(account('51').serviceNumber, '51');
    expect(head.RspCode).to.equal('1004');
    expect(body.HomeProvince).to.equal('51');
  });

  it('answers 3001 when the home province is down', async () => {
    const { head } = await query(account('89').serviceNumber, '36');
    expect(head.RspCode).to.equal('3001');
    expect(head.RspType).to.equal('2');
  });

  it('routes by province code (RouteType 00) as well', async () => {
    const a = account('31');
    const { head } = await callWithHead(client, 'QueryRemoteAccount', provinceHead('4.2.1', '36', { type: '00', value: '31' }), {
      ServiceNumber: a.serviceNumber,
      CollectProvince: '36',
    });
    expect(head.RspCode).to.equal('0000');
  });

  it('answers a soap:Client fault with 9001 naming the element and rule for a schema violation', async () => {
    try {
      await query('12345', '36');
      expect.fail('expected a fault');
    } catch (error) {
      const fault = faultOf(error);
      expect(fault.faultcode).to.match(/:Client$/);
      expect(fault.rspCode).to.equal('9001');
      expect(fault.faultstring).to.contain('/QueryRemoteAccountReq/ServiceNumber');
      expect(fault.faultstring).to.contain('pattern');
      expect(fault.status).to.equal(500);
    }
  });

  it('journals every exchange with TransIDO, ProcID, interface, province and duration', async () => {
    const a = account('34');
    const head = provinceHead('4.2.1', '36', { type: '01', value: a.serviceNumber });
    await callWithHead(client, 'QueryRemoteAccount', head, { ServiceNumber: a.serviceNumber, CollectProvince: '36' });
    const inbound = system.records.find((r) => r.direction === 'inbound' && r.requestHead?.TransIDO === head.TransIDO)!;
    expect(inbound.interfaceNumber).to.equal('4.2.1');
    expect(inbound.province).to.equal('34');
    expect(inbound.rspCode).to.equal('0000');
    expect(inbound.durationMs).to.be.a('number').and.greaterThan(0);
    expect(inbound.requestXml).to.contain(a.serviceNumber);
    expect(inbound.responseXml).to.contain('<v:RspCode>0000</v:RspCode>');
  });

  it('persists both legs in the journal store, searchable by TransIDO, ProcID and number', async () => {
    const a = account('36', 2);
    const head = provinceHead('4.2.1', '51', { type: '01', value: a.serviceNumber });
    await callWithHead(client, 'QueryRemoteAccount', head, { ServiceNumber: a.serviceNumber, CollectProvince: '51' });
    await system.gateway.journal.flush();
    const byTransIdO = await system.gateway.store.journal.find({ transIdO: head.TransIDO }, { limit: 10 });
    expect(byTransIdO.map((e) => `${e.direction} ${e.interfaceNumber}`).sort()).to.deep.equal(['inbound 4.2.1', 'outbound 4.2.2']);
    const inbound = byTransIdO.find((e) => e.direction === 'inbound')!;
    expect(inbound).to.include({ sender: 'BILL51', procId: head.ProcID, serviceNumber: a.serviceNumber, rspCode: '0000', province: '36', truncated: false });
    expect(inbound.requestXml).to.contain(head.TransIDO);
    expect(await system.gateway.store.journal.count({ procId: head.ProcID })).to.equal(2);
    expect(await system.gateway.store.journal.count({ serviceNumber: a.serviceNumber, interfaceNumber: '4.2.2' })).to.be.greaterThan(0);
  });
});
