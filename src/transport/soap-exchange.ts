/**
 * One inbound SOAP exchange as it goes through the endpoint's pipeline, and the pipeline's
 * named stages. Each stage reads what the stages before it found on the exchange and adds
 * its own; hooks registered on a stage run right after it, with the exchange as it left it.
 *
 * The exchange is one object with a fixed shape, allocated once per request: the pipeline
 * allocates no closures, arrays or map entries per request of its own (such per-request
 * structures were measured to keep requests alive into the old generation, docs/BENCHMARKS.md).
 */
import { IncomingMessage } from 'node:http';
import { InterfaceContract, OperationContract } from '../contract/interface-contract';
import { SoapFaultError } from '../contract/faults';
import { XmlRecord } from '../contract/schema-model';
import { ExchangeReply, InboundExchange } from '../dispatch/exchange';
import { MessageHead } from '../domain/message-head';
import { ExchangeRecord } from '../journal/exchange-record';
import { Charset, UTF8 } from '../wire/charset';
import { XmlElement } from '../xml/xml-tree';
import { RequestEnvelope, SOAP11, SoapVersion } from './soap-envelope';

/** The stages, in the order they run. `readBody` is the HTTP side's (body-reader.ts). */
export const STAGES = [
  'readBody', // the body's bytes, inflated and within the limit
  'decodeCharset', // the Content-Type's SOAP version and charset; the bytes as text
  'parse', // the text as an element tree
  'openEnvelope', // the SOAP envelope taken apart; its version matches the Content-Type
  'findOperation', // the operation the body element names; the SOAPAction agrees
  'validateHead', // header blocks understood; the UniBSSHead valid for this interface
  'authenticate', // the sender is who the head says (its hooks: WS-Security)
  'validateBody', // the body valid against the operation's request, as plain values
  'dispatch', // the dispatcher's answer: a head and a body
  'serialise', // the answer, or the fault, as XML in the request's charset
  'record', // the exchange record, for the observer (journal, log, metrics)
] as const;

export type StageName = (typeof STAGES)[number];

/** What the answer goes out as: framework-independent, the HTTP side writes it. */
export interface SoapReply {
  status: number;
  contentType: string;
  xml: string;
  charset: Charset; // what the Content-Type names: the xml goes on the wire in it
}

/** What the endpoint's stages work with: fixed for the endpoint's life. */
export interface EndpointParts {
  readonly contract: InterfaceContract;
}

export class SoapExchange implements SoapReply {
  readonly receivedAt = Date.now(); // epoch ms the request arrived
  readonly started = performance.now();
  /** The body's bytes; let go of once decoded. */
  bytes: Buffer | undefined = undefined;
  version: SoapVersion = SOAP11;
  charset: Charset = UTF8; // until the request's own is known, faults go out in UTF-8
  requestXml = '';
  /** The tree and the envelope; let go of once the body is validated. */
  root: XmlElement | undefined = undefined;
  envelope: RequestEnvelope | undefined = undefined;
  operation: OperationContract | undefined = undefined;
  head: MessageHead | undefined = undefined;
  body: XmlRecord | undefined = undefined;
  /** What the dispatcher was given: it carries the exchange's TransIDH and province. */
  inbound: InboundExchange | undefined = undefined;
  answer: ExchangeReply | undefined = undefined;
  fault: SoapFaultError | undefined = undefined;
  internalError: string | undefined = undefined;
  record: ExchangeRecord | undefined = undefined;
  /** The HTTP request it came in (headers, socket), for hooks that need more than the SOAP message. */
  httpRequest: IncomingMessage | undefined = undefined;
  /** The test scope the request named (journal/scope.ts). */
  scope: string | undefined = undefined;
  // The reply.
  status = 200;
  contentType = '';
  xml = '';

  constructor(
    readonly endpoint: EndpointParts,
    readonly requestContentType: string | undefined,
    readonly soapAction: string | undefined,
  ) {}
}

/**
 * What a hook on each stage can count on finding: what that stage and those before it
 * found (the tree and envelope are gone once the body is validated). A hook on `record`
 * sees the record before the observer does and may change it.
 */
export interface FoundBy {
  readBody: { bytes: Buffer };
  decodeCharset: { requestXml: string };
  parse: { root: XmlElement };
  openEnvelope: { envelope: RequestEnvelope };
  findOperation: { envelope: RequestEnvelope; operation: OperationContract };
  validateHead: { envelope: RequestEnvelope; operation: OperationContract; head: MessageHead };
  authenticate: { envelope: RequestEnvelope; operation: OperationContract; head: MessageHead };
  validateBody: { operation: OperationContract; head: MessageHead; body: XmlRecord };
  dispatch: { operation: OperationContract; head: MessageHead; body: XmlRecord; inbound: InboundExchange; answer: ExchangeReply };
  serialise: object;
  record: { record: ExchangeRecord };
}

export type ExchangeAt<S extends StageName> = SoapExchange & FoundBy[S];

/**
 * Runs after its stage. It may throw a SoapFaultError to refuse the exchange (before
 * `serialise`), and may return a promise the pipeline waits for.
 */
export type StageHook<S extends StageName = StageName> = (exchange: ExchangeAt<S>) => void | Promise<void>;

export type PipelineHooks = { [S in StageName]?: ReadonlyArray<StageHook<S>> };

/** The index of each stage in STAGES. */
export const STAGE_INDEX: { readonly [S in StageName]: number } = Object.freeze(
  Object.fromEntries(STAGES.map((name, i) => [name, i])) as { [S in StageName]: number },
);

/** A SOAP fault raised before a stage could run, or by one: the exchange's outcome. */
export function faultOf(error: unknown): { fault: SoapFaultError; internalError?: string } {
  if (error instanceof SoapFaultError) return { fault: error };
  return { fault: new SoapFaultError('INTERNAL', 'internal error'), internalError: String((error as Error)?.stack ?? error) };
}
