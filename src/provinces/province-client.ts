/**
 * HQ's client for the H→P interfaces, built from their WSDLs: requests are serialised and
 * answers validated with the same compiled contract the server side uses. One keep-alive
 * connection pool per province.
 *
 * Errors say what a caller must know about money, as the fault catalogue classes each
 * failure (contract/faults.ts, PROVINCE_FAILURES): ProvinceUnavailableError means the
 * province certainly applied nothing (refused, could not connect, answered with a fault);
 * ProvinceOutcomeUnknownError means the request may have been applied (timed out or broke
 * after sending, or answered with something unreadable). Both name their failure.
 *
 * A province with credentials configured gets a WS-Security UsernameToken (PasswordDigest)
 * on every call, signed as the request's MsgSender (UCRM). Requests go out in UTF-8; an
 * answer is read in whatever charset it declares (UTF-8, GBK, GB18030).
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { InterfaceContract } from '../contract/interface-contract';
import { XmlRecord } from '../contract/schema-model';
import { serializeElement } from '../contract/serializer';
import { validateRecord } from '../contract/validator';
import { OperationName, RequestOf, ResponseOf, validatedHead, validatedResponse } from '../contract/typed-values';
import { MessageHead } from '../domain/message-head';
import { ExchangeObserver } from '../journal/exchange-record';
import { PROVINCE_FAILURES, ProvinceFailure, rspCodeOfProvinceFailure } from '../contract/faults';
import { childrenNamed, parseXml } from '../xml/xml-tree';
// Wire-level helpers shared with the server side of the transport; they depend on nothing
// above the contract and the XML tree, so the H→P client may use them without a cycle.
import { decodeStrictly, messageCharset } from '../wire/charset';
import { redactSecrets } from '../wire/security/redaction';
import { usernameTokenHeader } from '../wire/security/token-signer';
import { writeTurn } from '../wire/write-batch';
import { currentScope, SCOPE_HEADER } from '../journal/scope';
import { ProvinceEndpoint, ProvinceRegistry } from './province-registry';
import { postXml } from './post-xml';

/** A call that got no usable answer; `failure` says how, and the catalogue what that means. */
export abstract class ProvinceCallError extends Error {
  constructor(
    readonly province: string,
    readonly failure: ProvinceFailure,
    message: string,
  ) {
    super(message);
  }
}

export class ProvinceUnavailableError extends ProvinceCallError {
  override readonly name = 'ProvinceUnavailableError';
}

export class ProvinceOutcomeUnknownError extends ProvinceCallError {
  override readonly name = 'ProvinceOutcomeUnknownError';
}

/** The error for `failure`: whether the province may have applied the call decides its class. */
export function provinceCallError(province: string, failure: ProvinceFailure, message: string): ProvinceCallError {
  return PROVINCE_FAILURES[failure].mayHaveApplied
    ? new ProvinceOutcomeUnknownError(province, failure, message)
    : new ProvinceUnavailableError(province, failure, message);
}

export interface ProvinceAnswer<Body = XmlRecord> {
  head: MessageHead;
  body: Body;
}

const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
// Errors undici raises before a byte of the request went out: nothing can have been applied.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export class ProvinceClient {
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly registry: ProvinceRegistry,
    private readonly observe: ExchangeObserver,
    private readonly connectionsPerProvince = 16,
  ) {}

  /** Calls `operationName` of `contract` at `province`: the body typed by the operation, and its answer. */
  async call<O extends OperationName>(
    province: string,
    contract: InterfaceContract,
    operationName: O,
    head: MessageHead,
    body: RequestOf<O>,
  ): Promise<ProvinceAnswer<ResponseOf<O>>> {
    const endpoint = this.registry.get(province);
    if (!endpoint) throw provinceCallError(province, 'PROVINCE_UNREACHABLE', `no endpoint is configured for province ${province}`);
    const operation = contract.operations.get(operationName);
    if (!operation) throw new Error(`interface ${contract.number} has no operation ${operationName}`);
    const requestXml =
      `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11_NS}" xmlns:v="${contract.namespace}">` +
      `<soapenv:Header>${securityHeader(endpoint, head)}${serializeElement(operation.header, head, 'v')}</soapenv:Header>` +
      `<soapenv:Body>${serializeElement(operation.request, body, 'v')}</soapenv:Body></soapenv:Envelope>`;
    const url = this.urlOf(endpoint, contract.number);
    const scope = currentScope();
    const startedAt = Date.now();
    const started = performance.now();
    let status: number | undefined;
    let responseXml = '';
    let answer: ProvinceAnswer<ResponseOf<O>> | undefined;
    let failure: ProvinceCallError | undefined;
    try {
      await writeTurn();
      const posted = await postXml(this.pool(endpoint, url.origin), {
        path: url.pathname,
        headers:
          scope === undefined
            ? { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${operation.soapAction}"` }
            : scopedHeaders(operation.soapAction, scope),
        body: requestXml,
        timeoutMs: endpoint.timeoutMs,
      });
      status = posted.status;
      const bytes = posted.bytes;
      try {
        responseXml = decodeAnswer(province, status, bytes, posted.contentType);
      } catch (error) {
        responseXml = bytes.toString('latin1'); // what the journal keeps when the bytes are not text in their charset
        throw error;
      }
      answer = this.readAnswer(province, contract, operationName, status, responseXml);
      return answer;
    } catch (error) {
      failure = classify(province, error);
      throw failure;
    } finally {
      this.observe({
        interfaceNumber: contract.number,
        operation: operationName,
        direction: 'outbound',
        requestHead: head,
        responseHead: answer?.head,
        province,
        serviceNumber: 'ServiceNumber' in body && typeof body.ServiceNumber === 'string' ? body.ServiceNumber : undefined,
        transIdH: head.TransIDH,
        // What the failure would mean for a call that changes money: the journal says whether it may have been applied.
        rspCode: answer ? (answer.head.RspCode ?? '') : rspCodeOfProvinceFailure(failure!.failure, true),
        fault: failure && { name: failure.failure, reason: failure.message },
        httpStatus: status,
        receivedAt: startedAt,
        durationMs: performance.now() - started,
        requestXml: redactSecrets(requestXml),
        responseXml,
        scope,
      });
    }
  }

  private readAnswer<O extends OperationName>(
    province: string,
    contract: InterfaceContract,
    operationName: O,
    status: number,
    xml: string,
  ): ProvinceAnswer<ResponseOf<O>> {
    const operation = contract.operations.get(operationName)!;
    let envelope;
    try {
      envelope = parseXml(xml);
    } catch (error) {
      throw provinceCallError(province, 'PROVINCE_BAD_ANSWER', `province ${province} answered HTTP ${status} with unreadable XML: ${(error as Error).message}`);
    }
    const header = childrenNamed(envelope, SOAP11_NS, 'Header')[0];
    const bodyEl = childrenNamed(envelope, SOAP11_NS, 'Body')[0]?.children[0];
    if (bodyEl && bodyEl.ns === SOAP11_NS && bodyEl.local === 'Fault') {
      const reason = childrenNamed(bodyEl, '', 'faultstring')[0]?.text ?? 'fault';
      throw provinceCallError(province, 'PROVINCE_FAULT', `province ${province} answered with a SOAP fault: ${reason}`);
    }
    const headEl = header && childrenNamed(header, operation.header.ns, operation.header.name)[0];
    if (!headEl || !bodyEl) throw provinceCallError(province, 'PROVINCE_BAD_ANSWER', `province ${province} answered without a message head or body`);
    try {
      return {
        head: validatedHead(validateRecord(headEl, operation.header)),
        body: validatedResponse(operationName, validateRecord(bodyEl, operation.response)),
      };
    } catch (error) {
      throw provinceCallError(province, 'PROVINCE_BAD_ANSWER', `province ${province} answered outside the contract: ${(error as Error).message}`);
    }
  }

  private readonly urls = new Map<string, URL>();

  private urlOf(endpoint: ProvinceEndpoint, interfaceNumber: string): URL {
    const key = `${endpoint.baseUrl}/${interfaceNumber}`;
    let url = this.urls.get(key);
    if (!url) this.urls.set(key, (url = new URL(key)));
    return url;
  }

  private pool(endpoint: ProvinceEndpoint, origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: this.connectionsPerProvince, connect: { timeout: endpoint.timeoutMs }, pipelining: 1 });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
    this.pools.clear();
  }
}

/** The UsernameToken for a province that has credentials; nothing for one that has none. */
function securityHeader(endpoint: ProvinceEndpoint, head: MessageHead): string {
  if (endpoint.password === undefined) return '';
  return usernameTokenHeader({ username: head.MsgSender, password: endpoint.password }, { envelopePrefix: 'soapenv' });
}

function decodeAnswer(province: string, status: number, bytes: Buffer, contentType: string | undefined): string {
  try {
    return decodeStrictly(bytes, messageCharset(bytes, contentType), 'the answer');
  } catch (error) {
    throw provinceCallError(province, 'PROVINCE_BAD_ANSWER', `province ${province} answered HTTP ${status} with unreadable text: ${(error as Error).message}`);
  }
}

function classify(province: string, error: unknown): ProvinceCallError {
  if (error instanceof ProvinceCallError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  if (NOT_SENT.has(code)) return provinceCallError(province, 'PROVINCE_UNREACHABLE', `province ${province} unreachable (${code}): ${message}`);
  return provinceCallError(province, 'PROVINCE_TIMEOUT', `province ${province} did not answer in time or broke off (${code || 'error'}): ${message}`);
}

/** The headers of a call made for a scoped request: the mock province answers in that scope. */
function scopedHeaders(soapAction: string, scope: string): Record<string, string> {
  return { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${soapAction}"`, [SCOPE_HEADER]: scope };
}
