/**
 * What HQ makes of a home province's definite answer that the contract does not know: a
 * RspCode outside the catalogue is not passed on to the collecting province (which could not
 * read it) but answered 3001, and the money is left as that answer means — a payment FAILED,
 * a reversal not made. The home province here is a stand-in answering the golden 5.2.2 and
 * 6.2.2 responses with the RspCode the test sets.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { resolve } from 'node:path';
import * as soap from 'soap';
import { cstTimestamp } from '../../domain/cst-time';
import { provinceHead } from '../../../test/support/heads';
import { callWithHead, soapClient } from '../../../test/support/soap-client';
import { close, listen, RunningSystem, startSystem } from '../../../test/support/system';
import { PAYMENT_RECORDS } from './payment-store';

const FIXTURES = resolve(__dirname, '../../../../test/fixtures');
const golden = (number: string) => readFileSync(resolve(FIXTURES, number, 'ok.response.xml'), 'utf8');

describe("a home province's answer outside the contract (5.2.2, 6.2.2)", function () {
  this.timeout(20000);
  let system: RunningSystem;
  let province: Server;
  let payClient: soap.Client;
  let reverseClient: soap.Client;
  const answers: Record<string, string> = {};
  const calls: string[] = [];

  before(async () => {
    const standIn = await listen((req, res) => {
      const number = req.url!.split('/').pop()!;
      calls.push(number);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
        res.end(golden(number).replace('<tns:RspCode>0000</tns:RspCode>', `<tns:RspCode>${answers[number]}</tns:RspCode>`));
      });
    });
    province = standIn.server;
    system = await startSystem({ provinceUrls: { '51': `${standIn.url}/province/51` }, env: { PROVINCE_TIMEOUT_MS: '1000' } });
    payClient = await soapClient(`${system.gatewayUrl}/ucrm/5.2.1?wsdl`);
    reverseClient = await soapClient(`${system.gatewayUrl}/ucrm/6.2.1?wsdl`);
  });
  after(async () => {
    await system.close();
    await close(province);
  });

  const payments = () => system.gateway.store.records(PAYMENT_RECORDS);
  const pay = async (number: string) => {
    const head = provinceHead('5.2.1', '36', { type: '01', value: number });
    const r = await callWithHead(payClient, 'RemotePay', head, { ServiceNumber: number, CollectProvince: '36', PayAmount: 5000, PayTime: cstTimestamp() });
    return { ...r, sent: head };
  };

  it("a province's non-contract RspCode to a payment is answered 3001, and the payment recorded FAILED with that answer", async () => {
    answers['5.2.2'] = '7777';
    const before = calls.length;
    const r = await pay('13051000001');
    expect(calls.slice(before), 'the province was asked').to.deep.equal(['5.2.2']);
    expect(r.head.RspCode).to.equal('3001');
    const stored = await payments().bySenderTransIdO('BILL36', r.sent.TransIDO);
    expect(stored?.state).to.equal('FAILED');
    expect(stored?.answer?.rspCode).to.equal('3001');
    expect(stored).not.to.have.property('nextAttemptAt');
  });

  it("a province's contract RspCode to a payment is passed on as it is", async () => {
    answers['5.2.2'] = '1002';
    const r = await pay('13051000002');
    expect(r.head.RspCode).to.equal('1002');
    expect((await payments().bySenderTransIdO('BILL36', r.sent.TransIDO))?.state).to.equal('FAILED');
  });

  it("a province's non-contract RspCode to a reversal is answered 3001, and the payment stays SUCCESS", async () => {
    answers['5.2.2'] = '0000';
    const paid = await pay('13051000003');
    expect(paid.head.RspCode).to.equal('0000');
    answers['6.2.2'] = '7777';
    const r = await callWithHead(reverseClient, 'RemotePayReverse', provinceHead('6.2.1', '36', { type: '01', value: '13051000003' }), {
      ServiceNumber: '13051000003',
      CollectProvince: '36',
      OrigTransIDO: paid.sent.TransIDO,
      ReverseAmount: 5000,
      ReverseTime: cstTimestamp(),
    });
    expect(calls.at(-1)).to.equal('6.2.2');
    expect(r.head.RspCode).to.equal('3001');
    const stored = await payments().bySenderTransIdO('BILL36', paid.sent.TransIDO);
    expect(stored?.state).to.equal('SUCCESS');
    expect(stored).not.to.have.property('reversal');
  });
});
