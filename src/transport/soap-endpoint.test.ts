/**
 * The pipeline's refusals, each with its fault: driven through handleSoapRequest with a
 * dispatch that records whether it was reached (it must not be, for any refusal).
 */
import { expect } from 'chai';
import { resolve } from 'node:path';
import { ContractCatalogue } from '../contract/catalogue';
import { responseHead } from '../domain/message-head';
import { ExchangeRecord } from '../journal/exchange-record';
import { handleSoapRequest, RawSoapRequest } from './soap-endpoint';

const contracts = ContractCatalogue.load(resolve(__dirname, '../../../wsdl'));
const contract = contracts.get('4.2.1');
const NS = 'http://ucrm.chinaunicom.cn/vol10';
const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';

const HEAD = `<v:UniBSSHead><v:OrigDomain>PBSS</v:OrigDomain><v:HomeDomain>UCRM</v:HomeDomain><v:BIPCode>BIP1004</v:BIPCode><v:BIPVer>0100</v:BIPVer><v:ActivityCode>T100421</v:ActivityCode><v:ActionCode>0</v:ActionCode><v:RouteType>01</v:RouteType><v:RouteValue>13051000001</v:RouteValue><v:ProcID>P1</v:ProcID><v:TransIDO>O1</v:TransIDO><v:ProcessTime>20261120103000</v:ProcessTime><v:TestFlag>1</v:TestFlag><v:MsgSender>BILL36</v:MsgSender><v:MsgReceiver>UCRM</v:MsgReceiver></v:UniBSSHead>`;
const BODY = `<v:QueryRemoteAccountReq><v:ServiceNumber>13051000001</v:ServiceNumber><v:CollectProvince>36</v:CollectProvince></v:QueryRemoteAccountReq>`;
const envelope = (head = HEAD, body = BODY, ns = S11) =>
  `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${ns}" xmlns:v="${NS}"><s:Header>${head}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;

async function send(raw: Partial<RawSoapRequest> & { xml?: string }) {
  const records: ExchangeRecord[] = [];
  let dispatched = false;
  const reply = await handleSoapRequest(
    { body: raw.body ?? Buffer.from(raw.xml ?? envelope()), contentType: raw.contentType ?? 'text/xml; charset=utf-8', soapAction: raw.soapAction },
    {
      contract,
      observe: (r) => records.push(r),
      dispatch: async (ex) => {
        dispatched = true;
        return { head: responseHead(ex.head, 'UCRM1', '0000'), body: { ServiceNumber: '13051000001', HomeProvince: '51' } };
      },
    },
  );
  expect(records, 'one journal record per exchange').to.have.length(1);
  return { reply, record: records[0], dispatched };
}

describe('SOAP endpoint pipeline', () => {
  it('dispatches a valid SOAP 1.1 request and answers 200 text/xml', async () => {
    const { reply, dispatched, record } = await send({ soapAction: '"http://ucrm.chinaunicom.cn/vol10/QueryRemoteAccount"' });
    expect(dispatched).to.equal(true);
    expect(reply.status).to.equal(200);
    expect(reply.contentType).to.match(/^text\/xml/);
    expect(reply.xml).to.contain('<v:RspCode>0000</v:RspCode>');
    expect(record.rspCode).to.equal('0000');
  });

  it('answers SOAP 1.2 in kind', async () => {
    const { reply } = await send({
      xml: envelope(HEAD, BODY, S12),
      contentType: 'application/soap+xml; charset=utf-8; action="http://ucrm.chinaunicom.cn/vol10/QueryRemoteAccount"',
    });
    expect(reply.status).to.equal(200);
    expect(reply.contentType).to.match(/^application\/soap\+xml/);
    expect(reply.xml).to.contain(S12);
  });

  const refusals: Array<[string, Partial<RawSoapRequest> & { xml?: string }, RegExp, string, number?]> = [
    ['an empty body', { body: Buffer.alloc(0) }, /Client/, 'empty'],
    ['malformed XML', { xml: '<s:Envelope xmlns:s="x"><oops></s:Envelope>' }, /Client/, 'malformed XML'],
    ['a DOCTYPE', { xml: `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${envelope()}` }, /Client/, 'DOCTYPE'],
    [
      'invalid UTF-8',
      { body: Buffer.concat([Buffer.from(envelope().slice(0, 60)), Buffer.from([0xff, 0xfe]), Buffer.from(envelope().slice(60))]) },
      /Client/,
      'UTF-8',
    ],
    ['a wrong Content-Type', { contentType: 'application/json' }, /Client/, 'Content-Type', 415],
    ['a root that is not an Envelope', { xml: `<v:QueryRemoteAccountReq xmlns:v="${NS}"/>` }, /Client/, 'not a SOAP Envelope'],
    ['an unknown envelope namespace', { xml: envelope(HEAD, BODY, 'urn:not-soap') }, /VersionMismatch/, 'namespace'],
    ['a 1.2 envelope sent as text/xml', { xml: envelope(HEAD, BODY, S12) }, /VersionMismatch/, 'SOAP 1.2'],
    ['an unknown operation', { xml: envelope(HEAD, `<v:PayReq/>`) }, /Client/, 'no operation'],
    ['a wrong SOAPAction', { soapAction: '"urn:other"' }, /Client/, 'SOAPAction'],
    ['a missing message head', { xml: envelope('') }, /Client/, 'UniBSSHead'],
    ["another interface's ActivityCode", { xml: envelope(HEAD.replace('T100421', 'T100521')) }, /Client/, 'ActivityCode'],
    ['a response head sent as a request', { xml: envelope(HEAD.replace('<v:ActionCode>0', '<v:ActionCode>1')) }, /Client/, 'ActionCode'],
    [
      'a header block it must understand but does not',
      { xml: envelope(HEAD + `<x:Sec xmlns:x="urn:sec" s:mustUnderstand="1"/>`) },
      /MustUnderstand/,
      'mustUnderstand',
    ],
    ['a body that breaks the schema', { xml: envelope(HEAD, BODY.replace('13051000001', 'abc')) }, /Client/, '/QueryRemoteAccountReq/ServiceNumber'],
  ];
  for (const [what, raw, side, words, status] of refusals) {
    it(`refuses ${what} with a ${side.source} fault (9001), journaled, without dispatching`, async () => {
      const { reply, dispatched, record } = await send(raw);
      expect(dispatched).to.equal(false);
      expect(reply.status).to.equal(status ?? 500);
      expect(reply.xml).to.match(side);
      expect(reply.xml).to.contain('<v:RspCode>9001</v:RspCode>');
      expect(reply.xml).to.contain(words);
      expect(record.fault).to.exist;
      expect(record.rspCode).to.equal('9001');
    });
  }

  it('answers a Server fault (9999) when the dispatch throws, journaling the stack', async () => {
    const records: ExchangeRecord[] = [];
    const reply = await handleSoapRequest(
      { body: Buffer.from(envelope()), contentType: 'text/xml', soapAction: undefined },
      {
        contract,
        observe: (r) => records.push(r),
        dispatch: async () => {
          throw new Error('boom');
        },
      },
    );
    expect(reply.status).to.equal(500);
    expect(reply.xml).to.contain('soapenv:Server');
    expect(reply.xml).to.contain('<v:RspCode>9999</v:RspCode>');
    expect(reply.xml).not.to.contain('boom'); // internals stay in the log
    expect(records[0].internalError).to.contain('boom');
  });
});
