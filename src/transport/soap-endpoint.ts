/**
 * The request pipeline of one SOAP endpoint, independent of the HTTP framework:
 * bytes → text (in the request's charset) → envelope → operation → validated head →
 * authentication → validated body → dispatch → answer (in the request's charset).
 * Every step either passes its result on or throws a SoapFaultError; whatever happens,
 * the exchange is reported to the observer (journal, log) exactly once, without secrets.
 */
import { performance } from 'node:perf_hooks';
import { InterfaceContract, OperationContract } from '../contract/interface-contract';
import { XmlRecord } from '../contract/schema-model';
import { serializeElement } from '../contract/serializer';
import { SchemaViolation, validateRecord } from '../contract/validator';
import { validatedHead } from '../contract/typed-values';
import { Dispatch, ExchangeNotes } from '../dispatch/exchange';
import { activityCodeOf, bipCodeOf, MessageHead } from '../domain/message-head';
import { RSP } from '../contract/rsp-codes';
import { parseXml, XmlSyntaxError } from '../xml/xml-tree';
import { ExchangeObserver } from '../journal/exchange-record';
import { httpStatusOf, SoapFaultError } from '../contract/faults';
import { Charset, decodeStrictly, messageCharset, UTF8 } from '../wire/charset';
import { CONTRACT_PREFIX, mustUnderstand, openEnvelope, SOAP11, SOAP12, SoapVersion, writeEnvelope, writeFault } from './soap-envelope';
import { redactSecrets } from '../wire/security/redaction';
import { InboundSecurity } from '../wire/security/token-verifier';
import { isSecurityHeader } from '../wire/security/username-token';

export interface RawSoapRequest {
  body: Buffer;
  contentType: string | undefined;
  soapAction: string | undefined;
}

export interface SoapReply {
  status: number;
  contentType: string;
  xml: string;
  charset: Charset; // what the Content-Type names: the xml goes on the wire in it
}

/**
 * The answer's bytes, encoded once. (Handing node the string instead costs two passes over it:
 * Buffer.byteLength for the Content-Length, then the encoding on write; measured, the first of
 * them alone was a tenth of a mock province's time, the answer being a concatenated string
 * with Chinese text.)
 */
export function wireBody(reply: SoapReply): Buffer {
  return reply.charset.encode(reply.xml);
}

export interface EndpointOptions {
  contract: InterfaceContract;
  dispatch: Dispatch;
  observe: ExchangeObserver;
  /** Checks the WS-Security UsernameToken once the head is known; none: no checks. */
  security?: InboundSecurity;
}

export async function handleSoapRequest(raw: RawSoapRequest, opts: EndpointOptions): Promise<SoapReply> {
  const receivedAt = Date.now();
  const started = performance.now();
  const { contract } = opts;
  let version: SoapVersion = SOAP11;
  let charset: Charset = UTF8; // until the request's own is known, faults go out in UTF-8
  let requestXml = '';
  let operation: OperationContract | undefined;
  let head: MessageHead | undefined;
  let body: XmlRecord | undefined;
  const notes: ExchangeNotes = {};
  try {
    version = versionOfContentType(raw.contentType);
    if (raw.body.length === 0) throw new SoapFaultError('NOT_AN_ENVELOPE', 'the request body is empty');
    charset = messageCharset(raw.body, raw.contentType);
    requestXml = decodeStrictly(raw.body, charset);
    const envelope = openEnvelope(parseRequestXml(requestXml));
    if (envelope.version !== version) {
      throw new SoapFaultError('VERSION_MISMATCH', `SOAP ${envelope.version.id} envelope sent as ${version.contentType}`);
    }
    operation = findOperation(contract, envelope.body.ns, envelope.body.local);
    checkSoapAction(operation, raw, version);
    head = validateHead(contract, operation, envelope.headerBlocks, version);
    opts.security?.authenticate(envelope.headerBlocks, head);
    body = asValid(() => validateRecord(envelope.body, operation!.request));
    const reply = await opts.dispatch({ contract, operation, head, body, receivedAt, notes });
    const xml = writeEnvelope(
      version,
      contract.namespace,
      serializeElement(operation.header, reply.head, CONTRACT_PREFIX),
      serializeElement(operation.response, reply.body, CONTRACT_PREFIX),
      charset.name,
    );
    opts.observe({
      interfaceNumber: contract.number, operation: operation.name, direction: 'inbound', requestHead: head, responseHead: reply.head,
      province: notes.province, serviceNumber: serviceNumberOf(body), transIdH: notes.transIdH ?? reply.head.TransIDH, rspCode: reply.head.RspCode ?? RSP.SUCCESS,
      httpStatus: 200, receivedAt, durationMs: performance.now() - started, requestXml: redactSecrets(requestXml), responseXml: xml,
    });
    return { status: 200, contentType: `${version.contentType}; charset=${charset.name}`, xml, charset };
  } catch (error) {
    const fault = error instanceof SoapFaultError ? error : new SoapFaultError('INTERNAL', 'internal error');
    const xml = faultEnvelope(contract, version, fault, { TransIDH: notes.transIdH, TransIDO: head?.TransIDO }, charset);
    const status = httpStatusOf(fault, version.id);
    opts.observe({
      interfaceNumber: contract.number, operation: operation?.name, direction: 'inbound', requestHead: head, province: notes.province,
      serviceNumber: serviceNumberOf(body),
      transIdH: notes.transIdH, rspCode: fault.rspCode, fault: { name: fault.fault, reason: fault.message },
      httpStatus: status, receivedAt, durationMs: performance.now() - started,
      requestXml: redactSecrets(requestXml || raw.body.toString('latin1')), responseXml: xml,
      ...(error instanceof SoapFaultError ? {} : { internalError: String((error as Error)?.stack ?? error) }),
    });
    return { status, contentType: `${version.contentType}; charset=${charset.name}`, xml, charset };
  }
}

/** A SOAP Fault whose detail is the contract's GatewayFault: the RspCode, and the ids where known. */
export function faultEnvelope(contract: InterfaceContract, version: SoapVersion, fault: SoapFaultError, ids: { TransIDH?: string; TransIDO?: string } = {}, charset: Charset = UTF8): string {
  const detail: XmlRecord = { RspCode: fault.rspCode, RspDesc: fault.message.slice(0, 256), ...ids };
  const faultDecl = [...contract.operations.values()][0].fault; // every operation shares the one GatewayFault
  return writeFault(version, contract.namespace, fault.side, fault.message, serializeElement(faultDecl, detail, CONTRACT_PREFIX), charset.name);
}

function serviceNumberOf(body: XmlRecord | undefined): string | undefined {
  return typeof body?.ServiceNumber === 'string' ? body.ServiceNumber : undefined;
}

function versionOfContentType(contentType: string | undefined): SoapVersion {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === SOAP11.contentType) return SOAP11;
  if (mediaType === SOAP12.contentType) return SOAP12;
  throw new SoapFaultError('UNSUPPORTED_MEDIA_TYPE', `Content-Type must be text/xml (SOAP 1.1) or application/soap+xml (SOAP 1.2), not "${mediaType}"`);
}

function parseRequestXml(xml: string) {
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
function checkSoapAction(operation: OperationContract, raw: RawSoapRequest, version: SoapVersion): void {
  const sent = version.id === '1.1' ? raw.soapAction : /;\s*action="?([^";]*)"?/i.exec(raw.contentType ?? '')?.[1];
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

function validateHead(contract: InterfaceContract, operation: OperationContract, blocks: ReturnType<typeof openEnvelope>['headerBlocks'], version: SoapVersion): MessageHead {
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
  const head = validatedHead(asValid(() => validateRecord(headEl, headDecl)));
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

function asValid<T>(validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    if (error instanceof SchemaViolation) throw new SoapFaultError('SCHEMA_VIOLATION', `schema violation at ${error.path}: ${error.rule}`);
    throw error;
  }
}
