/**
 * Compiles XML Schema documents (as element trees) into the schema model.
 *
 * Why our own compiler: validation runs on every request, so it has to be a walk over
 * precompiled declarations, not an interpreter over XSD documents (no maintained
 * pure-JS XSD validator does that; libxml2 bindings are native and slow per call).
 * The test suite cross-checks every golden sample against xmllint, so this compiler
 * and libxml2 must agree on the contract.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDefinitionXml, resolveQName, XmlElement } from '../xml/xml-tree';
import { BuiltinType, ComplexType, ElementDecl, Facets, SimpleType, XSD_NS } from './schema-model';

const BUILTINS: ReadonlySet<string> = new Set<BuiltinType>([
  'string',
  'token',
  'normalizedString',
  'long',
  'int',
  'short',
  'integer',
  'nonNegativeInteger',
  'positiveInteger',
  'decimal',
  'boolean',
]);

const key = (ns: string, local: string) => `{${ns}}${local}`;

export class SchemaSet {
  private readonly rawTypes = new Map<string, XmlElement>();
  private readonly rawElements = new Map<string, XmlElement>();
  private readonly types = new Map<string, SimpleType | ComplexType>();
  private readonly elements = new Map<string, ElementDecl>();
  private readonly loadedFiles = new Set<string>();

  /** Adds a schema element; xs:include / xs:import locations resolve against baseDir. */
  addSchema(schema: XmlElement, baseDir: string): void {
    const targetNs = schema.attrs.targetNamespace ?? '';
    if (schema.attrs.elementFormDefault !== 'qualified') {
      throw new Error(`schema ${targetNs}: only elementFormDefault="qualified" is supported`);
    }
    for (const child of schema.children) {
      if (child.ns !== XSD_NS) continue;
      switch (child.local) {
        case 'include':
        case 'import':
          if (child.attrs.schemaLocation) this.addFile(resolve(baseDir, child.attrs.schemaLocation));
          break;
        case 'simpleType':
        case 'complexType':
          this.rawTypes.set(key(targetNs, child.attrs.name), child);
          break;
        case 'element':
          this.rawElements.set(key(targetNs, child.attrs.name), child);
          break;
        case 'annotation':
          break;
        default:
          throw new Error(`unsupported top-level schema construct xs:${child.local}`);
      }
    }
  }

  addFile(path: string): void {
    if (this.loadedFiles.has(path)) return;
    this.loadedFiles.add(path);
    const root = parseDefinitionXml(readFileSync(path, 'utf8'));
    if (root.ns !== XSD_NS || root.local !== 'schema') throw new Error(`${path} is not an XML Schema`);
    this.addSchema(root, dirname(path));
  }

  /** The compiled global element {ns}local. */
  element(ns: string, local: string): ElementDecl {
    const k = key(ns, local);
    let decl = this.elements.get(k);
    if (!decl) {
      const raw = this.rawElements.get(k);
      if (!raw) throw new Error(`no global element ${k} in the schemas`);
      decl = this.compileElement(raw, ns);
      this.elements.set(k, decl);
    }
    return decl;
  }

  /** Every global element name the schemas declare, for listing and checks. */
  elementNames(): string[] {
    return [...this.rawElements.keys()];
  }

  private compileElement(el: XmlElement, ns: string): ElementDecl {
    if (el.attrs.ref) {
      const ref = resolveQName(el.attrs.ref, el);
      return { ...this.element(ref.ns, ref.local), ...occurs(el) };
    }
    return { name: el.attrs.name, ns, ...occurs(el), type: this.typeOf(el, ns) };
  }

  /** ns: the target namespace of the schema declaring el (local elements are qualified). */
  private typeOf(el: XmlElement, ns: string): SimpleType | ComplexType {
    if (el.attrs.type) return this.namedType(resolveQName(el.attrs.type, el));
    const inline = el.children.find((c) => c.ns === XSD_NS && (c.local === 'simpleType' || c.local === 'complexType'));
    if (!inline) throw new Error(`element ${el.attrs.name} has no type`);
    return this.compileType(inline, '(anonymous)', ns);
  }

  private namedType(q: { ns: string; local: string }): SimpleType | ComplexType {
    if (q.ns === XSD_NS) {
      if (!BUILTINS.has(q.local)) throw new Error(`unsupported built-in type xs:${q.local}`);
      return { kind: 'simple', name: `xs:${q.local}`, builtin: q.local as BuiltinType, facets: {} };
    }
    const k = key(q.ns, q.local);
    let type = this.types.get(k);
    if (!type) {
      const raw = this.rawTypes.get(k);
      if (!raw) throw new Error(`no type ${k} in the schemas`);
      type = this.compileType(raw, q.local, q.ns);
      this.types.set(k, type);
    }
    return type;
  }

  private compileType(el: XmlElement, name: string, ns: string): SimpleType | ComplexType {
    const parts = el.children.filter((c) => c.ns === XSD_NS && c.local !== 'annotation');
    if (el.local === 'simpleType') {
      const restriction = parts.find((c) => c.local === 'restriction');
      if (!restriction || parts.length !== 1) throw new Error(`simple type ${name}: only xs:restriction is supported`);
      return this.compileRestriction(restriction, name);
    }
    if (parts.length === 0) return { kind: 'complex', name, sequence: [] };
    const sequence = parts[0];
    if (parts.length !== 1 || sequence.local !== 'sequence') throw new Error(`complex type ${name}: only xs:sequence is supported`);
    return {
      kind: 'complex',
      name,
      sequence: sequence.children
        .filter((c) => c.ns === XSD_NS && c.local !== 'annotation')
        .map((c) => {
          if (c.local !== 'element') throw new Error(`complex type ${name}: xs:${c.local} inside xs:sequence is not supported`);
          return this.compileElement(c, ns);
        }),
    };
  }

  private compileRestriction(el: XmlElement, name: string): SimpleType {
    const base = this.namedType(resolveQName(el.attrs.base, el));
    if (base.kind !== 'simple') throw new Error(`simple type ${name} restricts a complex type`);
    const facets: Facets = { ...base.facets };
    const patterns: string[] = [];
    const enumeration: string[] = [];
    for (const f of el.children) {
      if (f.ns !== XSD_NS || f.local === 'annotation') continue;
      const value = f.attrs.value;
      switch (f.local) {
        case 'length':
        case 'minLength':
        case 'maxLength':
        case 'minInclusive':
        case 'maxInclusive':
          facets[f.local] = Number(value);
          break;
        case 'pattern':
          patterns.push(value);
          break;
        case 'enumeration':
          enumeration.push(value);
          break;
        default:
          throw new Error(`simple type ${name}: unsupported facet xs:${f.local}`);
      }
    }
    if (patterns.length) {
      // Patterns of one derivation step are alternatives; steps are conjunctive.
      const source = patterns.map((p) => `(?:${p})`).join('|');
      facets.patterns = [...(base.facets.patterns ?? []), new RegExp(`^(?:${source})$`, 'u')];
      facets.patternSources = [...(base.facets.patternSources ?? []), patterns.join(' | ')];
    }
    if (enumeration.length) facets.enumeration = new Set(enumeration);
    return { kind: 'simple', name, builtin: base.builtin, facets };
  }
}

function occurs(el: XmlElement): { minOccurs: number; maxOccurs: number } {
  const max = el.attrs.maxOccurs;
  return {
    minOccurs: el.attrs.minOccurs === undefined ? 1 : Number(el.attrs.minOccurs),
    maxOccurs: max === undefined ? 1 : max === 'unbounded' ? Infinity : Number(max),
  };
}
