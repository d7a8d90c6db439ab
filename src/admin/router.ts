/**
 * The express router under /admin: the access check first (even an unknown path is refused
 * to a caller who may not ask), then the JSON body, then one route per operation, each
 * checked against its schemas before its handler runs. Whatever is thrown becomes the JSON
 * error answer (errors.ts).
 */
import express, { NextFunction, Request, Response } from 'express';
import { Logger } from '../logging/logger';
import { AccessGuard } from './access';
import { AdminError, badParameter } from './errors';
import { AdminOperation } from './operation';
import { requestCheck } from './validation';

/** Admin bodies are a few parameters; nothing needs more. */
const BODY_LIMIT = '64kb';

/** Routes that answer with something other than one JSON document (the event stream). */
export type StreamRoutes = Record<string, express.RequestHandler>;

export function adminRouter(operations: AdminOperation[], guard: AccessGuard, logger: Logger, streams: StreamRoutes = {}): express.Router {
  const router = express.Router();
  router.use((req, res, next) => {
    res.set('Cache-Control', 'no-store'); // answers are the state of the moment, and some are operators' business
    guard.check(req);
    next();
  });
  for (const [path, handler] of Object.entries(streams)) router.get(path, handler);
  router.use(jsonOnly, express.json({ limit: BODY_LIMIT }));
  for (const op of operations) {
    const check = requestCheck(op);
    router[op.method](expressPath(op.path), async (req: Request, res: Response) => {
      const request = check({ params: req.params as Record<string, string>, query: req.query as Record<string, unknown>, body: req.body });
      const answer = await op.handle(request);
      if (answer.text) {
        res
          .status(answer.status)
          .set(answer.headers ?? {})
          .type(answer.text.contentType)
          .send(answer.text.content);
        return;
      }
      res
        .status(answer.status)
        .set(answer.headers ?? {})
        .json(answer.body);
    });
  }
  for (const [path, methods] of methodsByPath(operations)) {
    const allow = methods.map((m) => m.toUpperCase()).join(', ');
    router.all(expressPath(path), (req: Request, res: Response) => {
      res.set('Allow', allow);
      throw new AdminError(405, 'method-not-allowed', `${req.method} is not served at /admin${path} (only ${allow})`);
    });
  }
  router.use((req: Request) => {
    throw new AdminError(404, 'not-found', `no admin route ${req.method} /admin${req.path} (see /admin/openapi.json)`);
  });
  router.use(errorAnswer(logger));
  return router;
}

/** `/jobs/{name}/runs` → `/jobs/:name/runs`: the OpenAPI template is the one source of the path. */
export function expressPath(template: string): string {
  return template.replace(/\{(\w+)\}/g, ':$1');
}

function methodsByPath(operations: AdminOperation[]): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const op of operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op.method]);
  return byPath;
}

/** A body that is not JSON would otherwise be skipped by express.json and look like no body at all. */
function jsonOnly(req: Request, _res: Response, next: NextFunction): void {
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (hasBody && !req.is('application/json'))
    throw new AdminError(415, 'unsupported-media-type', 'a request body must be JSON (Content-Type: application/json)');
  next();
}

function errorAnswer(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const answer = adminErrorOf(error);
    if (answer.status >= 500)
      logger.error('admin request failed', { method: req.method, path: req.originalUrl, error: String((error as Error)?.stack ?? error) });
    if (res.headersSent) return;
    if (answer.status === 401) res.set('WWW-Authenticate', ['Basic realm="ucrm-admin", charset="UTF-8"', 'Bearer realm="ucrm-admin"']);
    res.status(answer.status).json(answer);
  };
}

/** body-parser's errors carry a `type`; anything else unexpected is a 500. */
function adminErrorOf(error: unknown): AdminError {
  if (error instanceof AdminError) return error;
  const type = (error as { type?: string })?.type;
  if (type === 'entity.parse.failed') return badParameter('body', 'body', `the body is not JSON: ${(error as Error).message}`);
  if (type === 'entity.too.large') return new AdminError(413, 'payload-too-large', `the body is larger than ${BODY_LIMIT}`);
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') return new AdminError(415, 'unsupported-media-type', (error as Error).message);
  return new AdminError(500, 'internal', 'the admin request failed inside the gateway (logged)');
}
