/**
 * XML for the rest of the code: parsing (the strict single-pass scanner in xml-scanner.ts:
 * DOCTYPE refused, well-formedness checked, namespaces resolved, depth bounded), escaping,
 * and the small look-ups callers need. Callers match on (namespace, local name), never on a
 * prefix.
 */
import { MAX_DEPTH, NamespaceScope, scanXml, XML_LIMITS, XmlElement, XmlLimitError, XmlLimits, XmlSyntaxError } from './xml-scanner';

export { MAX_DEPTH, NamespaceScope, XML_LIMITS, XmlElement, XmlLimitError, XmlLimits, XmlSyntaxError };

/**
 * Parses a message: text decoded from its bytes (wire/charset.ts strips the one byte order
 * mark a body may start with; a U+FEFF left before the root is refused like any other text).
 */
export function parseXml(xml: string): XmlElement {
  return scanXml(xml);
}

/**
 * Parses a definition file (WSDL, XSD) whose names end up in the compiled contract. Those
 * files carry Chinese documentation, so V8 holds their text as a two-byte string and every
 * name sliced from it is two-byte too; a message built from such names is two-byte as a whole,
 * twice the memory and slower to encode (measured, docs/BENCHMARKS.md). Names, namespaces and attribute values are re-made as
 * one-byte strings wherever their characters allow it; documentation text is left.
 */
export function parseDefinitionXml(xml: string): XmlElement {
  // Files read from disk may start with a byte order mark; definitions are trusted and large.
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  return compactNames(scanXml(text, DEFINITION_LIMITS), new Map());
}

const DEFINITION_LIMITS: XmlLimits = { ...XML_LIMITS, maxNodes: 1_000_000 };

const BEYOND_LATIN1 = /[\u0100-\uffff]/;

function oneByte(s: string): string {
  return !BEYOND_LATIN1.test(s) ? Buffer.from(s, 'latin1').toString('latin1') : s;
}

function compactNames(el: XmlElement, scopes: Map<NamespaceScope, NamespaceScope>): XmlElement {
  const nsScope = el.nsScope.remade(oneByte, scopes);
  const attrs: Record<string, string> = Object.create(null);
  for (const name of Object.keys(el.attrs)) attrs[oneByte(name)] = oneByte(el.attrs[name]);
  return {
    ns: oneByte(el.ns),
    local: oneByte(el.local),
    attrs,
    text: el.text,
    nsScope,
    children: el.children.map((child) => compactNames(child, scopes)),
  };
}

/** Resolves a QName-valued attribute (e.g. type="tns:FenType") against the element's scope. */
export function resolveQName(value: string, el: XmlElement): { ns: string; local: string } {
  const colon = value.indexOf(':');
  const prefix = colon < 0 ? '' : value.slice(0, colon);
  const ns = el.nsScope.lookup(prefix);
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
