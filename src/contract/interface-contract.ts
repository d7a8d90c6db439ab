/**
 * Reads one interface's WSDL into what the rest of the code needs: its number, direction,
 * path, and per operation the SOAPAction and the compiled header, request, response and
 * fault declarations. The WSDL is the only description of an interface; nothing here
 * restates it.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { childrenNamed, parseDefinitionXml, resolveQName, XmlElement } from '../xml/xml-tree';
import { SchemaSet } from './xsd-compiler';
import { ElementDecl, XSD_NS } from './schema-model';

export const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
export const WSDL_SOAP_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';

/** P→H: a provincial billing system calls HQ (the gateway serves it); H→P: HQ calls a province. */
export type Direction = 'P→H' | 'H→P';

export interface OperationContract {
  name: string;
  soapAction: string;
  header: ElementDecl;
  request: ElementDecl;
  response: ElementDecl;
  fault: ElementDecl;
}

export interface InterfaceContract {
  number: string; // "4.2.1"
  slug: string; // "remote-account-query"
  fileName: string; // "4.2.1-remote-account-query.wsdl"
  title: string; // the wsdl:documentation, whitespace folded
  direction: Direction;
  namespace: string;
  serviceName: string;
  address: URL; // the soap:address the WSDL ships with; served copies rewrite it
  operations: Map<string, OperationContract>;
  /** Operation by the request element's {ns}local name: how document/literal finds it. */
  operationByRequest: Map<string, OperationContract>;
  wsdlText: string;
  wsdlDir: string;
}

const FILE_NAME = /^(\d+\.\d+\.\d+)-([a-z0-9-]+)\.wsdl$/;

export function loadInterfaceContract(path: string): InterfaceContract {
  const fileName = basename(path);
  const m = FILE_NAME.exec(fileName);
  if (!m) throw new Error(`${fileName}: WSDL files are named <number>-<slug>.wsdl`);
  const wsdlText = readFileSync(path, 'utf8');
  const defs = parseDefinitionXml(wsdlText);
  const one = (parent: XmlElement, ns: string, local: string): XmlElement => {
    const found = childrenNamed(parent, ns, local);
    if (found.length !== 1) throw new Error(`${fileName}: expected one ${local} in ${parent.local}, found ${found.length}`);
    return found[0];
  };

  const schemas = new SchemaSet();
  for (const schema of childrenNamed(one(defs, WSDL_NS, 'types'), XSD_NS, 'schema')) schemas.addSchema(schema, dirname(path));

  // A message's parts by name: the operation's own messages carry the UniBSSHead as a part
  // bound to the header beside the body part, which Java's generators map to a parameter.
  const messages = new Map<string, Map<string, ElementDecl>>();
  for (const msg of childrenNamed(defs, WSDL_NS, 'message')) {
    const parts = new Map<string, ElementDecl>();
    for (const part of childrenNamed(msg, WSDL_NS, 'part')) {
      const el = resolveQName(part.attrs.element, part);
      parts.set(part.attrs.name, schemas.element(el.ns, el.local));
    }
    if (parts.size === 0) throw new Error(`${fileName}: message ${msg.attrs.name} has no part`);
    messages.set(msg.attrs.name, parts);
  }
  const partsOf = (el: XmlElement): Map<string, ElementDecl> => {
    const parts = messages.get(resolveQName(el.attrs.message, el).local);
    if (!parts) throw new Error(`${fileName}: unknown message ${el.attrs.message}`);
    return parts;
  };
  const partOf = (el: XmlElement, name: string | undefined): ElementDecl => {
    const parts = partsOf(el);
    const decl = name === undefined && parts.size === 1 ? [...parts.values()][0] : parts.get(name ?? '');
    if (!decl) throw new Error(`${fileName}: message ${el.attrs.message} has no part ${name ?? '(one part expected)'}`);
    return decl;
  };
  // The part the soap:body carries: the one it names, else the message's only part.
  const bodyOf = (message: XmlElement, bound: XmlElement): ElementDecl => partOf(message, one(bound, WSDL_SOAP_NS, 'body').attrs.parts);

  const portType = one(defs, WSDL_NS, 'portType');
  const binding = one(defs, WSDL_NS, 'binding');
  const operations = new Map<string, OperationContract>();
  for (const op of childrenNamed(portType, WSDL_NS, 'operation')) {
    const bound = childrenNamed(binding, WSDL_NS, 'operation').find((b) => b.attrs.name === op.attrs.name);
    if (!bound) throw new Error(`${fileName}: operation ${op.attrs.name} is not bound`);
    const input = one(bound, WSDL_NS, 'input');
    const header = one(input, WSDL_SOAP_NS, 'header');
    operations.set(op.attrs.name, {
      name: op.attrs.name,
      soapAction: one(bound, WSDL_SOAP_NS, 'operation').attrs.soapAction ?? '',
      header: partOf(header, header.attrs.part),
      request: bodyOf(one(op, WSDL_NS, 'input'), input),
      response: bodyOf(one(op, WSDL_NS, 'output'), one(bound, WSDL_NS, 'output')),
      fault: partOf(one(op, WSDL_NS, 'fault'), undefined),
    });
  }

  const service = one(defs, WSDL_NS, 'service');
  const address = new URL(one(one(service, WSDL_NS, 'port'), WSDL_SOAP_NS, 'address').attrs.location);
  const docs = childrenNamed(defs, WSDL_NS, 'documentation')[0];
  return {
    number: m[1],
    slug: m[2],
    fileName,
    title: docs ? docs.text.replace(/\s+/g, ' ').trim() : '',
    // Where the WSDL says the service lives is what tells who serves it.
    direction: address.pathname.startsWith('/ucrm/') ? 'P→H' : 'H→P',
    namespace: defs.attrs.targetNamespace,
    serviceName: service.attrs.name,
    address,
    operations,
    operationByRequest: new Map([...operations.values()].map((o) => [`{${o.request.ns}}${o.request.name}`, o])),
    wsdlText,
    wsdlDir: dirname(path),
  };
}
