/**
 * A strict, single-pass XML 1.0 + Namespaces parser for the messages the gateway exchanges:
 * text in, namespace-resolved element tree out.
 *
 * Why not a library on this path: measured (docs/BENCHMARKS.md, "Choosing the XML engine"),
 * the conformant libraries cost more per message than the throughput goals leave, and
 * fast-xml-parser without its validator accepts malformed XML. This scanner does the
 * well-formedness and namespace checks and builds the tree in one pass. It covers the whole of
 * XML 1.0 that a document without a DTD can contain (DOCTYPE is refused: no XXE, no entity
 * expansion), and the suite holds its trees and verdicts to libxml2's (test/xml/).
 *
 * Every cost is linear in the document: nothing is re-scanned or copied per element, and the
 * limits in xml-limits.ts bound what a document can ask for.
 */
import { isNCName, isQName, nameEnd } from './xml-names';
import { isUriReference } from './uri-reference';
import { NamespaceScope, XML_NS } from './namespace-scope';
import { XML_LIMITS, XmlLimitError, XmlLimitName, XmlLimits, XmlSyntaxError } from './xml-limits';

export { NamespaceScope, XML_NS, XML_LIMITS, XmlLimitError, XmlLimits, XmlSyntaxError };

export interface XmlElement {
  ns: string;
  local: string;
  /** Non-namespace attributes by their lexical (prefixed) name; a record without a prototype. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside this element (text and CDATA), XML white space trimmed. */
  text: string;
  nsScope: NamespaceScope;
}

/** The deepest nesting a document may have (XML_LIMITS.maxDepth). */
export const MAX_DEPTH = XML_LIMITS.maxDepth;

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

// Characters XML 1.0 does not allow anywhere. Lone surrogates are not allowed either; V8's
// isWellFormed finds those natively, far cheaper than a regex with look-arounds.
// eslint-disable-next-line no-control-regex -- these control characters are exactly what it finds
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
// White space in the declaration is XML's four characters, never Unicode's wider set.
const XML_DECL =
  /<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])1\.[0-9]+\1(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(?:yes|no)\3)?[ \t\n]*\?>/y;

const LT = 60,
  GT = 62,
  SLASH = 47,
  EQ = 61,
  QUOT = 34,
  APOS = 39,
  QMARK = 63,
  BANG = 33;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function isXmlChar(cp: number): boolean {
  return cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** The five predefined entities; a switch, so no inherited property can pass for one. */
function predefinedEntity(name: string): string | undefined {
  switch (name) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default:
      return undefined;
  }
}

/** Trims XML white space (space, tab, LF, CR) only: U+3000, U+00A0 and U+FEFF are content. */
export function trimXmlSpace(text: string): string {
  let from = 0;
  let to = text.length;
  while (from < to && isSpace(text.charCodeAt(from))) from++;
  while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
  return from === 0 && to === text.length ? text : text.slice(from, to);
}

interface OpenElement {
  element: XmlElement;
  qname: string;
  nameAt: number; // where the qname starts in the text: the end tag is compared there, char by char
  text: string | undefined; // character data so far, undefined until the first non-white piece
}

class Scanner {
  private i = 0;
  private readonly s: string;
  private readonly stack: OpenElement[] = [];
  private root: XmlElement | undefined;
  private nodes = 0;
  private lastScope: NamespaceScope | undefined;
  private lastPrefix: string | undefined;
  private lastNs: string | undefined;

  constructor(
    text: string,
    private readonly limits: XmlLimits,
  ) {
    // XML 1.0 §2.11: a parser reads every CRLF and lone CR as LF, before anything else.
    this.s = text.indexOf('\r') >= 0 ? text.replace(/\r\n?/g, '\n') : text;
  }

  parse(): XmlElement {
    const s = this.s;
    if (FORBIDDEN_CHAR.test(s) || !s.isWellFormed()) this.fail('character not allowed in XML', firstForbidden(s));
    XML_DECL.lastIndex = 0;
    if (s.startsWith('<?xml') && isSpace(s.charCodeAt(5))) {
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
      else if (s.startsWith('<!', this.i))
        this.fail(s.startsWith('<!DOCTYPE', this.i) ? 'DOCTYPE declarations are not allowed' : 'markup declaration not allowed here');
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
    // White space between elements is most of the text in a message and means nothing: it is
    // kept only once an element has character data (where it may sit between two pieces).
    let k = from;
    while (k < to && isSpace(s.charCodeAt(k))) k++;
    if (k === to) {
      if (top.text !== undefined) top.text += s.slice(from, to);
      return;
    }
    this.countNode(from);
    const raw = s.slice(from, to);
    if (raw.includes(']]>')) this.fail('"]]>" is not allowed in text', from + raw.indexOf(']]>'));
    const piece = raw.indexOf('&') >= 0 ? this.decode(raw, from) : raw;
    top.text = top.text === undefined ? piece : top.text + piece;
  }

  private cdata(): void {
    const close = this.s.indexOf(']]>', this.i + 9);
    if (close < 0) this.fail('CDATA section is not closed');
    this.countNode(this.i);
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
    this.countNode(this.i);
    this.i = close + 3;
  }

  private pi(): void {
    const target = this.name(this.i + 2);
    if (target.toLowerCase() === 'xml') this.fail('an XML declaration is only allowed at the very start');
    if (!isNCName(target)) this.fail(`processing instruction target ${target} must not contain a colon`);
    const close = this.s.indexOf('?>', this.i);
    if (close < 0) this.fail('processing instruction is not closed');
    const after = this.i + 2 + target.length;
    if (after < close && !isSpace(this.s.charCodeAt(after))) this.fail('processing instruction target must be followed by white space');
    this.countNode(this.i);
    this.i = close + 2;
  }

  private startTag(): void {
    const s = this.s;
    const start = this.i;
    const qname = this.name(start + 1);
    let i = start + 1 + qname.length;
    let rawAttrs: string[] | undefined; // name, value, name, value, …
    let selfClosing = false;
    for (;;) {
      const spaced = isSpace(s.charCodeAt(i));
      while (isSpace(s.charCodeAt(i))) i++;
      const c = s.charCodeAt(i);
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH && s.charCodeAt(i + 1) === GT) {
        i += 2;
        selfClosing = true;
        break;
      }
      if (i >= s.length) this.fail(`start tag of ${qname} is not closed`, start);
      if (!spaced) this.fail(`white space is required between attributes of ${qname}`, i);
      if (rawAttrs && rawAttrs.length >= 2 * this.limits.maxAttributesPerElement) {
        this.limit('maxAttributesPerElement', `element ${qname} has more than ${this.limits.maxAttributesPerElement} attributes`, start);
      }
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
      (rawAttrs ??= []).push(name, this.attributeValue(name, i + 1, close));
      i = close + 1;
    }
    this.i = i;
    this.open(qname, rawAttrs, start);
    if (selfClosing) this.close();
  }

  /**
   * XML 1.0 §3.3.3: literal white space in the value becomes a space, then references are
   * replaced — so a character reference (`&#9;`) keeps the character it names.
   */
  private attributeValue(name: string, from: number, to: number): string {
    let value = this.s.slice(from, to);
    if (value.indexOf('<') >= 0) this.fail(`"<" is not allowed in the value of attribute ${name}`, from + value.indexOf('<'));
    if (value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0) value = value.replace(/[\t\n]/g, ' ');
    return value.indexOf('&') >= 0 ? this.decode(value, from) : value;
  }

  private open(qname: string, rawAttrs: string[] | undefined, at: number): void {
    if (this.root && this.stack.length === 0) this.fail('only one root element is allowed', at);
    if (this.stack.length >= this.limits.maxDepth) this.limit('maxDepth', `elements nested deeper than ${this.limits.maxDepth} levels`, at);
    this.countNode(at);
    if (!isQName(qname)) this.fail(`malformed qualified name ${qname}`, at);
    const parent = this.stack[this.stack.length - 1];
    let scope = parent ? parent.element.nsScope : NamespaceScope.ROOT;
    // Most elements have no attributes: they share one frozen empty record.
    let attrs = NO_ATTRIBUTES;
    if (rawAttrs) {
      const declared = this.declarations(rawAttrs, at);
      if (declared) scope = scope.extend(declared);
      attrs = this.attributes(rawAttrs, scope, at);
    }
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    // Nearly every element repeats its predecessor's prefix in the same scope.
    let ns: string | undefined;
    if (scope === this.lastScope && prefix === this.lastPrefix) ns = this.lastNs;
    else {
      ns = scope.lookup(prefix);
      this.lastScope = scope;
      this.lastPrefix = prefix;
      this.lastNs = ns;
    }
    if (ns === undefined && prefix !== '') this.fail(`undeclared namespace prefix "${prefix}"`, at);
    const element: XmlElement = { ns: ns ?? '', local: colon < 0 ? qname : qname.slice(colon + 1), attrs, children: [], text: '', nsScope: scope };
    if (parent) parent.element.children.push(element);
    else this.root = element;
    this.stack.push({ element, qname, nameAt: at + 1, text: undefined });
  }

  /** The namespace declarations of a start tag (prefix → URI), checked; undefined if none. */
  private declarations(rawAttrs: string[], at: number): Map<string, string> | undefined {
    let declared: Map<string, string> | undefined;
    for (let k = 0; k < rawAttrs.length; k += 2) {
      const name = rawAttrs[k];
      if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
      const value = rawAttrs[k + 1];
      const prefix = name === 'xmlns' ? '' : name.slice(6);
      if (name !== 'xmlns' && !isQName(name)) this.fail(`malformed namespace declaration ${name}`, at);
      if (prefix !== '' && value === '') this.fail(`namespace prefix ${prefix} cannot be undeclared`, at);
      if (prefix === 'xmlns' || (prefix === 'xml') !== (value === XML_NS) || value === XMLNS_NS) this.fail(`reserved namespace binding ${name}="${value}"`, at);
      if (value !== '' && !isUriReference(value)) this.fail(`namespace name ${JSON.stringify(value.slice(0, 100))} of ${name} is not a URI reference`, at);
      declared ??= new Map();
      if (declared.has(prefix)) this.fail(`attribute ${name} is repeated`, at);
      declared.set(prefix, value);
    }
    if (declared && declared.size > this.limits.maxNamespaceDeclarationsPerElement) {
      this.limit('maxNamespaceDeclarationsPerElement', `more than ${this.limits.maxNamespaceDeclarationsPerElement} namespace declarations on one element`, at);
    }
    return declared;
  }

  /** The other attributes: unique by lexical name and by expanded name, prefixes declared. */
  private attributes(rawAttrs: string[], scope: NamespaceScope, at: number): Record<string, string> {
    let attrs: Record<string, string> | undefined; // most start tags with attributes only declare namespaces
    let expanded: Set<string> | undefined;
    for (let k = 0; k < rawAttrs.length; k += 2) {
      const name = rawAttrs[k];
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      attrs ??= Object.create(null) as Record<string, string>;
      if (attrs[name] !== undefined) this.fail(`attribute ${name} is repeated`, at);
      attrs[name] = rawAttrs[k + 1];
      const colon = name.indexOf(':');
      if (colon < 0) continue;
      if (!isQName(name)) this.fail(`malformed attribute name ${name}`, at);
      const uri = scope.lookup(name.slice(0, colon));
      if (uri === undefined || uri === '') this.fail(`undeclared namespace prefix "${name.slice(0, colon)}"`, at);
      // Two prefixes bound to one namespace must not name the same attribute twice.
      const key = `${uri}\u0000${name.slice(colon + 1)}`;
      if ((expanded ??= new Set()).has(key)) this.fail(`attribute {${uri}}${name.slice(colon + 1)} is repeated`, at);
      expanded.add(key);
    }
    return attrs ?? NO_ATTRIBUTES;
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
    if (top.text !== undefined) top.element.text = trimXmlSpace(top.text);
  }

  private name(at: number): string {
    const end = nameEnd(this.s, at);
    if (end === at) this.fail('expected a name', at);
    if (end - at > this.limits.maxNameLength) this.limit('maxNameLength', `a name longer than ${this.limits.maxNameLength} characters`, at);
    return this.s.slice(at, end);
  }

  private countNode(at: number): void {
    if (++this.nodes > this.limits.maxNodes) this.limit('maxNodes', `more than ${this.limits.maxNodes} nodes (elements, text, comments) in one document`, at);
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
        const cp =
          ref.charCodeAt(1) === 120 /* x */
            ? /^x[0-9a-fA-F]+$/.test(ref.slice(1))
              ? parseInt(ref.slice(2), 16)
              : NaN
            : /^[0-9]+$/.test(ref.slice(1))
              ? parseInt(ref.slice(1), 10)
              : NaN;
        if (!isXmlChar(cp)) this.fail(`character reference &${ref.slice(0, 20)}; is not an XML character`, offset + amp);
        ch = String.fromCodePoint(cp);
      } else {
        ch = predefinedEntity(ref);
        if (ch === undefined) this.fail(`undefined entity &${ref.slice(0, 40)};`, offset + amp);
      }
      out += raw.slice(from, amp) + ch;
      from = semi + 1;
    }
    return out + raw.slice(from);
  }

  private fail(message: string, at = this.i): never {
    const { line, column } = this.position(at);
    throw new XmlSyntaxError(message, line, column);
  }

  private limit(limit: XmlLimitName, message: string, at: number): never {
    const { line, column } = this.position(at);
    throw new XmlLimitError(limit, `${message} (limit ${limit})`, line, column);
  }

  private position(at: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let k = this.s.indexOf('\n'); k >= 0 && k < at; k = this.s.indexOf('\n', k + 1)) {
      line++;
      lineStart = k + 1;
    }
    return { line, column: at - lineStart + 1 };
  }
}

/** Where the first character XML does not allow is (only computed for the error message). */
function firstForbidden(s: string): number {
  const m = FORBIDDEN_CHAR.exec(s);
  let at = m ? m.index : s.length;
  for (let k = 0; k < at; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(k + 1) & 0xfc00) === 0xdc00) k++;
    else if (c >= 0xd800 && c <= 0xdfff) at = k;
  }
  return at;
}

const NO_ATTRIBUTES: Record<string, string> = Object.freeze(Object.create(null)) as Record<string, string>;

export function scanXml(xml: string, limits: XmlLimits = XML_LIMITS): XmlElement {
  return new Scanner(xml, limits).parse();
}
