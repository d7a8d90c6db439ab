/**
 * Both ways into the SOAP app — the fast path (a served path in origin form) and express
 * (here: the same path in absolute form, which only express makes out) — read bodies with
 * the one reader and refuse through the one path: the same answers, the same records.
 */
import { expect } from 'chai';
import { createServer, Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ContractCatalogue } from '../contract/catalogue';
import { responseHead } from '../domain/message-head';
import { ExchangeRecord } from '../journal/exchange-record';
import { createSoapApp, withFastPath } from './soap-app';

const contracts = ContractCatalogue.load(resolve(__dirname, '../../../wsdl'));
const contract = contracts.get('4.2.1');
const NS = 'http://ucrm.chinaunicom.cn/vol10';
const HEAD = `<v:UniBSSHead><v:OrigDomain>PBSS</v:OrigDomain><v:HomeDomain>UCRM</v:HomeDomain><v:BIPCode>BIP1004</v:BIPCode><v:BIPVer>0100</v:BIPVer><v:ActivityCode>T100421</v:ActivityCode><v:ActionCode>0</v:ActionCode><v:RouteType>01</v:RouteType><v:RouteValue>13051000001</v:RouteValue><v:ProcID>P1</v:ProcID><v:TransIDO>O1</v:TransIDO><v:ProcessTime>20261120103000</v:ProcessTime><v:TestFlag>1</v:TestFlag><v:MsgSender>BILL36</v:MsgSender><v:MsgReceiver>UCRM</v:MsgReceiver></v:UniBSSHead>`;
const BODY = `<v:QueryRemoteAccountReq><v:ServiceNumber>13051000001</v:ServiceNumber><v:CollectProvince>36</v:CollectProvince></v:QueryRemoteAccountReq>`;
const ENVELOPE = `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:v="${NS}"><s:Header>${HEAD}</s:Header><s:Body>${BODY}</s:Body></s:Envelope>`;
const LIMIT = 4096;

describe('SOAP app: one body reader and one refusal path, whichever way in', () => {
  const records: ExchangeRecord[] = [];
  const readBodies: number[] = [];
  let server: Server;
  let port: number;

  before(async () => {
    const soap = createSoapApp({
      name: 'test',
      wsdlDir: contracts.wsdlDir,
      bodyLimitBytes: LIMIT,
      observe: (r) => records.push(r),
      services: [
        {
          path: '/ucrm/4.2.1',
          contract,
          implemented: true,
          dispatch: async (ex) => ({ head: responseHead(ex.head, 'UCRM-T', '0000'), body: {} }),
          hooks: { readBody: [(x) => void readBodies.push(x.bytes.length)] },
        },
      ],
    });
    server = createServer(withFastPath(soap.fastPath, soap.app));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise((r) => server.close(r)));

  /** One raw request on its own connection: status line and the exchange's record. */
  async function exchange(target: string, headers: Record<string, string | number>, body: Buffer | string[]) {
    const before = records.length;
    const head = Object.entries({ Host: 'gateway', Connection: 'close', 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""', ...headers }).map(
      ([k, v]) => `${k}: ${v}`,
    );
    const text = await new Promise<string>((done) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('close', () => done(Buffer.concat(chunks).toString('latin1')));
      socket.write(`POST ${target} HTTP/1.1\r\n${head.join('\r\n')}\r\n\r\n`);
      for (const piece of Array.isArray(body) ? body : [body]) socket.write(piece);
    });
    for (let i = 0; i < 100 && records.length === before; i++) await new Promise((r) => setTimeout(r, 10));
    const record = records[before];
    return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), text, fault: record?.fault?.name, rspCode: record?.rspCode };
  }

  const chunked = (text: string) => [`${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`, '0\r\n\r\n'];
  const cases: Array<[string, Record<string, string | number>, () => Buffer | string[], number, string | undefined]> = [
    ['a plain body', { 'Content-Length': Buffer.byteLength(ENVELOPE) }, () => Buffer.from(ENVELOPE), 200, undefined],
    ['a gzip body', { 'Content-Encoding': 'gzip', 'Content-Length': gzipSync(ENVELOPE).length }, () => gzipSync(ENVELOPE), 200, undefined],
    ['a chunked body', { 'Transfer-Encoding': 'chunked' }, () => chunked(ENVELOPE), 200, undefined],
    ['a chunked body over the limit', { 'Transfer-Encoding': 'chunked' }, () => chunked(`<!--${'x'.repeat(LIMIT)}-->`), 413, 'PAYLOAD_TOO_LARGE'],
    ['a declared length over the limit', { 'Content-Length': LIMIT + 1 }, () => Buffer.alloc(0), 413, 'PAYLOAD_TOO_LARGE'],
    ['an unknown Content-Encoding', { 'Content-Encoding': 'compress', 'Content-Length': 4 }, () => Buffer.from('abcd'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a body that is not what its encoding says', { 'Content-Encoding': 'gzip', 'Content-Length': 4 }, () => Buffer.from('abcd'), 500, 'MALFORMED_XML'],
  ];
  for (const [what, headers, body, status, fault] of cases) {
    it(`answers ${what} the same both ways: ${status}${fault ? `, journaled as ${fault}` : ''}`, async () => {
      const fast = await exchange('/ucrm/4.2.1', headers, body());
      const viaExpress = await exchange(`http://gateway:${port}/ucrm/4.2.1`, headers, body());
      for (const answer of [fast, viaExpress]) {
        expect(answer.status, answer.text.slice(0, 300)).to.equal(status);
        expect(answer.fault).to.equal(fault);
        expect(answer.rspCode).to.equal(status === 200 ? '0000' : '9001');
      }
    });
  }

  it('ran the readBody hooks on every body it read, never on a refused one', () => {
    expect(readBodies).to.have.length(6); // the three served cases, both ways
    expect(new Set(readBodies)).to.deep.equal(new Set([Buffer.byteLength(ENVELOPE)]));
  });
});
