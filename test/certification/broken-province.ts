/**
 * Deliberately broken provinces for the certification tests: the project's own mock province
 * behind a wrapper that breaks one rule each, by rewriting the request it passes on or the
 * answer it passes back. Test-only: the mocks themselves stay correct.
 */
import { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import iconv from 'iconv-lite';
import { request } from 'undici';

export const BREAKAGES = [
  'schema',
  'transidh',
  'actioncode',
  'rspcode',
  'double-credit',
  'reverse-unknown',
  'reverse-twice',
  'after-day',
  'charset',
  'slow',
] as const;
export type Breakage = (typeof BREAKAGES)[number];

const TAG = (name: string) => new RegExp(`(<([\\w-]+):${name}>)([^<]*)(</\\2:${name}>)`);

/** A request listener forwarding to `targetUrl` (the mock's origin), broken as `how` says. */
export function brokenProvince(targetUrl: string, how: Breakage): RequestListener {
  let resends = 0;
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      let body: Buffer = Buffer.concat(chunks);
      const contentType = String(req.headers['content-type'] ?? 'text/xml; charset=utf-8');
      const gbk = /gbk/i.test(contentType);
      const text = (b: Buffer) => (gbk ? iconv.decode(b, 'gbk') : b.toString('utf8'));
      const bytes = (t: string) => (gbk ? iconv.encode(t, 'gbk') : Buffer.from(t, 'utf8'));
      let sentTransIdH: string | undefined;
      if (how === 'double-credit' && req.url?.endsWith('/5.2.2')) {
        // Forgets the TransIDH it was sent: every re-send is a new payment to it.
        const xml = text(body);
        sentTransIdH = TAG('TransIDH').exec(xml)?.[3];
        body = bytes(xml.replace(TAG('TransIDH'), (_m, open, _p, value, close) => `${open}${value.slice(0, 24)}R${++resends}${close}`));
      }
      const answer = await request(`${targetUrl}${req.url}`, {
        method: 'POST',
        headers: { 'content-type': contentType, soapaction: String(req.headers.soapaction ?? '') },
        body,
      });
      let xml = text(Buffer.from(await answer.body.arrayBuffer()));
      xml = rewrite(xml, how, req.url ?? '', sentTransIdH);
      if (how === 'slow') await new Promise((r) => setTimeout(r, 300));
      const utf8Instead = how === 'charset' && gbk;
      const out = utf8Instead ? Buffer.from(xml.replace(/encoding="GBK"/, 'encoding="UTF-8"'), 'utf8') : bytes(xml);
      res.writeHead(answer.statusCode, { 'content-type': utf8Instead ? 'text/xml; charset=utf-8' : String(answer.headers['content-type']) });
      res.end(out);
    });
  };
}

function rewrite(xml: string, how: Breakage, url: string, sentTransIdH: string | undefined): string {
  const code = (from: string, to: string, type: string) =>
    TAG('RspCode').exec(xml)?.[3] === from ? xml.replace(TAG('RspCode'), `$1${to}$4`).replace(TAG('RspType'), `$1${type}$4`) : xml;
  switch (how) {
    case 'schema':
      return xml.replace(TAG('ServiceNumber'), (m, _open, p) => `<${p}:Unexpected>1</${p}:Unexpected>${m}`);
    case 'transidh':
      return xml.replace(TAG('TransIDH'), '$1UCRMNOTTHEONESENT$4');
    case 'actioncode':
      return xml.replace(TAG('ActionCode'), '$10$4');
    case 'rspcode':
      return code('1002', '1009', '1');
    case 'double-credit':
      return sentTransIdH ? xml.replace(TAG('TransIDH'), `$1${sentTransIdH}$4`) : xml;
    case 'reverse-unknown':
      return url.endsWith('/6.2.2') ? code('2003', '0000', '0') : xml;
    case 'reverse-twice':
      return url.endsWith('/6.2.2') ? code('2004', '0000', '0') : xml;
    case 'after-day':
      return url.endsWith('/6.2.2') ? code('2005', '0000', '0') : xml;
    default:
      return xml;
  }
}
