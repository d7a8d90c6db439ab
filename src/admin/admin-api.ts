/**
 * The admin API (JSON under /admin): the resources of resources/index.ts, their OpenAPI 3.1
 * document at /admin/openapi.json, and the access check (access.ts). The gateway mounts the
 * router on its express app and this logs, once, how the API is protected.
 */
import express from 'express';
import { IncomingMessage } from 'node:http';
import { AccessGuard, accessGuard } from './access';
import { ERROR_SCHEMA } from './errors';
import { AdminContext, AdminResource, AdminResourceFactory } from './operation';
import { OpenApiDocument, openApiDocument } from './openapi';
import { ADMIN_RESOURCES } from './resources';
import { adminRouter, StreamRoutes } from './router';

/** The admin API's own version (the document's info.version), not the package's. */
export const ADMIN_API_VERSION = '1.0.0';

export interface AdminOptions extends AdminContext {
  /** ADMIN_TOKEN; without it only loopback requests are answered. */
  token?: string;
  /** Tests play a remote client with this (default: the socket's remote address). */
  remoteAddressOf?: (req: IncomingMessage) => string | undefined;
  /** Default: every resource of resources/index.ts. */
  resources?: readonly AdminResourceFactory[];
  /** Routes under /admin that stream rather than answer one JSON document (GET /admin/events). */
  streams?: StreamRoutes;
}

export interface AdminApi {
  /** To mount at /admin. */
  router: express.Router;
  document: OpenApiDocument;
  access: AccessGuard['mode'];
  /** The access check, for what else is an operator's (the console). */
  guard: AccessGuard;
}

export function createAdminApi(options: AdminOptions): AdminApi {
  const { token, remoteAddressOf, resources: factories = ADMIN_RESOURCES, streams, ...context } = options;
  // The document describes every resource, itself included: it is made once they all exist.
  const made: { document?: OpenApiDocument } = {};
  const resources = [describing(() => made.document!), ...factories.map((make) => make(context))];
  checkDistinct(resources);
  const document = (made.document = openApiDocument(resources, ADMIN_API_VERSION));
  const guard = accessGuard({ token, remoteAddressOf });
  if (guard.mode === 'token') context.logger.info('admin API at /admin: requests need the ADMIN_TOKEN bearer token', { adminAccess: guard.mode });
  else context.logger.info('admin API at /admin: no ADMIN_TOKEN set, so it answers requests from the loopback interface only', { adminAccess: guard.mode });
  return {
    router: adminRouter(
      resources.flatMap((r) => r.operations),
      guard,
      context.logger,
      streams,
    ),
    document,
    access: guard.mode,
    guard,
  };
}

/** The document itself is a route of the API, and so in the document too. */
function describing(document: () => OpenApiDocument): AdminResource {
  return {
    name: 'api',
    description: "This API's description.",
    schemas: { OpenApiDocument: { type: 'object', description: 'An OpenAPI 3.1 document.', required: ['openapi', 'info', 'paths'] } },
    operations: [
      {
        method: 'get',
        path: '/openapi.json',
        operationId: 'getOpenApi',
        summary: 'This document.',
        responses: { '200': { description: 'The OpenAPI 3.1 document of the admin API.', schema: { $ref: '#/components/schemas/OpenApiDocument' } } },
        handle: async () => ({ status: 200, body: document() }),
      },
    ],
  };
}

/**
 * Two resources claiming one route or one schema name would have one silently win: refused
 * when the gateway is built. A schema shared by resources (the same object) may be declared
 * by each of them, so none depends on another being registered.
 */
function checkDistinct(resources: AdminResource[]): void {
  const seen = new Map<string, unknown>([['schema Error', ERROR_SCHEMA]]); // errors.ts's, in every document
  const claim = (what: string, value: unknown = what): void => {
    if (seen.has(what) && seen.get(what) !== value) throw new Error(`admin API: ${what} is declared twice`);
    seen.set(what, value);
  };
  for (const r of resources) {
    for (const op of r.operations) {
      claim(`route ${op.method.toUpperCase()} ${op.path}`, op);
      claim(`operationId ${op.operationId}`, op);
    }
    for (const [name, schema] of Object.entries(r.schemas ?? {})) claim(`schema ${name}`, schema);
  }
}
