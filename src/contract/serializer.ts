/**
 * Writes values as XML in the order the schema declares, so a response is well-formed and
 * ordered no matter how the handler built its object. Missing required elements and
 * unknown properties are programming errors and throw: a handler bug must never reach a
 * province as a malformed message.
 *
 * Every answer and every province call is serialised, so each declaration is turned once
 * into a writer (per namespace prefix) that knows its tags and its children's writers; the
 * path named in an error is built only when one is thrown.
 */
import { escapeXml } from '../xml/xml-tree';
import { ElementDecl, XmlValue } from './schema-model';

/**
 * prefix: the one the envelope declares for the elements' namespace. `value` is whatever the
 * handler built — typed by its operation, checked here against the declaration.
 */
export function serializeElement(decl: ElementDecl, value: unknown, prefix: string): string {
  try {
    return writerOf(decl, prefix)(value as XmlValue);
  } catch (error) {
    if (error instanceof MisfitValue) throw new Error(`serializer: ${error.at(decl.name)}`);
    throw error;
  }
}

type Writer = (value: XmlValue) => string;

/** A value that does not fit its declaration; the path grows as it travels up the writers. */
class MisfitValue extends Error {
  private path = '';

  constructor(readonly problem: string) {
    super(problem);
  }

  under(name: string): this {
    this.path = `/${name}${this.path}`;
    return this;
  }

  at(root: string): string {
    return `/${root}${this.path} ${this.problem}`;
  }
}

const writers = new WeakMap<ElementDecl, Map<string, Writer>>();

function writerOf(decl: ElementDecl, prefix: string): Writer {
  let byPrefix = writers.get(decl);
  if (!byPrefix) writers.set(decl, (byPrefix = new Map()));
  let writer = byPrefix.get(prefix);
  if (!writer) byPrefix.set(prefix, (writer = compile(decl, prefix)));
  return writer;
}

function compile(decl: ElementDecl, prefix: string): Writer {
  const open = `<${prefix}:${decl.name}>`;
  const close = `</${prefix}:${decl.name}>`;
  const type = decl.type;
  if (type.kind === 'simple') return (value) => `${open}${escapeXml(String(value))}${close}`;

  const children = type.sequence;
  const names = new Set(children.map((c) => c.name));
  // Looked up on first use: a type may contain itself.
  const childWriters: Array<Writer | undefined> = children.map(() => undefined);
  const writeChild = (k: number, value: XmlValue): string => {
    try {
      return (childWriters[k] ??= writerOf(children[k], prefix))(value);
    } catch (error) {
      if (error instanceof MisfitValue) error.under(children[k].name);
      throw error;
    }
  };

  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new MisfitValue(`needs an object, got ${JSON.stringify(value)}`);
    }
    const record = value;
    for (const name in record) {
      if (record[name] !== undefined && !names.has(name)) throw new MisfitValue(`has no child element ${name}`);
    }
    let xml = open;
    for (let k = 0; k < children.length; k++) {
      const child = children[k];
      const v = record[child.name];
      if (Array.isArray(v)) {
        if (v.length < child.minOccurs) throw new MisfitValue('is required').under(child.name);
        if (v.length > child.maxOccurs) throw new MisfitValue('occurs too often').under(child.name);
        for (const item of v) xml += writeChild(k, item);
      } else if (v === undefined) {
        if (child.minOccurs > 0) throw new MisfitValue('is required').under(child.name);
      } else {
        xml += writeChild(k, v);
      }
    }
    return xml + close;
  };
}
