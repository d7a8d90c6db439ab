/**
 * One H→P call as the certification sees it: the request HQ would send (serialised with the
 * contract, in the charset under test), and everything about the answer the rules look at —
 * status, charset, the raw text, whether it is a fault, the head and body as the contract
 * reads them, or why it could not read them. Unlike the gateway's province client, nothing
 * here throws on a bad answer: a bad answer is what a certification is there to report.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { InterfaceContract, OperationContract } from '../contract/interface-contract';
import { XmlRecord } from '../contract/schema-model';
import { serializeElement } from '../contract/serializer';
import { validateRecord } from '../contract/validator';
import { MessageHead } from '../domain/message-head';
import { postXml } from '../provinces/post-xml';
import { Charset, CharsetName, contentTypeCharset, decodeStrictly, messageCharset } from '../wire/charset';
import { childrenNamed, parseXml } from '../xml/xml-tree';

const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

export interface ExchangeOutcome {
  interfaceNumber: string;
  operation: string;
  requestHead: MessageHead;
  requestXml: string;
  durationMs: number;
  status?: number;
  /** The charset the answer's Content-Type names (undefined: none named). */
  answerCharset?: string;
  responseXml?: string;
  /** The call got no answer at all (refused, timed out, cut). */
  transportError?: string;
  /** The answer is a SOAP fault: its faultstring and the RspCode its detail carries. */
  fault?: { reason: string; rspCode?: string };
  head?: XmlRecord;
  body?: XmlRecord;
  /** Why the answer is not a message of the contract (unreadable, no head, schema violation). */
  schemaError?: string;
}

export class ProvinceExchange {
  private readonly pool: Pool;
  private readonly base: URL;
  private readonly charset: Charset;

  constructor(
    baseUrl: string,
    charsetName: CharsetName,
    private readonly timeoutMs: number,
  ) {
    this.base = new URL(baseUrl.replace(/\/+$/, ''));
    this.pool = new Pool(this.base.origin, { connections: 2, connect: { timeout: timeoutMs } });
    this.charset = messageCharset(Buffer.alloc(0), `text/xml; charset=${charsetName}`);
  }

  get charsetName(): CharsetName {
    return this.charset.name;
  }

  async call(contract: InterfaceContract, operationName: string, head: MessageHead, body: XmlRecord): Promise<ExchangeOutcome> {
    const operation = contract.operations.get(operationName);
    if (!operation) throw new Error(`interface ${contract.number} has no operation ${operationName}`);
    const requestXml =
      `<?xml version="1.0" encoding="${this.charset.name}"?><soapenv:Envelope xmlns:soapenv="${SOAP11_NS}" xmlns:v="${contract.namespace}">` +
      `<soapenv:Header>${serializeElement(operation.header, head, 'v')}</soapenv:Header>` +
      `<soapenv:Body>${serializeElement(operation.request, body, 'v')}</soapenv:Body></soapenv:Envelope>`;
    const outcome: ExchangeOutcome = { interfaceNumber: contract.number, operation: operationName, requestHead: head, requestXml, durationMs: 0 };
    const started = performance.now();
    try {
      const posted = await postXml(this.pool, {
        path: `${this.base.pathname}/${contract.number}`,
        headers: { 'content-type': `text/xml; charset=${this.charset.name}`, soapaction: `"${operation.soapAction}"` },
        body: this.charset.encode(requestXml),
        timeoutMs: this.timeoutMs,
      });
      outcome.durationMs = performance.now() - started;
      outcome.status = posted.status;
      outcome.answerCharset = contentTypeCharset(posted.contentType);
      readAnswer(outcome, operation, posted.bytes, posted.contentType);
    } catch (error) {
      outcome.durationMs = performance.now() - started;
      outcome.transportError = (error as Error).message ?? String(error);
    }
    return outcome;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

function readAnswer(outcome: ExchangeOutcome, operation: OperationContract, bytes: Buffer, contentType: string | undefined): void {
  try {
    outcome.responseXml = decodeStrictly(bytes, messageCharset(bytes, contentType), 'the answer');
    const envelope = parseXml(outcome.responseXml);
    const bodyEl = childrenNamed(envelope, SOAP11_NS, 'Body')[0]?.children[0];
    if (bodyEl?.ns === SOAP11_NS && bodyEl.local === 'Fault') {
      const detail = childrenNamed(bodyEl, '', 'detail')[0]?.children[0];
      outcome.fault = { reason: childrenNamed(bodyEl, '', 'faultstring')[0]?.text ?? '' };
      if (detail) outcome.fault.rspCode = String(validateRecord(detail, operation.fault).RspCode);
      return;
    }
    const header = childrenNamed(envelope, SOAP11_NS, 'Header')[0];
    const headEl = header && childrenNamed(header, operation.header.ns, operation.header.name)[0];
    if (!headEl || !bodyEl) throw new Error('the answer has no UniBSSHead or no body');
    outcome.head = validateRecord(headEl, operation.header);
    outcome.body = validateRecord(bodyEl, operation.response);
  } catch (error) {
    outcome.schemaError = (error as Error).message;
  }
}
