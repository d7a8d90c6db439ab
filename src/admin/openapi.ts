/**
 * The OpenAPI 3.1 document of the admin API (GET /admin/openapi.json), written from the
 * resources' operations: the same path templates the router mounts and the same schemas it
 * validates with (validation.ts), so the document describes what is enforced.
 */
import { ERROR_SCHEMA } from './errors';
import { AdminOperation, AdminResource, ParamSpec, ref, ResponseSpec } from './operation';
import { paramsSchema } from './validation';

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

/** Answers any operation may give besides its own. */
const COMMON_RESPONSES: Record<string, ResponseSpec> = {
  '400': { description: 'A parameter or the body is not valid; `field` names it.', schema: ref('Error') },
  '401': { description: 'ADMIN_TOKEN is configured and the request carries no bearer token.', schema: ref('Error') },
  '403': {
    description: 'The bearer token is wrong, or (no ADMIN_TOKEN configured) the request did not come from the loopback interface.',
    schema: ref('Error'),
  },
  '500': { description: 'Something failed inside the gateway.', schema: ref('Error') },
};

/** Answers any operation that takes a body may give (router.ts). */
const BODY_RESPONSES: Record<string, ResponseSpec> = {
  '413': { description: 'The body is larger than the admin API takes (64 kB).', schema: ref('Error') },
  '415': { description: 'The body is not JSON (`Content-Type: application/json`).', schema: ref('Error') },
};

const DESCRIPTION = [
  'Operations on a running UCRM HQ gateway: its jobs and their runs.',
  '',
  'Access: with ADMIN_TOKEN configured every request must send `Authorization: Bearer <ADMIN_TOKEN>`.',
  'Without it the API answers only requests whose TCP peer is on the loopback interface (127.0.0.0/8, ::1).',
  'Errors are JSON `{error, message}`; a bad parameter also names it (`field`, `in`).',
].join('\n');

export function openApiDocument(resources: AdminResource[], version: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const resource of resources) {
    for (const op of resource.operations) (paths[op.path] ??= {})[op.method] = operationObject(op, resource.name);
  }
  const schemas = Object.assign({ Error: ERROR_SCHEMA }, ...resources.map((r) => r.schemas ?? {}));
  return {
    openapi: '3.1.0',
    info: { title: 'UCRM gateway admin API', version, description: DESCRIPTION },
    servers: [{ url: '/admin', description: 'this gateway' }],
    security: [{ adminToken: [] }, {}], // `{}`: without ADMIN_TOKEN, loopback requests need none
    tags: resources.map((r) => ({ name: r.name, description: r.description })),
    paths,
    components: {
      schemas,
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'The value of ADMIN_TOKEN.' } },
    },
  };
}

function operationObject(op: AdminOperation, tag: string): Record<string, unknown> {
  const parameters = [...parameterObjects(op.pathParams, 'path'), ...parameterObjects(op.query, 'query')];
  const all = { ...COMMON_RESPONSES, ...(op.body && BODY_RESPONSES), ...op.responses };
  const responses = Object.fromEntries(Object.entries(all).map(([status, r]) => [status, responseObject(r)]));
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description && { description: op.description }),
    tags: [tag],
    ...(parameters.length > 0 && { parameters }),
    ...(op.body && {
      requestBody: { description: op.body.description, required: op.body.required, content: { 'application/json': { schema: op.body.schema } } },
    }),
    responses,
  };
}

function parameterObjects(specs: Record<string, ParamSpec> | undefined, where: 'path' | 'query'): Array<Record<string, unknown>> {
  if (!specs) return [];
  // The same per-parameter schemas the router's check is compiled from (paramsSchema).
  const properties = paramsSchema(specs, where === 'path').properties as Record<string, unknown>;
  return Object.entries(specs).map(([name, spec]) => ({
    name,
    in: where,
    required: where === 'path' || spec.required === true,
    description: spec.description,
    schema: properties[name],
  }));
}

function responseObject(r: ResponseSpec): Record<string, unknown> {
  return {
    description: r.description,
    ...(r.headers && {
      headers: Object.fromEntries(Object.entries(r.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])),
    }),
    ...(r.schema && { content: { 'application/json': { schema: r.schema } } }),
  };
}
