/**
 * The HTTP face of a SOAP server: one POST route per served interface path, `?wsdl` and the
 * shared XSDs beside each path, `GET /services`, `GET /health`, and faults for whatever goes
 * wrong before the pipeline starts (body too large, inflated past the limit, cut off, timed
 * out; unknown path). Those are journaled like every other exchange. The gateway and the
 * mock provinces are both built on it; only their services differ.
 *
 * Two ways in. The common case — a POST to a served path with a plain body of declared
 * length within the limit — is read and answered on node's own request and response
 * (`soapFastPath`): measured, express 5 and body-parser cost about 200 µs a request here,
 * four times the whole SOAP pipeline. Everything else (GETs, compressed or chunked or
 * oversized bodies, unknown paths) goes through express, which the fast path falls back to.
 */
import { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import express, { NextFunction, Request, Response } from 'express';
import { InterfaceContract } from '../contract/interface-contract';
import { Dispatch } from '../dispatch/exchange';
import { ExchangeObserver, ExchangeRecord } from '../journal/exchange-record';
import { FAULT, httpStatusOf, SOAP_FAULTS, SoapFaultError, SoapFaultName } from '../contract/faults';
import { SOAP11, SOAP12 } from './soap-envelope';
import { faultEnvelope, handleSoapRequest, wireBody } from './soap-endpoint';
import { WsdlPublisher } from './wsdl-publisher';
import { wasTimedOut } from './http-server';
import { InboundSecurity } from '../wire/security/token-verifier';
import { writeTurn } from '../wire/write-batch';

export interface SoapService {
  path: string; // e.g. /ucrm/4.2.1 or /province/51/4.2.2
  contract: InterfaceContract;
  dispatch: Dispatch;
  implemented: boolean;
  province?: string;
  /** WS-Security checks for this path (the gateway's for all; a mock province's own). */
  security?: InboundSecurity;
}

export interface SoapAppOptions {
  services: SoapService[];
  wsdlDir: string;
  observe: ExchangeObserver;
  bodyLimitBytes: number;
  publicUrl?: string; // advertised in soap:address instead of the request's Host
  /** Extra JSON for /services entries' context, e.g. the server's role. */
  name: string;
}

const XSD_PATH = /^(.*)\/common\/([\w.-]+\.xsd)$/;

export interface SoapApp {
  /** express: WSDLs, XSDs, /services, /health, and the POSTs the fast path leaves to it. */
  app: express.Express;
  /** Answers a plain POST to a served path and returns true; false leaves the request alone. */
  fastPath: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** A request listener that tries the fast path first, then `app` (which may wrap the SOAP app). */
export function withFastPath(fastPath: SoapApp['fastPath'], app: RequestListener): RequestListener {
  return (req, res) => {
    if (!fastPath(req, res)) app(req, res);
  };
}

export function createSoapApp(opts: SoapAppOptions): SoapApp {
  const byPath = new Map(opts.services.map((s) => [s.path, s]));
  const publisher = new WsdlPublisher(opts.wsdlDir);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  const baseUrl = (req: Request) => opts.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', name: opts.name });
  });

  app.get('/services', (req, res) => {
    const province = typeof req.query.province === 'string' ? req.query.province : undefined;
    res.json(
      opts.services
        .filter((s) => !province || s.province === province)
        .map((s) => ({
          number: s.contract.number,
          name: s.contract.title,
          direction: s.contract.direction,
          operations: [...s.contract.operations.keys()],
          path: s.path,
          province: s.province,
          implemented: s.implemented,
          wsdl: `${baseUrl(req)}${s.path}?wsdl`,
        })),
    );
  });

  app.get(/.*/, (req, res, next) => {
    const service = byPath.get(req.path);
    if (service && 'wsdl' in req.query) {
      res.type('text/xml; charset=utf-8').send(publisher.wsdlFor(service.contract, `${baseUrl(req)}${service.path}`));
      return;
    }
    const xsd = XSD_PATH.exec(req.path);
    const schema = xsd && publisher.schema(xsd[2]);
    if (schema) {
      res.type('text/xml; charset=utf-8').send(schema);
      return;
    }
    next();
  });

  const readBody = express.raw({ type: () => true, limit: opts.bodyLimitBytes });
  app.post(/.*/, (req, res, next) => {
    const service = byPath.get(req.path);
    if (!service) {
      next();
      return;
    }
    const receivedAt = Date.now();
    const started = performance.now();
    const refuse = (err: unknown) => {
      const record = sendTransportFault(req, res, service.contract, bodyReadFault(err, req));
      opts.observe({ ...record, receivedAt, durationMs: performance.now() - started });
    };
    if (declaredTooLarge(req, opts.bodyLimitBytes)) {
      // Refused before a byte of it is read, and the connection closed: draining it instead
      // would let a client stream junk at us until the request timeout.
      res.setHeader('Connection', 'close');
      refuse({ type: 'entity.too.large' });
      return;
    }
    readBody(req, res, (err?: unknown) => {
      if (err) {
        refuse(err);
        return;
      }
      answerSoap(service, req, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), res, opts.observe).catch(next);
    });
  });

  app.use((req, res) => {
    const answer = { error: `no service at ${req.method} ${req.path}`, services: '/services' };
    res.status(404).json(answer);
    // A province posting to a wrong path is worth a journal entry; a browser's GET is not.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      opts.observe({
        interfaceNumber: '', direction: 'inbound', rspCode: '', fault: { name: FAULT.UNKNOWN_PATH, reason: answer.error }, httpStatus: 404,
        receivedAt: Date.now(), durationMs: 0, requestXml: '', responseXml: JSON.stringify(answer),
      });
    }
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
    if (req.method !== 'POST') return;
    // A bug got past the pipeline's own handling: the exchange is still journaled, with the stack.
    observeInternalError(opts.observe, byPath.get(req.path)?.contract.number ?? '', error);
  });
  return { app, fastPath: soapFastPath(byPath, opts) };
}

/**
 * The fast path: POSTs to a served path whose body is plain (no Content-Encoding, not
 * chunked) and declared within the limit. Anything else is left to express, which knows
 * how to inflate, stream-count and refuse.
 */
function soapFastPath(byPath: Map<string, SoapService>, opts: SoapAppOptions): SoapApp['fastPath'] {
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const service = byPath.get(q < 0 ? url : url.slice(0, q));
    const length = Number(req.headers['content-length']);
    const encoding = req.headers['content-encoding'];
    if (!service || !(length >= 0 && length <= opts.bodyLimitBytes) || req.headers['transfer-encoding'] || (encoding && encoding.trim().toLowerCase() !== 'identity')) {
      return false;
    }
    const receivedAt = Date.now();
    const started = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      answerSoap(service, req, body, res, opts.observe).catch((error) => answerInternalError(service, res, opts.observe, error));
    });
    // node reports a body cut off by the client or by the request timeout as 'aborted'.
    req.on('aborted', () => {
      const record = sendTransportFault(req, res, service.contract, bodyReadFault({ type: 'request.aborted' }, req));
      opts.observe({ ...record, receivedAt, durationMs: performance.now() - started });
    });
    return true;
  };
}

/** Runs the SOAP pipeline on a read body and writes its answer, in the request's charset. */
async function answerSoap(service: SoapService, req: IncomingMessage, body: Buffer, res: ServerResponse, observe: ExchangeObserver): Promise<void> {
  const reply = await handleSoapRequest(
    { body, contentType: header(req, 'content-type'), soapAction: header(req, 'soapaction') },
    { contract: service.contract, dispatch: service.dispatch, observe, security: service.security },
  );
  await writeTurn();
  if (res.destroyed) return;
  const bytes = wireBody(reply);
  res.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Content-Length': bytes.length });
  res.end(bytes);
}

/** The pipeline answers every error itself; this is the last resort if it ever does not. */
function answerInternalError(service: SoapService, res: ServerResponse, observe: ExchangeObserver, error: unknown): void {
  if (!res.headersSent && !res.destroyed) res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":"internal error"}');
  observeInternalError(observe, service.contract.number, error);
}

/** Journals an exchange a bug cut short, with the stack; the client has had its 500 already. */
function observeInternalError(observe: ExchangeObserver, interfaceNumber: string, error: unknown): void {
  try {
    observe({
      interfaceNumber, direction: 'inbound', rspCode: SOAP_FAULTS.INTERNAL.rspCode, fault: { name: FAULT.INTERNAL, reason: 'unexpected error' },
      httpStatus: 500, receivedAt: Date.now(), durationMs: 0, requestXml: '', responseXml: '', internalError: String((error as Error)?.stack ?? error),
    });
  } catch {
    // The observer itself failed (that may be how we got here).
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** An identity-encoded body whose Content-Length is over the limit (an encoded one is judged once inflated). */
function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const encoding = (header(req, 'content-encoding') ?? 'identity').trim().toLowerCase();
  return encoding === 'identity' && Number(header(req, 'content-length')) > limit;
}

/** Why a body could not be read, as the fault to answer and journal. */
function bodyReadFault(err: unknown, req: IncomingMessage): SoapFaultError {
  const { type, code } = err as { type?: string; code?: string };
  const declared = header(req, 'content-length') ? ` (Content-Length ${header(req, 'content-length')})` : '';
  const encoding = header(req, 'content-encoding');
  const as = (name: SoapFaultName, message: string) => new SoapFaultError(name, message);
  if (type === 'entity.too.large') {
    // The limit counts inflated bytes, so a small gzip bomb is refused like a large body.
    return as('PAYLOAD_TOO_LARGE', `the request body is larger than this gateway accepts${encoding ? ` once its ${encoding} encoding is undone` : ''}${declared}`);
  }
  if (type === 'encoding.unsupported') return as('UNSUPPORTED_MEDIA_TYPE', `unsupported Content-Encoding "${encoding}"; send identity, gzip, deflate or br`);
  if (wasTimedOut(req)) return as('REQUEST_TIMEOUT', `the request body did not arrive in time${declared}`);
  if (type === 'request.aborted') return as('REQUEST_ABORTED', `the client closed the connection before the whole body arrived${declared}`);
  if (type === 'request.size.invalid') return as('MALFORMED_XML', `the request body does not match its Content-Length${declared}`);
  if (code?.startsWith('Z_') || code === 'ERR_BROTLI_DECOMPRESSION_FAILED') return as('MALFORMED_XML', `the request body is not valid ${encoding}`);
  return as('MALFORMED_XML', 'the request body could not be read');
}

/**
 * Answers a fault raised before the SOAP pipeline could start (the body could not be read)
 * and returns the exchange record for it; the client may be gone, the journal is not.
 */
function sendTransportFault(req: IncomingMessage, res: ServerResponse, contract: InterfaceContract, fault: SoapFaultError): Omit<ExchangeRecord, 'receivedAt' | 'durationMs'> {
  const version = (header(req, 'content-type') ?? '').includes(SOAP12.contentType) ? SOAP12 : SOAP11;
  const xml = faultEnvelope(contract, version, fault);
  const status = httpStatusOf(fault, version.id);
  if (!req.socket.destroyed && !res.headersSent) {
    const bytes = Buffer.from(xml, 'utf8');
    res.writeHead(status, { 'Content-Type': `${version.contentType}; charset=utf-8`, 'Content-Length': bytes.length }).end(bytes);
  }
  return {
    interfaceNumber: contract.number, direction: 'inbound', rspCode: fault.rspCode, fault: { name: fault.fault, reason: fault.message },
    httpStatus: status, requestXml: '', responseXml: xml,
  };
}
