/**
 * Hostile and broken input, sent to a running gateway on the production HTTP server setup
 * (short timeouts here): every case is answered with a clear SOAP fault, or an HTTP status
 * where no SOAP can be spoken, is journaled, and leaves the gateway serving — after each
 * case a normal 4.2.1 query must still answer 0000.
 */
import { expect } from 'chai';
import { gzipSync, deflateSync } from 'node:zlib';
import { ExchangeRecord } from '../../src/journal/exchange-record';
import { HttpServer } from '../../src/transport/http-server';
import { parseXml, XmlSyntaxError } from '../../src/xml/xml-tree';
import { scanXml, XML_LIMITS } from '../../src/xml/xml-scanner';
import { RunningSystem, startSystem } from '../support/system';
import { expectClientFaultAnswer, expectStillServing, journaled, normalQuery, post, rawExchange, requestHead, SOAP11_CT } from './hostile-input-support';

const BODY_LIMIT = 64 * 1024;
const HEADERS_TIMEOUT_MS = 400;
const REQUEST_TIMEOUT_MS = 800;
const QUERY_ACTION = '"http://ucrm.chinaunicom.cn/vol10/QueryRemoteAccount"';

describe('hardening: hostile and broken input', function () {
  this.timeout(20_000);
  let system: RunningSystem;
  let server: HttpServer;
  let url: string;
  let seen: number; // records before the case, so each case looks only at its own

  before(async () => {
    system = await startSystem({ env: { BODY_LIMIT_BYTES: String(BODY_LIMIT) } });
    server = new HttpServer(system.gateway.app, {
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: 1000,
      observe: system.gateway.observe,
    });
    await server.listen(0, '127.0.0.1');
    url = server.url;
  });
  after(async () => {
    await server.drain(0);
    await system.close();
  });
  beforeEach(() => {
    seen = system.records.length;
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'passed') await expectStillServing(url);
  });

  const record = (accept: (r: ExchangeRecord) => boolean) => journaled(system.records, (r) => system.records.indexOf(r) >= seen && accept(r));
  const send = (body: Buffer | string, headers: Record<string, string> = {}, path = '/ucrm/4.2.1') =>
    post(url, path, body, { 'content-type': SOAP11_CT, soapaction: QUERY_ACTION, ...headers });

  /** A Client fault with RspCode 9001 whose reason matches, journaled under `faultName`. */
  async function expectClientFault(answer: { status: number; body: string }, status: number, reason: RegExp, faultName: string) {
    expectClientFaultAnswer(answer, status, reason);
    const r = await record((x) => x.fault?.name === faultName);
    expect(r.direction).to.equal('inbound');
    expect(r.rspCode).to.equal('9001');
    expect(r.httpStatus).to.equal(status);
    expect(r.internalError).to.equal(undefined);
    return r;
  }

  describe('XML', () => {
    it('refuses malformed XML', async () => {
      const r = await expectClientFault(
        await send(normalQuery().replace('</tns:ServiceNumber>', '</tns:ServiceNumbr>')),
        500,
        /malformed XML/,
        'MALFORMED_XML',
      );
      expect(r.interfaceNumber).to.equal('4.2.1');
    });

    it('refuses a DOCTYPE with an external entity (XXE) without reading the file', async () => {
      const xxe = normalQuery()
        .replace('<soapenv:Envelope', '<!DOCTYPE soapenv:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><soapenv:Envelope')
        .replace('<tns:ChannelId>', '<tns:ChannelId>&xxe;');
      const answer = await send(xxe);
      await expectClientFault(answer, 500, /DOCTYPE/, 'MALFORMED_XML');
      expect(answer.body).not.to.contain('root:');
    });

    it('refuses entity expansion (billion laughs) at once', async () => {
      const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
      const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY l0 "lol">${lol}]><x>&l9;</x>`;
      const started = Date.now();
      await expectClientFault(await send(bomb), 500, /DOCTYPE/, 'MALFORMED_XML');
      expect(Date.now() - started).to.be.below(1000);
    });

    it('refuses nesting deeper than 64 levels as a Client fault, not an internal error', async () => {
      // 4000 levels: within the body limit, and far past the 100 where the XML parser would throw on its own.
      const deep = normalQuery().replace('<tns:CollectProvince>', `${'<a>'.repeat(4000)}${'</a>'.repeat(4000)}<tns:CollectProvince>`);
      await expectClientFault(await send(deep), 500, /nested deeper than 64/, 'MALFORMED_XML');
    });

    it('counts depth by open elements only, however deep the document', () => {
      expect(() => parseXml(`${'<a>'.repeat(1_000_000)}${'</a>'.repeat(1_000_000)}`)).to.throw(XmlSyntaxError, /nested deeper than 64/);
      // Tags in comments, CDATA and attribute values do not count; self-closing tags do not nest.
      const two = { ...XML_LIMITS, maxDepth: 2 };
      const tricky = `<r a="${'&lt;b>'.repeat(100)}"><!--${'<c>'.repeat(100)}--><![CDATA[${'<d>'.repeat(100)}]]>${'<e/>'.repeat(100)}</r>`;
      expect(() => scanXml(tricky, two)).not.to.throw();
      expect(() => scanXml('<a><b/></a>', two)).not.to.throw();
      expect(() => scanXml('<a><b><c/></b></a>', two)).to.throw(XmlSyntaxError, /deeper than 2/);
    });

    it('accepts the same message nested just inside the limit and judges it by the schema', async () => {
      // 60 levels of an unknown element in the body: well-formed, not deep enough to refuse, a schema violation.
      const nested = normalQuery().replace('<tns:CollectProvince>', `${'<a>'.repeat(60)}${'</a>'.repeat(60)}<tns:CollectProvince>`);
      await expectClientFault(await send(nested), 500, /schema violation/, 'SCHEMA_VIOLATION');
    });

    it('refuses a body that is not valid UTF-8', async () => {
      const bytes = Buffer.from(normalQuery(), 'utf8');
      const broken = Buffer.concat([bytes.subarray(0, 200), Buffer.from([0xff, 0xfe, 0xc3]), bytes.subarray(200)]);
      await expectClientFault(await send(broken), 500, /UTF-8/, 'BAD_CHARSET');
    });
  });

  describe('HTTP and SOAP framing', () => {
    it('refuses an empty body', async () => {
      await expectClientFault(await send(''), 500, /empty/, 'NOT_AN_ENVELOPE');
    });

    it('refuses a wrong Content-Type with 415', async () => {
      await expectClientFault(await send(normalQuery(), { 'content-type': 'application/json' }), 415, /Content-Type/, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses a wrong SOAPAction', async () => {
      await expectClientFault(await send(normalQuery(), { soapaction: '"http://evil.example/Pay"' }), 500, /SOAPAction/, 'SOAPACTION_MISMATCH');
    });

    it('refuses an operation the interface does not have', async () => {
      const other = normalQuery().replace(/QueryRemoteAccountReq/g, 'DropAllTablesReq');
      await expectClientFault(await send(other, { soapaction: '""' }), 500, /no operation/, 'UNKNOWN_OPERATION');
    });

    it('answers 404 on an unknown service path and journals the attempt', async () => {
      const answer = await send(normalQuery(), {}, '/ucrm/4.2.9');
      expect(answer.status).to.equal(404);
      expect(JSON.parse(answer.body).error).to.contain('/ucrm/4.2.9');
      const r = await record((x) => x.fault?.name === 'UNKNOWN_PATH');
      expect(r.httpStatus).to.equal(404);
      expect(r.fault!.reason).to.contain('POST /ucrm/4.2.9');
    });

    it('answers something that is not HTTP with 400, journaled', async () => {
      const answer = await rawExchange(url, ['\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello, this is TLS\r\n\r\n']);
      expect(answer.status).to.equal(400);
      const r = await record((x) => x.fault?.name === 'BAD_HTTP_REQUEST');
      expect(r.httpStatus).to.equal(400);
    });

    it('answers oversized headers with 431, journaled', async () => {
      const answer = await rawExchange(url, [requestHead('/ucrm/4.2.1', { 'X-Junk': 'j'.repeat(64 * 1024), 'Content-Length': 0 })]);
      expect(answer.status).to.equal(431);
      await record((x) => x.fault?.name === 'HEADERS_TOO_LARGE');
    });
  });

  describe('size and Content-Encoding', () => {
    it('refuses a body over BODY_LIMIT_BYTES with 413 and a SOAP fault, journaled', async () => {
      const big = normalQuery().replace('<tns:CollectProvince>', `<!--${'x'.repeat(BODY_LIMIT)}--><tns:CollectProvince>`);
      const r = await expectClientFault(await send(big), 413, /larger than this gateway accepts/, 'PAYLOAD_TOO_LARGE');
      expect(r.interfaceNumber).to.equal('4.2.1');
    });

    it('refuses a huge declared Content-Length at once, without waiting for the body', async () => {
      const answer = await rawExchange(url, [requestHead('/ucrm/4.2.1', { 'Content-Type': SOAP11_CT, 'Content-Length': 10 * 1024 ** 3 }), '<soapenv:Envelope']);
      expect(answer.status).to.equal(413);
      expect(answer.ms).to.be.below(REQUEST_TIMEOUT_MS);
      expect(answer.text).to.match(/Connection: close/i);
      const r = await record((x) => x.fault?.name === 'PAYLOAD_TOO_LARGE');
      expect(r.fault!.reason).to.contain('Content-Length 10737418240');
    });

    it('refuses an oversized chunked body (no Content-Length) the same way', async () => {
      const chunk = 'x'.repeat(16 * 1024);
      const pieces = [requestHead('/ucrm/4.2.1', { 'Content-Type': SOAP11_CT, 'Transfer-Encoding': 'chunked' })];
      for (let i = 0; i < 6; i++) pieces.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      pieces.push('0\r\n\r\n');
      const answer = await rawExchange(url, pieces);
      expect(answer.status).to.equal(413);
      await record((x) => x.fault?.name === 'PAYLOAD_TOO_LARGE');
    });

    it('inflates a gzip body and serves it', async () => {
      const answer = await send(gzipSync(normalQuery()), { 'content-encoding': 'gzip' });
      expect(answer.status, answer.body.slice(0, 300)).to.equal(200);
      expect(answer.body).to.contain('<v:RspCode>0000</v:RspCode>');
    });

    it('refuses a gzip bomb: the limit counts inflated bytes', async () => {
      const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, ' '));
      expect(bomb.length).to.be.below(BODY_LIMIT); // small on the wire
      const started = Date.now();
      const r = await expectClientFault(await send(bomb, { 'content-encoding': 'gzip' }), 413, /gzip encoding is undone/, 'PAYLOAD_TOO_LARGE');
      expect(Date.now() - started).to.be.below(3000);
      expect(r.fault!.reason).to.contain('gzip');
    });

    it('refuses a deflate bomb too', async () => {
      await expectClientFault(await send(deflateSync(Buffer.alloc(8 * 1024 * 1024)), { 'content-encoding': 'deflate' }), 413, /larger/, 'PAYLOAD_TOO_LARGE');
    });

    it('refuses a body that is not what its Content-Encoding says', async () => {
      await expectClientFault(await send(normalQuery(), { 'content-encoding': 'gzip' }), 500, /not valid gzip/, 'MALFORMED_XML');
    });

    it('refuses an unknown Content-Encoding with 415', async () => {
      await expectClientFault(await send(normalQuery(), { 'content-encoding': 'compress' }), 415, /Content-Encoding/, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('truncated and slow clients', () => {
    it('journals a request whose client hangs up before its Content-Length arrived', async () => {
      const body = normalQuery();
      const answer = await rawExchange(url, [requestHead('/ucrm/4.2.1', { 'Content-Type': SOAP11_CT, 'Content-Length': body.length + 500 }), body], {
        hangUpAfterMs: 50,
      });
      expect(answer.status).to.equal(undefined);
      const r = await record((x) => x.fault?.name === 'REQUEST_ABORTED');
      expect(r.interfaceNumber).to.equal('4.2.1');
      expect(r.fault!.reason).to.contain(`Content-Length ${body.length + 500}`);
    });

    it('journals a chunked request cut off mid-body', async () => {
      const pieces = [requestHead('/ucrm/4.2.1', { 'Content-Type': SOAP11_CT, 'Transfer-Encoding': 'chunked' }), `400\r\n${normalQuery().slice(0, 300)}`];
      await rawExchange(url, pieces, { hangUpAfterMs: 50 });
      await record((x) => x.fault?.name === 'REQUEST_ABORTED' && x.interfaceNumber === '4.2.1');
    });

    it('journals a client that hangs up in the middle of its headers', async () => {
      await rawExchange(url, ['POST /ucrm/4.2.1 HTTP/1.1\r\nHost: gateway\r\nContent-Ty'], { hangUpAfterMs: 50 });
      const r = await record((x) => x.fault?.name === 'REQUEST_ABORTED' && x.interfaceNumber === '');
      expect(r.fault!.reason).to.contain('closed the connection');
    });

    it('answers 408 to headers that do not arrive within the headers timeout (slowloris), journaled', async () => {
      const pieces = ['POST /ucrm/4.2.1 HTTP/1.1\r\n', 'Host: gateway\r\n', 'X-A: 1\r\n', 'X-B: 2\r\n', 'X-C: 3\r\n', 'X-D: 4\r\n', 'X-E: 5\r\n'];
      const answer = await rawExchange(url, pieces, { gapMs: 150 });
      expect(answer.status).to.equal(408);
      expect(answer.ms).to.be.below(HEADERS_TIMEOUT_MS + 1000);
      const r = await record((x) => x.fault?.name === 'REQUEST_TIMEOUT');
      expect(r.httpStatus).to.equal(408);
      expect(r.durationMs).to.be.at.least(HEADERS_TIMEOUT_MS - 50);
    });

    it('answers 408 to a body that trickles in past the request timeout, journaled on its interface', async () => {
      const body = normalQuery();
      const pieces = [requestHead('/ucrm/4.2.1', { 'Content-Type': SOAP11_CT, 'Content-Length': body.length })];
      for (let i = 0; i < 40; i++) pieces.push(body.slice(i * 10, i * 10 + 10));
      const answer = await rawExchange(url, pieces, { gapMs: 50 });
      expect(answer.status).to.equal(408);
      expect(answer.ms).to.be.below(REQUEST_TIMEOUT_MS + 1500);
      const r = await record((x) => x.fault?.name === 'REQUEST_TIMEOUT' && x.interfaceNumber === '4.2.1');
      expect(r.fault!.reason).to.contain('did not arrive in time');
    });

    it('closes a kept-alive connection left idle past the keep-alive timeout', async () => {
      const answer = await rawExchange(url, [requestHead('/health', { Connection: 'keep-alive' }).replace('POST', 'GET')], { timeoutMs: 5000 });
      expect(answer.status).to.equal(200);
      expect(answer.ms).to.be.within(900, 3000); // closed by the server, not by our guard
    });
  });

  // Mocha runs a describe's own tests before its nested ones: these look back at all the above.
  describe('afterwards', () => {
    it('journaled every refused request in the journal store too, not only in the records', async () => {
      await system.gateway.journal.flush();
      const faults = system.records.filter((r) => r.direction === 'inbound' && r.fault).length;
      const stored = await system.gateway.store.journal.find({}, { limit: 10_000 });
      expect(stored.filter((e) => e.direction === 'inbound' && e.fault).length).to.equal(faults);
      expect(faults).to.be.at.least(20);
    });

    it('journaled each refused request once, and none as an internal error', () => {
      expect(system.records.filter((r) => r.internalError)).to.deep.equal([]);
      const transport = system.records.filter((r) => r.interfaceNumber === '');
      expect(transport.map((r) => r.fault?.name).sort()).to.deep.equal([
        'BAD_HTTP_REQUEST',
        'HEADERS_TOO_LARGE',
        'REQUEST_ABORTED',
        'REQUEST_TIMEOUT',
        'UNKNOWN_PATH',
      ]);
    });
  });
});
