/**
 * The work of each pipeline stage up to dispatch, in STAGES order (soap-exchange.ts). Each
 * reads what the stages before it found on the exchange, adds its own, or throws the
 * SoapFaultError that ends the exchange. Serialising and recording are the endpoint's
 * (soap-endpoint.ts): they run whatever happened.
 */
import { InterfaceContract, OperationContract } from '../contract/interface-contract';
import { ElementDecl, XmlRecord } from '../contract/schema-model';
import { SoapFaultError } from '../contract/faults';
import { validatedHead } from '../contract/typed-values';
import { SchemaViolation, validateRecord } from '../contract/validator';
import { Dispatch, ExchangeReply } from '../dispatch/exchange';
import { activityCodeOf, bipCodeOf, MessageHead } from '../domain/message-head';
import { inScope } from '../journal/scope';
import { decodeStrictly, messageCharset } from '../wire/charset';
import { isSecurityHeader } from '../wire/security/username-token';
import { parseXml, XmlElement, XmlSyntaxError } from '../xml/xml-tree';
import { mustUnderstand, openEnvelope, SOAP11, SOAP12, SoapVersion } from './soap-envelope';
import { EndpointParts, ExchangeAt, SoapExchange, StageName } from './soap-exchange';

export interface StageParts extends EndpointParts {
  readonly dispatch: Dispatch;
}

/** A stage's work. Only dispatch waits for something, and what it waits for is the answer. */
export type StageWork = (exchange: SoapExchange, parts: StageParts) => void | Promise<ExchangeReply>;

/** The work of a stage that runs once stage `previous` has: the runner keeps that order. */
function after<S extends StageName>(_previous: S, work: (exchange: ExchangeAt<S>, parts: StageParts) => void | Promise<ExchangeReply>): StageWork {
  return work as StageWork;
}

const nothing: StageWork = () => undefined;

/** STAGES from readBody through dispatch, in order; the HTTP side has read the body already. */
export const STAGE_WORK: readonly StageWork[] = [
  nothing, // readBody
  decodeCharset,
  after('decodeCharset', (x) => {
    x.root = parseRequestXml(x.requestXml);
  }),
  after('parse', (x) => {
    const envelope = openEnvelope(x.root);
    if (envelope.version !== x.version) {
      throw new SoapFaultError('VERSION_MISMATCH', `SOAP ${envelope.version.id} envelope sent as ${x.version.contentType}`);
    }
    x.envelope = envelope;
    letGo(x, 'root');
  }),
  after('openEnvelope', (x, { contract }) => {
    const operation = findOperation(contract, x.envelope.body.ns, x.envelope.body.local);
    checkSoapAction(operation, x, x.version);
    x.operation = operation;
  }),
  after('findOperation', (x, { contract }) => {
    x.head = validateHead(contract, x.operation, x.envelope.headerBlocks, x.version);
  }),
  nothing, // authenticate: its hooks are the authenticators
  after('authenticate', (x) => {
    x.body = validRecord(x.envelope.body, x.operation.request);
    letGo(x, 'envelope'); // the tree is not needed past here, so it is not kept through the dispatch
  }),
  after('validateBody', (x, { contract, dispatch }) => {
    x.inbound = { contract, operation: x.operation, head: x.head, body: x.body, receivedAt: x.receivedAt, transIdH: undefined, province: undefined };
    // A scoped request's province calls carry its scope (journal/scope.ts); unscoped ones pay nothing.
    return x.scope === undefined ? dispatch(x.inbound) : inScope(x.scope, dispatch, x.inbound);
  }),
];

/** Drops what a later stage does not need, so a large tree does not live as long as the exchange. */
function letGo(x: SoapExchange, what: 'root' | 'envelope'): void {
  x[what] = undefined;
}

function decodeCharset(x: SoapExchange): void {
  x.version = versionOfContentType(x.requestContentType);
  const bytes = x.bytes;
  if (bytes === undefined || bytes.length === 0) throw new SoapFaultError('NOT_AN_ENVELOPE', 'the request body is empty');
  x.charset = messageCharset(bytes, x.requestContentType);
  x.requestXml = decodeStrictly(bytes, x.charset);
  x.bytes = undefined;
}

function versionOfContentType(contentType: string | undefined): SoapVersion {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === SOAP11.contentType) return SOAP11;
  if (mediaType === SOAP12.contentType) return SOAP12;
  throw new SoapFaultError('UNSUPPORTED_MEDIA_TYPE', `Content-Type must be text/xml (SOAP 1.1) or application/soap+xml (SOAP 1.2), not "${mediaType}"`);
}

function parseRequestXml(xml: string): XmlElement {
  try {
    return parseXml(xml);
  } catch (error) {
    if (error instanceof XmlSyntaxError) {
      const at = error.line ? ` (line ${error.line}, column ${error.column})` : '';
      throw new SoapFaultError('MALFORMED_XML', `malformed XML: ${error.message}${at}`);
    }
    throw error;
  }
}

function findOperation(contract: InterfaceContract, ns: string, local: string): OperationContract {
  const operation = contract.operationByRequest.get(`{${ns}}${local}`);
  if (!operation) {
    const known = [...contract.operations.values()].map((o) => o.request.name).join(', ');
    throw new SoapFaultError('UNKNOWN_OPERATION', `interface ${contract.number} has no operation for body element {${ns}}${local}; expected ${known}`);
  }
  return operation;
}

/** SOAP 1.1 carries the action in SOAPAction, SOAP 1.2 in the Content-Type's action parameter. */
function checkSoapAction(operation: OperationContract, x: SoapExchange, version: SoapVersion): void {
  const sent = version.id === '1.1' ? x.soapAction : /;\s*action="?([^";]*)"?/i.exec(x.requestContentType ?? '')?.[1];
  if (sent !== undefined && isQuoted(sent, operation.soapAction)) return; // what nearly every client sends
  const action = (sent ?? '').trim().replace(/^"(.*)"$/, '$1');
  // An empty action is allowed (the body element names the operation); a different one is not.
  if (action !== '' && action !== operation.soapAction) {
    throw new SoapFaultError('SOAPACTION_MISMATCH', `SOAPAction "${action}" does not match operation ${operation.name} ("${operation.soapAction}")`);
  }
}

/** `"action"`, checked without building a string. */
function isQuoted(sent: string, action: string): boolean {
  return sent.length === action.length + 2 && sent.charCodeAt(0) === 34 && sent.charCodeAt(sent.length - 1) === 34 && sent.startsWith(action, 1);
}

function validateHead(contract: InterfaceContract, operation: OperationContract, blocks: XmlElement[], version: SoapVersion): MessageHead {
  const headDecl = operation.header;
  let headEl;
  for (const block of blocks) {
    if (block.ns === headDecl.ns && block.local === headDecl.name) headEl = block;
    // wsse:Security is understood in every WSSE_MODE: with "off" the deployment chose not to enforce it.
    else if (mustUnderstand(block, version) && !isSecurityHeader(block)) {
      throw new SoapFaultError('MUST_UNDERSTAND', `header block {${block.ns}}${block.local} is marked mustUnderstand and is not understood`);
    }
  }
  if (!headEl) throw new SoapFaultError('SCHEMA_VIOLATION', `/${headDecl.name}: the SOAP Header must carry the ${headDecl.name} message head`);
  const head = validatedHead(validRecord(headEl, headDecl));
  const expected = activityCodeOf(contract.number);
  if (head.ActivityCode !== expected) {
    throw new SoapFaultError('SCHEMA_VIOLATION', `/UniBSSHead/ActivityCode: interface ${contract.number} takes ${expected}, not ${head.ActivityCode}`);
  }
  if (head.BIPCode !== bipCodeOf(contract.number)) {
    throw new SoapFaultError('SCHEMA_VIOLATION', `/UniBSSHead/BIPCode: interface ${contract.number} takes ${bipCodeOf(contract.number)}, not ${head.BIPCode}`);
  }
  if (head.ActionCode !== '0') throw new SoapFaultError('SCHEMA_VIOLATION', '/UniBSSHead/ActionCode: a request carries 0');
  return head;
}

/** The element's value, a schema violation answered as the contract's 9001 fault. */
function validRecord(el: XmlElement, decl: ElementDecl): XmlRecord {
  try {
    return validateRecord(el, decl);
  } catch (error) {
    if (error instanceof SchemaViolation) throw new SoapFaultError('SCHEMA_VIOLATION', `schema violation at ${error.path}: ${error.rule}`);
    throw error;
  }
}
