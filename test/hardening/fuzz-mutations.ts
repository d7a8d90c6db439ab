/**
 * Seeded mutations of a valid SOAP request, for the fuzz test: each takes the request (text,
 * bytes, headers) and a random source and returns a damaged one. Every case is reproducible
 * from its seed alone.
 */

/** mulberry32: small, fast, good enough to pick mutations; the same seed gives the same run. */
export function randomSource(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, int, pick: <T>(items: readonly T[]) => items[int(0, items.length - 1)] };
}

export interface Random {
  next(): number;
  /** A whole number from min to max, both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export interface FuzzRequest {
  xml: string;
  /** Set by byte-level mutations; then it is what is sent, and xml is ignored. */
  bytes?: Buffer;
  headers: Record<string, string>;
}

type Mutation = (req: FuzzRequest, r: Random) => FuzzRequest;

const withXml = (req: FuzzRequest, xml: string): FuzzRequest => ({ ...req, xml, bytes: undefined });
const bytesOf = (req: FuzzRequest) => req.bytes ?? Buffer.from(req.xml, 'utf8');

/** [start, end) of every element with no child elements (a leaf: <p:Name>text</p:Name>). */
function leaves(xml: string): Array<[number, number]> {
  return [...xml.matchAll(/<([\w.-]+:)?[\w.-]+>[^<]*<\/([\w.-]+:)?[\w.-]+>/g)].map((m) => [m.index!, m.index! + m[0].length]);
}

/** [start, end) of the text of every leaf. */
function texts(xml: string): Array<[number, number]> {
  return [...xml.matchAll(/>([^<]+)<\//g)].map((m) => [m.index! + 1, m.index! + 1 + m[1].length]);
}

function startTags(xml: string): Array<[number, number]> {
  return [...xml.matchAll(/<[\w.-]+(:[\w.-]+)?(\s[^>]*)?>/g)].map((m) => [m.index!, m.index! + m[0].length]);
}

function splice(xml: string, [start, end]: [number, number], insert: string): string {
  return xml.slice(0, start) + insert + xml.slice(end);
}

const UNICODE = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u200e',
  '\u202e',
  '\u2028',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  '中文',
  '𠀀',
  'é',
  'e\u0301',
  '\u0130',
  'ß',
  'Ω',
  '\u3000',
  '１２３',
  '٣',
  '\r',
  '\t',
  ']]>',
  '"',
  "'",
  '<',
  '>',
  '&',
];
const NUMBERS = [
  '9'.repeat(19),
  '9'.repeat(400),
  '-1',
  '0',
  '-0',
  '1e308',
  '0.5',
  '1.0',
  'NaN',
  'Infinity',
  '+5',
  ' 5 ',
  '0x10',
  '٥',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775809',
  '00000000000000000001',
];
const ATTRIBUTES = [
  'xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
  'xsi:type="xs:string"',
  'soapenv:mustUnderstand="1"',
  'soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"',
  'href="#id0"',
  'id="id0"',
  'xml:lang="zh"',
  'xmlns=""',
  'xmlns:tns="urn:evil"',
  'xmlns:x="http://schemas.xmlsoap.org/soap/envelope/"',
  `a="${'x'.repeat(5000)}"`,
  'a="1" a="2"',
  'a=1',
  'a',
  '=""',
  'a="<"',
  'a="&x;"',
  'a="&#0;"',
];
const ENTITIES = [
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x0;',
  '&#xD800;',
  '&#1114112;',
  '&#x110000;',
  '&#65;',
  '&nbsp;',
  '&unknown;',
  '&',
  '&#;',
  '&#x;',
  '&#99999999999999999999;',
];
const INSERTS = [
  '<![CDATA[x]]>',
  '<![CDATA[<a>]]>',
  '<!-- c -->',
  '<!-- -- -->',
  '<?pi x?>',
  '<?xml version="1.0"?>',
  '<!DOCTYPE x>',
  '<!ENTITY x "y">',
  '</x>',
  '<x>',
  '<x/>',
  '<>',
  '</>',
  '<1a/>',
  '<a:b:c/>',
];
const CHARSETS = [
  'gbk',
  'GB18030',
  'gb2312',
  'iso-8859-1',
  'utf-16',
  'UTF-16LE',
  'utf-32',
  'us-ascii',
  'bogus',
  'utf-8; charset=gbk',
  '',
  '"utf-8"',
  'UTF8',
  'big5',
  'shift_jis',
];
const CONTENT_TYPES = [
  'application/soap+xml',
  'application/xml',
  'text/plain',
  'text/xml; action="x"',
  'multipart/related; boundary=x',
  'text/xml;;;',
  'TEXT/XML',
  '',
];

const MUTATIONS: Record<string, Mutation> = {
  flipBytes(req, r) {
    const bytes = Buffer.from(bytesOf(req));
    for (let i = r.int(1, 8); i > 0; i--) bytes[r.int(0, bytes.length - 1)] ^= 1 << r.int(0, 7);
    return { ...req, bytes };
  },
  randomBytes(req, r) {
    const bytes = Buffer.from(bytesOf(req));
    for (let i = r.int(1, 16); i > 0; i--) bytes[r.int(0, bytes.length - 1)] = r.int(0, 255);
    return { ...req, bytes };
  },
  truncate(req, r) {
    const bytes = bytesOf(req);
    return { ...req, bytes: bytes.subarray(0, r.int(0, bytes.length - 1)) };
  },
  duplicateElement(req, r) {
    const all = leaves(req.xml);
    if (!all.length) return req;
    const at = r.pick(all);
    const element = req.xml.slice(at[0], at[1]);
    // Many copies sometimes, but the body stays well under BODY_LIMIT_BYTES (413 is the hostile-input test's business).
    const copies = Math.min(r.int(1, r.next() < 0.1 ? 2000 : 3), Math.floor(200_000 / element.length));
    return withXml(req, splice(req.xml, [at[1], at[1]], element.repeat(copies)));
  },
  deleteElement(req, r) {
    const all = leaves(req.xml);
    return all.length ? withXml(req, splice(req.xml, r.pick(all), '')) : req;
  },
  swapElements(req, r) {
    const all = leaves(req.xml);
    if (all.length < 2) return req;
    const i = r.int(0, all.length - 2);
    const [a, b] = [all[i], all[i + 1]];
    const xml = req.xml;
    return withXml(req, xml.slice(0, a[0]) + xml.slice(b[0], b[1]) + xml.slice(a[1], b[0]) + xml.slice(a[0], a[1]) + xml.slice(b[1]));
  },
  renameElement(req, r) {
    const all = leaves(req.xml);
    if (!all.length) return req;
    const at = r.pick(all);
    const element = req.xml
      .slice(at[0], at[1])
      .replace(/([\w.-]+)>/g, (_, name: string) => `${r.pick([name.toLowerCase(), `${name}X`, name.slice(1), 'Unknown'])}>`);
    return withXml(req, splice(req.xml, at, element));
  },
  randomUnicode(req, r) {
    const all = texts(req.xml);
    if (!all.length) return req;
    const [start, end] = r.pick(all);
    const at = r.int(start, end);
    let junk = '';
    for (let i = r.int(1, 6); i > 0; i--) junk += r.next() < 0.7 ? r.pick(UNICODE) : String.fromCodePoint(r.int(0, 0x10ffff));
    return withXml(req, splice(req.xml, [at, at], junk));
  },
  replaceText(req, r) {
    const all = texts(req.xml);
    if (!all.length) return req;
    const choice = r.next();
    const text = choice < 0.5 ? r.pick(NUMBERS) : choice < 0.7 ? '' : choice < 0.85 ? 'x'.repeat(r.int(33, 100_000)) : r.pick(UNICODE).repeat(r.int(1, 50));
    return withXml(req, splice(req.xml, r.pick(all), text));
  },
  injectAttribute(req, r) {
    const all = startTags(req.xml);
    if (!all.length) return req;
    const [, end] = r.pick(all);
    return withXml(req, splice(req.xml, [end - 1, end - 1], ` ${r.pick(ATTRIBUTES)}`));
  },
  injectEntity(req, r) {
    const all = texts(req.xml);
    if (!all.length) return req;
    const [start] = r.pick(all);
    return withXml(req, splice(req.xml, [start, start], r.pick(ENTITIES)));
  },
  injectMarkup(req, r) {
    const at = r.int(0, req.xml.length);
    return withXml(req, splice(req.xml, [at, at], r.pick(INSERTS)));
  },
  renamePrefix(req, r) {
    const [from, to] = r.pick([
      ['tns', 'x'],
      ['tns', 'soapenv'],
      ['soapenv', 'S'],
      ['soapenv', 'tns'],
      ['tns', 'xml'],
      ['tns', 'xmlns'],
      ['tns', ''],
      ['tns', 'a-b.c'],
    ] as const);
    // Sometimes consistently (a valid rename: must still work), sometimes only the uses, not the declaration.
    const everywhere = r.next() < 0.5;
    const xml = everywhere
      ? req.xml.replace(new RegExp(`\\b${from}:`, 'g'), to ? `${to}:` : '').replace(`xmlns:${from}=`, to ? `xmlns:${to}=` : 'xmlns=')
      : req.xml.replace(new RegExp(`<${from}:`, 'g'), `<${to}:`);
    return withXml(req, xml);
  },
  changeNamespace(req, r) {
    const uri = r.pick([
      'http://ucrm.chinaunicom.cn/vol11',
      'http://schemas.xmlsoap.org/soap/envelope/',
      'http://www.w3.org/2003/05/soap-envelope',
      '',
      'urn:x',
    ]);
    const target = r.pick(['http://ucrm.chinaunicom.cn/vol10', 'http://schemas.xmlsoap.org/soap/envelope/']);
    return withXml(req, req.xml.replace(`"${target}"`, `"${uri}"`));
  },
  deepNesting(req, r) {
    const all = leaves(req.xml);
    if (!all.length) return req;
    const at = r.pick(all);
    const depth = r.pick([10, 50, 63, 64, 65, 100, 1000, 10_000]);
    const tag = r.pick(['a', 'tns:Wrap', 'soapenv:Body']);
    return withXml(
      req,
      splice(req.xml, [at[0], at[0]], `<${tag}>`.repeat(depth)).replace(req.xml.slice(at[0], at[1]), (m) => m + `</${tag}>`.repeat(depth)),
    );
  },
  charsetLie(req, r) {
    const charset = r.pick(CHARSETS);
    const headers = { ...req.headers, 'content-type': charset ? `text/xml; charset=${charset}` : 'text/xml' };
    const xml = r.next() < 0.5 ? req.xml.replace('encoding="UTF-8"', `encoding="${r.pick(['GBK', 'UTF-16', 'ISO-8859-1', 'bogus', 'utf-8'])}"`) : req.xml;
    if (r.next() < 0.2) return { xml, headers, bytes: Buffer.from(xml, r.pick(['utf16le', 'latin1'] as const)) };
    return { ...withXml(req, xml), headers };
  },
  wrongContentType(req, r) {
    return { ...req, headers: { ...req.headers, 'content-type': r.pick(CONTENT_TYPES) } };
  },
  wrongSoapAction(req, r) {
    return {
      ...req,
      headers: { ...req.headers, soapaction: r.pick(['', '""', '"x"', 'http://ucrm.chinaunicom.cn/vol10/RemotePay', '"' + 'a'.repeat(2000) + '"', '\u00e9']) },
    };
  },
  dropDeclaration(req, r) {
    return withXml(req, r.next() < 0.5 ? req.xml.replace(/^<\?xml[^>]*\?>\s*/, '') : `\ufeff${req.xml}`);
  },
  dropHeaderOrBody(req, r) {
    const which = r.pick(['Header', 'Body', 'Envelope']);
    return withXml(req, req.xml.replace(new RegExp(`<soapenv:${which}>[\\s\\S]*</soapenv:${which}>`), r.pick(['', `<soapenv:${which}/>`])));
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** Applies one to three random mutations; returns the damaged request and what was done to it. */
export function mutate(original: FuzzRequest, r: Random): { request: FuzzRequest; applied: string[] } {
  let request = original;
  const applied: string[] = [];
  for (let i = r.int(1, 3); i > 0; i--) {
    const name = r.pick(MUTATION_NAMES);
    request = MUTATIONS[name](request, r);
    applied.push(name);
  }
  return { request, applied };
}
