/**
 * The HTTP face of a SOAP server on express: one POST route per served interface path,
 * `?wsdl` and the shared XSDs beside each path, `GET /services`, `GET /health`, and faults
 * for whatever goes wrong before the pipeline starts (body too large, unknown path).
 * The gateway and the mock provinces are both built on it; only their services differ.
 */
import express, { NextFunction, Request, Response } from 'express';
import { InterfaceContract } from '../contract/interface-contract';
import { XmlRecord } from '../contract/schema-model';
import { serializeElement } from '../contract/serializer';
import { Dispatch } from '../dispatch/exchange';
import { ExchangeObserver } from '../journal/exchange-record';
import { SoapFaultError } from '../contract/faults';
import { CONTRACT_PREFIX, SOAP11, SOAP12, writeFault } from './soap-envelope';
import { handleSoapRequest } from './soap-endpoint';
import { WsdlPublisher } from './wsdl-publisher';

export interface SoapService {
  path: string; // e.g. /ucrm/4.2.1 or /province/51/4.2.2
  contract: InterfaceContract;
  dispatch: Dispatch;
  implemented: boolean;
  province?: string;
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

export function createSoapApp(opts: SoapAppOptions): express.Express {
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
    readBody(req, res, (err?: unknown) => {
      if (err) {
        sendTransportFault(res, service.contract, err);
        return;
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      handleSoapRequest(
        { body, contentType: req.get('content-type'), soapAction: req.get('soapaction') },
        { contract: service.contract, dispatch: service.dispatch, observe: opts.observe },
      ).then(
        (reply) => res.status(reply.status).type(reply.contentType).send(reply.xml),
        (error) => next(error), // handleSoapRequest answers every error itself; this is a last resort
      );
    });
  });

  app.use((req, res) => {
    res.status(404).json({ error: `no service at ${req.method} ${req.path}`, services: '/services' });
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
    void error;
  });
  return app;
}

/** Faults raised before the SOAP pipeline could start: the body could not be read. */
function sendTransportFault(res: Response, contract: InterfaceContract, err: unknown): void {
  const type = (err as { type?: string }).type;
  const fault =
    type === 'entity.too.large'
      ? new SoapFaultError('PAYLOAD_TOO_LARGE', 'the request body is larger than this gateway accepts')
      : type === 'encoding.unsupported'
        ? new SoapFaultError('UNSUPPORTED_MEDIA_TYPE', 'unsupported Content-Encoding')
        : new SoapFaultError('MALFORMED_XML', 'the request body could not be read');
  const version = (res.req.get('content-type') ?? '').includes(SOAP12.contentType) ? SOAP12 : SOAP11;
  const faultDecl = [...contract.operations.values()][0].fault;
  const detail: XmlRecord = { RspCode: fault.rspCode, RspDesc: fault.message };
  res
    .status(fault.httpStatus)
    .type(`${version.contentType}; charset=utf-8`)
    .send(writeFault(version, contract.namespace, fault.side, fault.message, serializeElement(faultDecl, detail, CONTRACT_PREFIX)));
}
