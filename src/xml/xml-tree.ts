/**
 * Strict XML → namespace-resolved element tree, on top of fast-xml-parser.
 *
 * fast-xml-parser is fast but lenient: it keeps prefixes unresolved, accepts undefined
 * entities and several root elements, and expands entities a DOCTYPE declares. So this
 * module refuses DOCTYPEs outright (no XXE, no entity bombs), checks well-formedness with
 * its validator, refuses undefined entity references, refuses nesting deeper than any
 * contract message needs (MAX_DEPTH), and resolves every prefix to its namespace URI so
 * callers match on (namespace, local name) and never on a prefix.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  ns: string;
  local: string;
  attrs: Record<string, string>; // non-namespace attributes, keyed by their lexical (prefixed) name
  children: XmlElement[];
  text: string; // concatenated character data directly inside this element, trimmed
  nsScope: Record<string, string>; // prefix → URI in force here ('' = default namespace)
}

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: true, // decodes numeric character references; named ones are vetted below
});

const DOCTYPE = /<!DOCTYPE/i;
// After the DOCTYPE ban, the only entities XML allows are the five predefined ones and
// character references; anything else would be silently kept as text by the parser.
const UNDEFINED_ENTITY = /&(?!(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;

/**
 * The deepest contract message (envelope, body, request, a repeated group, its fields) is
 * under ten levels; 64 leaves room for any header a partner adds. Deeper documents are
 * refused before the parser sees them: it would otherwise throw a plain Error of its own
 * (past 100 levels) and the tree walk below recurses once per level.
 */
export const MAX_DEPTH = 64;

type RawNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export function parseXml(xml: string): XmlElement {
  if (DOCTYPE.test(xml)) throw new XmlSyntaxError('DOCTYPE declarations are not allowed');
  if (nestedDeeperThan(xml, MAX_DEPTH)) throw new XmlSyntaxError(`elements nested deeper than ${MAX_DEPTH} levels`);
  if (UNDEFINED_ENTITY.test(xml)) throw new XmlSyntaxError('undefined entity reference or bare "&"');
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) {
    throw new XmlSyntaxError(verdict.err.msg, verdict.err.line, verdict.err.col);
  }
  if (!endsWithTag(xml)) throw new XmlSyntaxError('content after the root element');
  const nodes = parseValidated(xml);
  if (nodes.some((n) => '#text' in n)) throw new XmlSyntaxError('text outside the root element');
  const roots = nodes;
  if (roots.length !== 1) throw new XmlSyntaxError(`expected one root element, found ${roots.length}`);
  return toElement(roots[0], { xml: 'http://www.w3.org/XML/1998/namespace' });
}

/** The validator accepted it; should the parser still refuse, that is the sender's XML too. */
function parseValidated(xml: string): RawNode[] {
  try {
    return parser.parse(xml) as RawNode[];
  } catch (error) {
    throw new XmlSyntaxError((error as Error).message);
  }
}

/**
 * A linear scan of the raw text for element depth: start tags (not self-closing) go one
 * level down, end tags one up; comments, CDATA, PIs and declarations are skipped, and a
 * '>' inside a quoted attribute value does not end a tag. It stops as soon as the limit is
 * passed, so a hostile million-level document costs one pass over its first few hundred
 * bytes. It need not be exact on malformed input: the validator judges that afterwards.
 */
export function nestedDeeperThan(xml: string, limit: number): boolean {
  let depth = 0;
  for (let i = xml.indexOf('<'); i >= 0; i = xml.indexOf('<', i)) {
    const next = xml[i + 1];
    if (xml.startsWith('<!--', i)) i = after(xml, '-->', i + 4);
    else if (xml.startsWith('<![CDATA[', i)) i = after(xml, ']]>', i + 9);
    else if (next === '?') i = after(xml, '?>', i + 2);
    else if (next === '!') i = after(xml, '>', i + 2);
    else if (next === '/') {
      depth -= 1;
      i = after(xml, '>', i + 2);
    } else {
      const end = endOfStartTag(xml, i + 1);
      if (xml[end - 1] !== '/' && ++depth > limit) return true;
      i = end + 1;
    }
  }
  return false;
}

/** The index just past the next `token` from `from`, or the end of the text. */
function after(xml: string, token: string, from: number): number {
  const at = xml.indexOf(token, from);
  return at < 0 ? xml.length : at + token.length;
}

/** The index of the '>' closing a start tag, skipping quoted attribute values. */
function endOfStartTag(xml: string, from: number): number {
  let quote = '';
  for (let i = from; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return xml.length;
}

/**
 * The parser's validator misses text after a self-closing root (`<a/>junk`), so check
 * that, trailing comments, PIs and white space aside, the document ends with a tag.
 */
function endsWithTag(xml: string): boolean {
  let end = xml.trimEnd();
  for (;;) {
    if (end.endsWith('-->')) end = end.slice(0, end.lastIndexOf('<!--')).trimEnd();
    else if (end.endsWith('?>')) end = end.slice(0, end.lastIndexOf('<?')).trimEnd();
    else break;
  }
  const last = end.lastIndexOf('<');
  return last >= 0 && end.endsWith('>') && end.indexOf('>', last) === end.length - 1;
}

function toElement(node: RawNode, parentScope: Record<string, string>): XmlElement {
  const tag = Object.keys(node).find((k) => k !== ':@') as string;
  const rawAttrs = node[':@'] ?? {};
  let scope = parentScope;
  const attrs: Record<string, string> = {};
  for (const name in rawAttrs) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (scope === parentScope) scope = { ...parentScope };
      scope[name === 'xmlns' ? '' : name.slice(6)] = rawAttrs[name];
    } else {
      attrs[name] = rawAttrs[name];
    }
  }
  const colon = tag.indexOf(':');
  const prefix = colon < 0 ? '' : tag.slice(0, colon);
  const ns = scope[prefix];
  if (ns === undefined && prefix !== '') throw new XmlSyntaxError(`undeclared namespace prefix "${prefix}"`);
  const element: XmlElement = { ns: ns ?? '', local: colon < 0 ? tag : tag.slice(colon + 1), attrs, children: [], text: '', nsScope: scope };
  for (const child of node[tag] as RawNode[]) {
    if ('#text' in child) element.text += String(child['#text']);
    else element.children.push(toElement(child, scope));
  }
  return element;
}

/** Resolves a QName-valued attribute (e.g. type="tns:FenType") against the element's scope. */
export function resolveQName(value: string, el: XmlElement): { ns: string; local: string } {
  const colon = value.indexOf(':');
  const prefix = colon < 0 ? '' : value.slice(0, colon);
  const ns = el.nsScope[prefix];
  if (ns === undefined && prefix !== '') throw new XmlSyntaxError(`undeclared namespace prefix "${prefix}" in "${value}"`);
  return { ns: ns ?? '', local: colon < 0 ? value : value.slice(colon + 1) };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const HAS_SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;

export function escapeXml(text: string): string {
  return HAS_SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]) : text;
}

export function childrenNamed(el: XmlElement, ns: string, local: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && c.local === local);
}
