/**
 * Writes values as XML in the order the schema declares, so a response is well-formed and
 * ordered no matter how the handler built its object. Missing required elements and
 * unknown properties are programming errors and throw: a handler bug must never reach a
 * province as a malformed message.
 */
import { escapeXml } from '../xml/xml-tree';
import { ComplexType, ElementDecl, XmlRecord, XmlValue } from './schema-model';

/** prefix: the one the envelope declares for the elements' namespace. */
export function serializeElement(decl: ElementDecl, value: XmlValue, prefix: string): string {
  return write(decl, value, `${prefix}:`, '');
}

// Every answer is serialised, so the child names of each type are looked up in a set, once built.
const childNames = new WeakMap<ComplexType, Set<string>>();

function namesOf(type: ComplexType): Set<string> {
  let names = childNames.get(type);
  if (!names) childNames.set(type, (names = new Set(type.sequence.map((c) => c.name))));
  return names;
}

function write(decl: ElementDecl, value: XmlValue, p: string, path: string): string {
  const type = decl.type;
  if (type.kind === 'simple') {
    return `<${p}${decl.name}>${escapeXml(String(value))}</${p}${decl.name}>`;
  }
  const here = `${path}/${decl.name}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`serializer: ${here} needs an object, got ${JSON.stringify(value)}`);
  }
  const record = value as XmlRecord;
  const names = namesOf(type);
  for (const name in record) {
    if (record[name] !== undefined && !names.has(name)) throw new Error(`serializer: ${here} has no child element ${name}`);
  }
  let xml = `<${p}${decl.name}>`;
  for (const child of type.sequence) {
    const v = record[child.name];
    if (Array.isArray(v)) {
      if (v.length < child.minOccurs) throw new Error(`serializer: ${here}/${child.name} is required`);
      if (v.length > child.maxOccurs) throw new Error(`serializer: ${here}/${child.name} occurs too often`);
      for (const item of v) xml += write(child, item, p, here);
    } else if (v === undefined) {
      if (child.minOccurs > 0) throw new Error(`serializer: ${here}/${child.name} is required`);
    } else {
      xml += write(child, v, p, here);
    }
  }
  return `${xml}</${p}${decl.name}>`;
}
