/**
 * Writes values as XML in the order the schema declares, so a response is well-formed and
 * ordered no matter how the handler built its object. Missing required elements and
 * unknown properties are programming errors and throw: a handler bug must never reach a
 * province as a malformed message.
 */
import { escapeXml } from '../xml/xml-tree';
import { ElementDecl, XmlRecord, XmlValue } from './schema-model';

/** prefix: the one the envelope declares for the elements' namespace. */
export function serializeElement(decl: ElementDecl, value: XmlValue, prefix: string): string {
  const out: string[] = [];
  write(decl, value, `${prefix}:`, out, '');
  return out.join('');
}

function write(decl: ElementDecl, value: XmlValue, p: string, out: string[], path: string): void {
  const here = `${path}/${decl.name}`;
  const type = decl.type;
  if (type.kind === 'simple') {
    out.push('<', p, decl.name, '>', escapeXml(String(value)), '</', p, decl.name, '>');
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`serializer: ${here} needs an object, got ${JSON.stringify(value)}`);
  }
  const record = value as XmlRecord;
  for (const name in record) {
    if (record[name] !== undefined && !type.sequence.some((c) => c.name === name)) {
      throw new Error(`serializer: ${here} has no child element ${name}`);
    }
  }
  out.push('<', p, decl.name, '>');
  for (const child of type.sequence) {
    const v = record[child.name];
    const items = v === undefined ? [] : Array.isArray(v) ? v : [v];
    if (items.length < child.minOccurs) throw new Error(`serializer: ${here}/${child.name} is required`);
    if (items.length > child.maxOccurs) throw new Error(`serializer: ${here}/${child.name} occurs too often`);
    for (const item of items) write(child, item, p, out, here);
  }
  out.push('</', p, decl.name, '>');
}
