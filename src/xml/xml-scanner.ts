/**
 * A strict, single-pass XML 1.0 + Namespaces parser for the messages the gateway exchanges:
 * text in, namespace-resolved element tree out.
 *
 * Why not a library on this path: measured (docs/BENCHMARKS.md), fast-xml-parser's validator
 * and parser together cost more per request than the whole throughput target allows, and
 * without its validator it accepts malformed XML. This scanner does the well-formedness
 * checks and the tree in one pass over the text. It covers the whole of XML 1.0 that a
 * document without a DTD can contain (DOCTYPE is refused: no XXE, no entity expansion);
 * the test suite checks it against fast-xml-parser's validator and libxml2 on the golden
 * fixtures and on fuzzed documents.
 */
export interface XmlElement {
  ns: string;
  local: string;
  attrs: Record<string, string>; // non-namespace attributes, keyed by their lexical (prefixed) name
  children: XmlElement[];
  text: string; // character data directly inside this element (text and CDATA), trimmed
  nsScope: Record<string, string>; // prefix → URI in force here ('' = default namespace)
}

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/**
 * The deepest contract message (envelope, body, request, a repeated group, its fields) is
 * under ten levels; 64 leaves room for any header a partner adds, and bounds the work a
 * hostile document can ask for.
 */
export const MAX_DEPTH = 64;

// Characters XML 1.0 does not allow anywhere. UTF-16 surrogates that are not paired are not
// allowed either; V8's isWellFormed finds those natively (a regex with look-arounds for them
// took 30% of parsing a message with Chinese text, measured).
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
// XML 1.0 Name (fifth edition): start characters and the characters that may follow.
const NAME = /[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\uD800-\uDBFF\uDC00-\uDFFF][-.0-9:A-Z_a-z\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\uD800-\uDBFF\uDC00-\uDFFF]*/y;
const XML_DECL = /<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const LT = 60, GT = 62, SLASH = 47, EQ = 61, QUOT = 34, APOS = 39, QMARK = 63, BANG = 33;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function isXmlChar(cp: number): boolean {
  return cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

interface OpenElement {
  element: XmlElement;
  qname: string;
  nameAt: number; // where the qname starts in the text: the end tag is compared there, char by char
  text: string | undefined; // character data so far (pieces are rare: text, entities' results, CDATA)
}

class Scanner {
  private i = 0;
  private readonly stack: OpenElement[] = [];
  private root: XmlElement | undefined;
  private lastScope: Record<string, string> | undefined;
  private lastPrefix: string | undefined;
  private lastNs: string | undefined;

  constructor(private readonly s: string, private readonly maxDepth: number) {}

  parse(): XmlElement {
    const s = this.s;
    if (FORBIDDEN_CHAR.test(s) || !s.isWellFormed()) this.fail('character not allowed in XML');
    if (s.charCodeAt(0) === 0xfeff) this.i = 1;
    XML_DECL.lastIndex = this.i;
    if (s.startsWith('<?xml', this.i) && isSpace(s.charCodeAt(this.i + 5))) {
      if (!XML_DECL.test(s)) this.fail('malformed XML declaration');
      this.i = XML_DECL.lastIndex;
    }
    this.misc();
    if (this.i >= s.length || s.charCodeAt(this.i) !== LT) this.fail('expected the root element');
    this.content();
    this.misc();
    if (this.i < s.length) this.fail('content after the root element');
    return this.root!;
  }

  /** Comments, processing instructions and white space, before or after the root. */
  private misc(): void {
    const s = this.s;
    for (;;) {
      while (this.i < s.length && isSpace(s.charCodeAt(this.i))) this.i++;
      if (s.startsWith('<!--', this.i)) this.comment();
      else if (s.startsWith('<?', this.i)) this.pi();
      else if (s.startsWith('<!', this.i)) this.fail(s.startsWith('<!DOCTYPE', this.i) ? 'DOCTYPE declarations are not allowed' : 'markup declaration not allowed here');
      else return;
    }
  }

  /** From the root's start tag to its end tag. */
  private content(): void {
    const s = this.s;
    while (this.i < s.length) {
      const lt = s.indexOf('<', this.i);
      const end = lt < 0 ? s.length : lt;
      if (end > this.i) this.text(this.i, end);
      this.i = end;
      if (lt < 0) break;
      const next = s.charCodeAt(lt + 1);
      if (next === SLASH) {
        this.endTag();
        if (this.stack.length === 0) return;
      } else if (next === BANG) {
        if (s.startsWith('<!--', lt)) this.comment();
        else if (s.startsWith('<![CDATA[', lt)) this.cdata();
        else this.fail(s.startsWith('<!DOCTYPE', lt) ? 'DOCTYPE declarations are not allowed' : 'markup declaration not allowed in content');
      } else if (next === QMARK) {
        this.pi();
      } else {
        this.startTag();
        if (this.stack.length === 0) return; // an empty root element
      }
    }
    this.fail(this.stack.length ? `element ${this.stack[this.stack.length - 1].qname} is not closed` : 'no root element');
  }

  private text(from: number, to: number): void {
    const s = this.s;
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      for (let k = from; k < to; k++) if (!isSpace(s.charCodeAt(k))) this.fail('text outside the root element', k);
      return;
    }
    // White space between elements is most of the text in a message and means nothing:
    // text only matters in simple values, where it is trimmed, or is refused as mixed content.
    let k = from;
    while (k < to && isSpace(s.charCodeAt(k))) k++;
    if (k === to) return;
    const raw = s.slice(from, to);
    if (raw.includes(']]>')) this.fail('"]]>" is not allowed in text', from + raw.indexOf(']]>'));
    const piece = raw.indexOf('&') >= 0 ? this.decode(raw, from) : raw;
    top.text = top.text === undefined ? piece : top.text + piece;
  }

  private cdata(): void {
    const close = this.s.indexOf(']]>', this.i + 9);
    if (close < 0) this.fail('CDATA section is not closed');
    const top = this.stack[this.stack.length - 1];
    const piece = this.s.slice(this.i + 9, close);
    top.text = top.text === undefined ? piece : top.text + piece;
    this.i = close + 3;
  }

  private comment(): void {
    const close = this.s.indexOf('-->', this.i + 4);
    if (close < 0) this.fail('comment is not closed');
    const dashes = this.s.indexOf('--', this.i + 4);
    if (dashes < close) this.fail('"--" is not allowed inside a comment', dashes);
    this.i = close + 3;
  }

  private pi(): void {
    const target = this.name(this.i + 2);
    if (target.toLowerCase() === 'xml') this.fail('an XML declaration is only allowed at the very start');
    const close = this.s.indexOf('?>', this.i);
    if (close < 0) this.fail('processing instruction is not closed');
    const after = this.i + 2 + target.length;
    if (after < close && !isSpace(this.s.charCodeAt(after))) this.fail('processing instruction target must be followed by white space');
    this.i = close + 2;
  }

  private startTag(): void {
    const s = this.s;
    const start = this.i;
    const qname = this.name(start + 1);
    let i = start + 1 + qname.length;
    let rawAttrs: Array<[string, string]> | undefined;
    let selfClosing = false;
    for (;;) {
      const spaced = isSpace(s.charCodeAt(i));
      while (isSpace(s.charCodeAt(i))) i++;
      const c = s.charCodeAt(i);
      if (c === GT) { i++; break; }
      if (c === SLASH && s.charCodeAt(i + 1) === GT) { i += 2; selfClosing = true; break; }
      if (i >= s.length) this.fail(`start tag of ${qname} is not closed`, start);
      if (!spaced) this.fail(`white space is required between attributes of ${qname}`, i);
      const name = this.name(i);
      i += name.length;
      while (isSpace(s.charCodeAt(i))) i++;
      if (s.charCodeAt(i) !== EQ) this.fail(`attribute ${name} needs a value`, i);
      i++;
      while (isSpace(s.charCodeAt(i))) i++;
      const quote = s.charCodeAt(i);
      if (quote !== QUOT && quote !== APOS) this.fail(`the value of attribute ${name} must be quoted`, i);
      const close = s.indexOf(quote === QUOT ? '"' : "'", i + 1);
      if (close < 0) this.fail(`the value of attribute ${name} is not closed`, i);
      let value = s.slice(i + 1, close);
      if (value.indexOf('<') >= 0) this.fail(`"<" is not allowed in the value of attribute ${name}`, i);
      if (value.indexOf('&') >= 0) value = this.decode(value, i + 1);
      // Attribute-value normalisation: literal white space characters become spaces.
      if (/[\t\n\r]/.test(value)) value = value.replace(/\r\n|[\t\n\r]/g, ' ');
      for (const [seen] of rawAttrs ?? []) if (seen === name) this.fail(`attribute ${name} is repeated`, i);
      (rawAttrs ??= []).push([name, value]);
      i = close + 1;
    }
    this.i = i;
    this.open(qname, rawAttrs, start);
    if (selfClosing) this.close();
  }

  private open(qname: string, rawAttrs: Array<[string, string]> | undefined, at: number): void {
    if (this.root && this.stack.length === 0) this.fail('only one root element is allowed', at);
    if (this.stack.length >= this.maxDepth) this.fail(`elements nested deeper than ${this.maxDepth} levels`, at);
    const parent = this.stack[this.stack.length - 1];
    let scope = parent ? parent.element.nsScope : ROOT_SCOPE;
    // Most elements have no attributes: they share one frozen empty record instead of each allocating one.
    const attrs: Record<string, string> = rawAttrs ? {} : NO_ATTRIBUTES;
    if (rawAttrs) {
      for (const [name, value] of rawAttrs) {
        if (name === 'xmlns' || name.startsWith('xmlns:')) {
          const prefix = name === 'xmlns' ? '' : name.slice(6);
          if (prefix !== '' && value === '') this.fail(`namespace prefix ${prefix} cannot be undeclared`, at);
          if (prefix === 'xmlns' || (prefix === 'xml') !== (value === XML_NS) || value === XMLNS_NS) this.fail(`reserved namespace binding ${name}="${value}"`, at);
          if (scope === (parent ? parent.element.nsScope : ROOT_SCOPE)) scope = { ...scope };
          scope[prefix] = value;
        } else {
          attrs[name] = value;
        }
      }
      for (const name in attrs) {
        const colon = name.indexOf(':');
        if (colon > 0 && scope[name.slice(0, colon)] === undefined) this.fail(`undeclared namespace prefix "${name.slice(0, colon)}"`, at);
      }
    }
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    // Nearly every element repeats its predecessor's prefix in the same scope: a freshly sliced
    // key costs a string-table look-up per property access, a string comparison does not.
    let ns: string | undefined;
    if (scope === this.lastScope && prefix === this.lastPrefix) ns = this.lastNs;
    else {
      ns = scope[prefix];
      this.lastScope = scope;
      this.lastPrefix = prefix;
      this.lastNs = ns;
    }
    if (ns === undefined && prefix !== '') this.fail(`undeclared namespace prefix "${prefix}"`, at);
    if (colon >= 0 && (colon === 0 || colon === qname.length - 1 || qname.indexOf(':', colon + 1) >= 0)) this.fail(`malformed qualified name ${qname}`, at);
    const element: XmlElement = { ns: ns ?? '', local: colon < 0 ? qname : qname.slice(colon + 1), attrs, children: [], text: '', nsScope: scope };
    if (parent) parent.element.children.push(element);
    else this.root = element;
    this.stack.push({ element, qname, nameAt: at + 1, text: undefined });
  }

  private endTag(): void {
    const s = this.s;
    const start = this.i;
    const top = this.stack[this.stack.length - 1];
    if (!top) this.fail('an end tag without a start tag', start);
    // The usual case, the open element's name followed by '>' or white space, needs no name scan.
    const length = top.qname.length;
    let i = start + 2 + length;
    const after = s.charCodeAt(i);
    if (!this.sameName(top.nameAt, start + 2, length) || (after !== GT && !isSpace(after))) {
      const qname = this.name(start + 2);
      this.fail(`expected </${top.qname}>, found </${qname}>`, start);
    }
    while (isSpace(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) !== GT) this.fail(`end tag of ${top.qname} is malformed`, start);
    this.i = i + 1;
    this.close();
  }

  /** Whether the `length` characters at `a` and at `b` are the same (cheaper here than startsWith). */
  private sameName(a: number, b: number, length: number): boolean {
    const s = this.s;
    if (b + length > s.length) return false;
    for (let k = 0; k < length; k++) if (s.charCodeAt(a + k) !== s.charCodeAt(b + k)) return false;
    return true;
  }

  private close(): void {
    const top = this.stack.pop()!;
    if (top.text !== undefined) top.element.text = top.text.trim();
  }

  private name(at: number): string {
    // ASCII names (all of SOAP's and the contract's) are scanned by hand; others by the full rule.
    const s = this.s;
    let c = s.charCodeAt(at);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58) {
      let k = at + 1;
      for (;;) {
        c = s.charCodeAt(k);
        if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 58 || c === 45 || c === 46) k++;
        else break;
      }
      if (!(c >= 0x80)) return s.slice(at, k);
    }
    NAME.lastIndex = at;
    const m = NAME.exec(this.s);
    if (!m) this.fail('expected a name', at);
    return m[0];
  }

  /** Replaces character and predefined entity references; any other '&' is an error. */
  private decode(raw: string, offset: number): string {
    let out = '';
    let from = 0;
    for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
      const semi = raw.indexOf(';', amp);
      if (semi < 0) this.fail('"&" must start a reference ending in ";"', offset + amp);
      const ref = raw.slice(amp + 1, semi);
      let ch: string | undefined;
      if (ref.charCodeAt(0) === 35 /* # */) {
        const cp = ref.charCodeAt(1) === 120 /* x */ ? (/^x[0-9a-fA-F]+$/.test(ref.slice(1)) ? parseInt(ref.slice(2), 16) : NaN) : /^[0-9]+$/.test(ref.slice(1)) ? parseInt(ref.slice(1), 10) : NaN;
        if (!isXmlChar(cp)) this.fail(`character reference &${ref}; is not an XML character`, offset + amp);
        ch = String.fromCodePoint(cp);
      } else {
        ch = PREDEFINED[ref];
        if (ch === undefined) this.fail(`undefined entity &${ref};`, offset + amp);
      }
      out += raw.slice(from, amp) + ch;
      from = semi + 1;
    }
    return out + raw.slice(from);
  }

  private fail(message: string, at = this.i): never {
    let line = 1;
    let lineStart = 0;
    for (let k = this.s.indexOf('\n'); k >= 0 && k < at; k = this.s.indexOf('\n', k + 1)) {
      line++;
      lineStart = k + 1;
    }
    throw new XmlSyntaxError(message, line, at - lineStart + 1);
  }
}

const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;
const ROOT_SCOPE: Record<string, string> = Object.freeze({ xml: XML_NS }) as Record<string, string>;

export function scanXml(xml: string, maxDepth = MAX_DEPTH): XmlElement {
  return new Scanner(xml, maxDepth).parse();
}
