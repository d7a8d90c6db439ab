/**
 * The HTTP face of a SOAP server: one POST route per served interface path, `?wsdl` and the
 * shared XSDs beside each path, `GET /services`, `GET /health`, and faults for whatever goes
 * wrong before the pipeline starts (body too large, inflated past the limit, cut off, timed
 * out; unknown path). Those are journaled like every other exchange. The gateway and the
 * mock provinces are both built on it; only their services differ.
 *
 * Two ways in, one way through. A POST to a served path is answered on node's own request
 * and response (`soapFastPath`): express 5 was measured to cost several times the whole
 * SOAP pipeline per request (docs/BENCHMARKS.md). Everything else (GETs, unknown paths, a
 * POST whose URL only express makes out, such as an absolute-form one) goes through
 * express. Both ways end in `answerPost`: one body reader (body-reader.ts), the endpoint's
 * pipeline (soap-endpoint.ts), one refusal path and one writer.
 */
import { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express, { NextFunction, Request, Response } from 'express';
import { InterfaceContract } from '../contract/interface-contract';
import { Dispatch } from '../dispatch/exchange';
import { ExchangeObserver } from '../journal/exchange-record';
import { FAULT, SOAP_FAULTS } from '../contract/faults';
import { SoapEndpoint, wireBody } from './soap-endpoint';
import { PipelineHooks, SoapReply } from './soap-exchange';
import { declaredTooLarge, declaredTooLargeFault, header, lingerAfterAnswer, readBody } from './body-reader';
import { WsdlPublisher } from './wsdl-publisher';
import { InboundSecurity } from '../wire/security/token-verifier';
import { writeTurn } from '../wire/write-batch';
import { SCOPE_HEADER, scopeOfHeader } from '../journal/scope';

export interface SoapService {
  path: string; // e.g. /ucrm/4.2.1 or /province/51/4.2.2
  contract: InterfaceContract;
  dispatch: Dispatch;
  implemented: boolean;
  province?: string;
  /** WS-Security checks for this path (the gateway's for all; a mock province's own). */
  security?: InboundSecurity;
  /** Hooks on the pipeline's named stages (soap-exchange.ts), for this path. */
  hooks?: PipelineHooks;
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
  /** express: WSDLs, XSDs, /services, /health, unknown paths, and the POSTs only it can route. */
  app: express.Express;
  /** Answers a POST to a served path and returns true; false leaves the request to `app`. */
  fastPath: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** A request listener that tries the fast path first, then `app` (which may wrap the SOAP app). */
export function withFastPath(fastPath: SoapApp['fastPath'], app: RequestListener): RequestListener {
  return (req, res) => {
    if (!fastPath(req, res)) app(req, res);
  };
}

/** A served path: its service and the endpoint built for it once. */
interface Served {
  service: SoapService;
  endpoint: SoapEndpoint;
}

export function createSoapApp(opts: SoapAppOptions): SoapApp {
  const byPath = new Map<string, Served>(
    opts.services.map((service) => [
      service.path,
      {
        service,
        endpoint: new SoapEndpoint({
          contract: service.contract,
          dispatch: service.dispatch,
          observe: opts.observe,
          security: service.security,
          hooks: service.hooks,
        }),
      },
    ]),
  );
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
    const service = byPath.get(req.path)?.service;
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

  app.post(/.*/, (req, res, next) => {
    const served = byPath.get(req.path);
    if (served) answerPost(served.endpoint, req, res, opts);
    else next();
  });

  app.use((req, res) => {
    const answer = { error: `no service at ${req.method} ${req.path}`, services: '/services' };
    res.status(404).json(answer);
    // A province posting to a wrong path is worth a journal entry; a browser's GET is not.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      opts.observe({
        interfaceNumber: '',
        direction: 'inbound',
        rspCode: '',
        fault: { name: FAULT.UNKNOWN_PATH, reason: answer.error },
        httpStatus: 404,
        receivedAt: Date.now(),
        durationMs: 0,
        requestXml: '',
        responseXml: JSON.stringify(answer),
      });
    }
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
    if (req.method !== 'POST') return;
    // A bug got past the pipeline's own handling: the exchange is still journaled, with the stack.
    observeInternalError(opts.observe, byPath.get(req.path)?.service.contract.number ?? '', error);
  });
  return { app, fastPath: soapFastPath(byPath, opts) };
}

/** The fast path: a POST whose URL names a served path, routed without express. */
function soapFastPath(byPath: Map<string, Served>, opts: SoapAppOptions): SoapApp['fastPath'] {
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const served = byPath.get(q < 0 ? url : url.slice(0, q));
    if (!served) return false;
    answerPost(served.endpoint, req, res, opts);
    return true;
  };
}

/** Where both ways in end: the body read (or refused), the pipeline run, the answer written. */
function answerPost(endpoint: SoapEndpoint, req: IncomingMessage, res: ServerResponse, opts: SoapAppOptions): void {
  const x = endpoint.exchange(header(req, 'content-type'), header(req, 'soapaction'));
  x.httpRequest = req;
  x.scope = scopeOfHeader(req.headers[SCOPE_HEADER]);
  if (declaredTooLarge(req, opts.bodyLimitBytes)) {
    // Refused before a byte of it is read, and the connection closed after a bounded linger:
    // draining it all would let a client stream junk at us until the request timeout.
    lingerAfterAnswer(req, res);
    void send(endpoint.refuse(x, declaredTooLargeFault(req)), endpoint, req, res, opts.observe);
    return;
  }
  readBody(req, opts.bodyLimitBytes, (fault, body) => {
    if (fault) {
      void send(endpoint.refuse(x, fault), endpoint, req, res, opts.observe);
      return;
    }
    x.bytes = body;
    void send(endpoint.run(x), endpoint, req, res, opts.observe);
  });
}

/** Writes the answer, in the request's charset, with the others of this event-loop turn; the client may be gone. */
async function send(pending: Promise<SoapReply>, endpoint: SoapEndpoint, req: IncomingMessage, res: ServerResponse, observe: ExchangeObserver): Promise<void> {
  try {
    const reply = await pending;
    await writeTurn();
    if (res.destroyed || res.headersSent || req.socket.destroyed) return;
    const bytes = wireBody(reply);
    res.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Content-Length': bytes.length });
    res.end(bytes);
  } catch (error) {
    // The pipeline answers every error itself; this is the last resort if it ever does not.
    if (!res.headersSent && !res.destroyed) res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":"internal error"}');
    observeInternalError(observe, endpoint.contract.number, error);
  }
}

/** Journals an exchange a bug cut short, with the stack; the client has had its 500 already. */
function observeInternalError(observe: ExchangeObserver, interfaceNumber: string, error: unknown): void {
  try {
    observe({
      interfaceNumber,
      direction: 'inbound',
      rspCode: SOAP_FAULTS.INTERNAL.rspCode,
      fault: { name: FAULT.INTERNAL, reason: 'unexpected error' },
      httpStatus: 500,
      receivedAt: Date.now(),
      durationMs: 0,
      requestXml: '',
      responseXml: '',
      internalError: String((error as Error)?.stack ?? error),
    });
  } catch {
    // The observer itself failed (that may be how we got here).
  }
}
