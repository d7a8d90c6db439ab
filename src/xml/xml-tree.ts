/**
 * XML for the rest of the code: parsing (the strict single-pass scanner in xml-scanner.ts:
 * DOCTYPE refused, well-formedness checked, namespaces resolved, depth bounded), escaping,
 * and the small look-ups callers need. Callers match on (namespace, local name), never on a
 * prefix.
 */
import { MAX_DEPTH, scanXml, XmlElement, XmlSyntaxError } from './xml-scanner';

export { MAX_DEPTH, XmlElement, XmlSyntaxError };

export function parseXml(xml: string): XmlElement {
  return scanXml(xml);
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
