/**
 * The XML engine's defects, sent as whole requests: to the production process (with the heap
 * `npm start` gives it), to an in-process gateway (whose journal shows each refusal) and to a
 * mock province. Each body is within the 1 MiB request limit and needs no DOCTYPE; each gets
 * a clear 9001 Client fault — naming the limit where one was reached — and the server goes on
 * answering a normal query with 0000.
 */
import { expect } from 'chai';
import iconv from 'iconv-lite';
import { RunningSystem, startSystem } from '../support/system';
import { Child, startGatewayProcess } from '../support/gateway-process';
import { expectClientFaultAnswer, expectStillServing, fixture, journaled, normalQuery, post, readFault, SOAP11_CT } from './hostile-input-support';

const repeat = (n: number, piece: (k: number) => string) => Array.from({ length: n }, (_, k) => piece(k)).join('');
const inQuery = (construction: string) => normalQuery().replace('<tns:CollectProvince>', `${construction}<tns:CollectProvince>`);

interface HostileBody {
  what: string;
  body: Buffer;
  contentType?: string;
  reason: RegExp;
}

const HOSTILE: HostileBody[] = [
  {
    what: '2,000 namespace declarations on the root and one on each of 2,000 children (63 KB)',
    body: Buffer.from(`<a${repeat(2000, (k) => ` xmlns:p${k}="u"`)}>${'<b xmlns:q="u"/>'.repeat(2000)}</a>`),
    reason: /limit maxAttributesPerElement/,
  },
  {
    what: '100 namespace declarations on one element',
    body: Buffer.from(inQuery(`<x${repeat(100, (k) => ` xmlns:p${k}="u"`)}/>`)),
    reason: /limit maxNamespaceDeclarationsPerElement/,
  },
  {
    what: 'a declaration on each of 60,000 elements (1 MB)',
    body: Buffer.from(inQuery(`<x>${'<b xmlns:q="u"/>'.repeat(60_000)}</x>`)),
    reason: /limit maxNodes/,
  },
  {
    what: 'one element with 30,000 attributes (289 KB)',
    body: Buffer.from(`<a${repeat(30_000, (k) => ` a${k}="1"`)}/>`),
    reason: /limit maxAttributesPerElement/,
  },
  { what: '250,000 empty elements (1 MB)', body: Buffer.from(inQuery(`<x>${'<b/>'.repeat(250_000)}</x>`)), reason: /limit maxNodes/ },
  { what: 'a name of 900,000 characters', body: Buffer.from(`<${'a'.repeat(900_000)}/>`), reason: /limit maxNameLength/ },
  { what: '20,000 U+FFFD (60 KB)', body: Buffer.from(`<a>${'\uFFFD'.repeat(20_000)}</a>`), reason: /Envelope/ },
  {
    what: '80,000 U+FFFD in GB18030 (320 KB)',
    body: iconv.encode(`<?xml version="1.0" encoding="GB18030"?><a>${'\uFFFD'.repeat(80_000)}</a>`, 'gb18030'),
    contentType: 'text/xml; charset=GB18030',
    reason: /Envelope/,
  },
  { what: 'an entity named constructor', body: Buffer.from(normalQuery().replace('13051000001', '&constructor;')), reason: /undefined entity &constructor;/ },
  { what: 'an element prefix valueOf, never declared', body: Buffer.from(inQuery('<valueOf:x/>')), reason: /undeclared namespace prefix "valueOf"/ },
  {
    what: 'the default namespace bound through xmlns: (read as no namespace by libxml2)',
    body: Buffer.from(
      normalQuery()
        .replace(/xmlns:tns=/, 'xmlns:=')
        .replace(/tns:/g, ''),
    ),
    reason: /malformed namespace declaration xmlns:/,
  },
  {
    what: 'one attribute through two prefixes of one namespace',
    body: Buffer.from(inQuery('<x xmlns:p="u" xmlns:q="u" p:a="1" q:a="2"/>')),
    reason: /attribute \{u\}a is repeated/,
  },
  {
    what: 'a ServiceNumber wrapped in U+3000 (GBK A1 A1)',
    body: iconv.encode(normalQuery().replace('13051000001', '\u300013051000001\u3000'), 'gbk'),
    contentType: 'text/xml; charset=GBK',
    reason: /schema violation .*13051000001/,
  },
];

const named = (what: RegExp) => HOSTILE.find((h) => what.test(h.what))!;

async function expectRefused(url: string, path: string, { body, contentType, reason }: HostileBody): Promise<void> {
  const answer = await post(url, path, body, { 'content-type': contentType ?? SOAP11_CT, soapaction: '""' }, 30_000);
  expectClientFaultAnswer(answer, 500, reason);
}

describe('hardening: hostile XML bodies', function () {
  this.timeout(60_000);

  describe('to the production process, on the heap npm start gives it', () => {
    let gateway: Child;
    let system: RunningSystem; // its provinces

    before(async () => {
      system = await startSystem();
      gateway = await startGatewayProcess({ PROVINCE_URL_TEMPLATE: `${system.mockUrl}/province/{code}`, LOG_LEVEL: 'info' }, ['--max-old-space-size=128']);
    });
    after(async () => {
      gateway.process.kill('SIGTERM');
      await gateway.exited;
      await system.close();
    });

    for (const hostile of HOSTILE) {
      it(`${hostile.what}: a 9001 fault, and it keeps serving`, async () => {
        await expectRefused(gateway.url, '/ucrm/4.2.1', hostile);
        await expectStillServing(gateway.url);
      });
    }

    it('all of them at once', async () => {
      await Promise.all(HOSTILE.map((hostile) => expectRefused(gateway.url, '/ucrm/4.2.1', hostile)));
      await expectStillServing(gateway.url);
      expect(gateway.process.exitCode).to.equal(null);
    });
  });

  describe('to an in-process gateway and a mock province', () => {
    let system: RunningSystem;

    before(async () => {
      system = await startSystem();
    });
    after(async () => {
      await system.close();
    });

    it('journals each refusal as malformed XML, with the limit named', async () => {
      const hostile = named(/30,000 attributes/);
      const seen = system.records.length;
      await expectRefused(system.gatewayUrl, '/ucrm/4.2.1', hostile);
      const record = await journaled(system.records, (r) => system.records.indexOf(r) >= seen && r.fault?.name === 'MALFORMED_XML');
      expect(record.fault?.reason).to.match(/limit maxAttributesPerElement/);
    });

    it('a value quoted in the fault, cut through a surrogate pair, still leaves a readable fault in GB18030', async () => {
      // The validator quotes 40 characters of a bad value: here the 40th is the first half of 𠀀.
      const body = iconv.encode(normalQuery().replace('13051000001', `${'1'.repeat(39)}\u{20000}`), 'gb18030');
      const answer = await fetch(`${system.gatewayUrl}/ucrm/4.2.1`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'text/xml; charset=GB18030', soapaction: '""' },
      });
      expect(answer.status).to.equal(500);
      const fault = readFault(iconv.decode(Buffer.from(await answer.arrayBuffer()), 'gb18030'));
      expect(fault.rspCode).to.equal('9001');
      expect(fault.reason).to.contain(`${'1'.repeat(39)}\uFFFD…`);
    });

    it('a mock province refuses them the same way and keeps serving', async () => {
      const query = fixture('4.2.2');
      for (const hostile of [named(/2,000 namespace/), named(/30,000 attributes/), named(/250,000/)])
        await expectRefused(system.mockUrl, '/province/51/4.2.2', hostile);
      const answer = await post(system.mockUrl, '/province/51/4.2.2', query, { 'content-type': SOAP11_CT, soapaction: '""' });
      expect(/<\w+:RspCode>(\d{4})</.exec(answer.body)?.[1]).to.equal('0000');
    });
  });
});
