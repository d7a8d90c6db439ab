/**
 * Validates an element tree against a compiled declaration and, in the same walk, turns it
 * into plain values for the handlers (integers as numbers, everything else as strings,
 * repeatable elements as arrays). The first violation stops the walk: the fault names the
 * element by its path and the rule it broke.
 */
import { XmlElement } from '../xml/xml-tree';
import { ComplexType, ElementDecl, SimpleType, XmlRecord, XmlValue, XSI_NS } from './schema-model';

export class SchemaViolation extends Error {
  constructor(
    public path: string,
    readonly rule: string,
  ) {
    super(`${path}: ${rule}`);
    this.name = 'SchemaViolation';
  }

  /** The violation seen from the parent element: paths are built only for a message that fails. */
  under(elementName: string): this {
    this.path = `/${elementName}${this.path}`;
    this.message = `${this.path}: ${this.rule}`;
    return this;
  }
}

export function validateElement(el: XmlElement, decl: ElementDecl): XmlValue {
  try {
    return valueOf(el, decl);
  } catch (error) {
    if (error instanceof SchemaViolation) error.under(decl.name);
    throw error;
  }
}

/** The value of an element of complex type — a message head or body — as a record. */
export function validateRecord(el: XmlElement, decl: ElementDecl): XmlRecord {
  const value = validateElement(el, decl);
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${decl.name} is not declared with a complex type`);
  return value;
}

/** The element's value; a SchemaViolation's path is relative to the element ('' = the element itself). */
function valueOf(el: XmlElement, decl: ElementDecl): XmlValue {
  if (el.ns !== decl.ns || el.local !== decl.name) {
    throw new SchemaViolation('', `expected element {${decl.ns}}${decl.name}, found {${el.ns}}${el.local}`);
  }
  for (const name in el.attrs) {
    // xsi:type / xsi:nil are sent by some legacy toolkits and carry nothing we need.
    const colon = name.indexOf(':');
    if (colon > 0 && el.nsScope.lookup(name.slice(0, colon)) === XSI_NS) continue;
    throw new SchemaViolation('', `attribute "${name}" is not allowed`);
  }
  return decl.type.kind === 'simple' ? checkSimple(el, decl.type) : checkComplex(el, decl.type);
}

function checkComplex(el: XmlElement, type: ComplexType): XmlRecord {
  if (el.text !== '') throw new SchemaViolation('', 'text is not allowed here, only child elements');
  const value: XmlRecord = {};
  const children = el.children;
  let i = 0;
  for (const particle of type.sequence) {
    const start = i;
    // Only a repeatable element gets an array; most particles occur once or not at all.
    let items: XmlValue[] | undefined;
    while (i < children.length && i - start < particle.maxOccurs && children[i].local === particle.name && children[i].ns === particle.ns) {
      const item = validateElement(children[i], particle);
      if (particle.maxOccurs > 1) (items ??= []).push(item);
      else value[particle.name] = item;
      i++;
    }
    if (i - start < particle.minOccurs) {
      const found = i < children.length ? `found ${children[i].local}` : 'found the end of the element';
      throw new SchemaViolation(`/${particle.name}`, `required element is missing (${found})`);
    }
    if (items) value[particle.name] = items;
  }
  if (i < children.length) {
    const extra = children[i];
    throw new SchemaViolation(`/${extra.local}`, `element is not allowed here (unknown, out of order, or repeated)`);
  }
  return value;
}

const INTEGER = /^[+-]?[0-9]+$/;
const DECIMAL = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/;
const INTEGER_RANGES: Record<string, [number, number]> = {
  long: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER], // xs:long beyond 2^53 is refused, never rounded
  integer: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int: [-2147483648, 2147483647],
  short: [-32768, 32767],
  nonNegativeInteger: [0, Number.MAX_SAFE_INTEGER],
  positiveInteger: [1, Number.MAX_SAFE_INTEGER],
};
const SURROGATE = /[\uD800-\uDFFF]/;

function checkSimple(el: XmlElement, type: SimpleType): string | number | boolean {
  const path = ''; // relative: validateElement puts the element's name in front
  if (el.children.length) throw new SchemaViolation(path, 'child elements are not allowed in a simple value');
  const text = el.text;
  const f = type.facets;
  if (f.enumeration && !f.enumeration.has(text)) {
    throw new SchemaViolation(path, `value "${clip(text)}" is not one of ${[...f.enumeration].join(', ')} (${type.name})`);
  }
  if (f.patterns) {
    for (let p = 0; p < f.patterns.length; p++) {
      if (!f.patterns[p].test(text)) {
        throw new SchemaViolation(path, `value "${clip(text)}" does not match pattern ${f.patternSources?.[p]} (${type.name})`);
      }
    }
  }
  const range = INTEGER_RANGES[type.builtin];
  if (range) {
    if (!INTEGER.test(text)) throw new SchemaViolation(path, `"${clip(text)}" is not an integer (${type.name})`);
    const n = Number(text);
    if (n < range[0] || n > range[1]) throw new SchemaViolation(path, `${clip(text)} is out of range for ${type.builtin}`);
    if (f.minInclusive !== undefined && n < f.minInclusive) throw new SchemaViolation(path, `${n} is less than ${f.minInclusive}`);
    if (f.maxInclusive !== undefined && n > f.maxInclusive) throw new SchemaViolation(path, `${n} is greater than ${f.maxInclusive}`);
    return n;
  }
  if (type.builtin === 'decimal') {
    if (!DECIMAL.test(text)) throw new SchemaViolation(path, `"${clip(text)}" is not a decimal`);
    return text; // kept as text: decimals are never money here (money is integer fen)
  }
  if (type.builtin === 'boolean') {
    if (!/^(true|false|1|0)$/.test(text)) throw new SchemaViolation(path, `"${clip(text)}" is not a boolean`);
    return text === 'true' || text === '1';
  }
  const length = SURROGATE.test(text) ? Array.from(text).length : text.length;
  if (f.length !== undefined && length !== f.length) throw new SchemaViolation(path, `length ${length} is not ${f.length}`);
  if (f.minLength !== undefined && length < f.minLength) throw new SchemaViolation(path, `length ${length} is below the minimum ${f.minLength}`);
  if (f.maxLength !== undefined && length > f.maxLength) throw new SchemaViolation(path, `length ${length} is above the maximum ${f.maxLength}`);
  return text;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
