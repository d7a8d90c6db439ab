/**
 * What an admin resource is made of. A resource is a small module (resources/*.ts) that
 * describes its operations as data — path, parameters and body as JSON Schemas, responses —
 * next to the function that answers them. The router (router.ts) checks requests with those
 * very schemas and the OpenAPI document (openapi.ts) is written from them, so what is
 * documented and what is enforced cannot drift apart.
 */
import { Logger } from '../logging/logger';
import { JobRuntime } from '../jobs';
import { Store } from '../store/ports';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1), as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

export interface ParamSpec {
  description: string;
  schema: JsonSchema;
  /** Query parameters only; path parameters are always required. */
  required?: boolean;
}

export interface ResponseSpec {
  description: string;
  /** A schema, usually a `$ref` to `#/components/schemas/…`; none for an empty answer. */
  schema?: JsonSchema;
  /** Response headers by name, e.g. Location. */
  headers?: Record<string, string>;
}

/** A request once checked: path and query parameters coerced to their schemas' types. */
export interface AdminRequest {
  path: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface AdminAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** An answer that is not one JSON value (JSON lines): sent as it is, with this Content-Type, instead of `body`. */
  text?: { contentType: string; content: string };
}

export interface AdminOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path template under /admin, e.g. `/jobs/{name}/runs`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  pathParams?: Record<string, ParamSpec>;
  query?: Record<string, ParamSpec>;
  /**
   * `check`, when given, replaces the check compiled from `schema` (which still documents the
   * body): for a body whose problems are best reported all at once, each naming its field.
   */
  body?: { description: string; schema: JsonSchema; required: boolean; check?: (body: unknown) => void };
  /** By status; the error answers every operation may give (400, 401, 403, 500) are added for it. */
  responses: Record<string, ResponseSpec>;
  handle(request: AdminRequest): Promise<AdminAnswer>;
}

export interface AdminResource {
  /** Its OpenAPI tag. */
  name: string;
  description: string;
  /** Schemas its operations refer to as `#/components/schemas/<name>`. */
  schemas?: Record<string, JsonSchema>;
  operations: AdminOperation[];
}

/** What resources may use; later ones (results, scenarios, the journal) take what they need from here. */
export interface AdminContext {
  jobs: JobRuntime;
  store: Store;
  logger: Logger;
}

export type AdminResourceFactory = (context: AdminContext) => AdminResource;

/** `#/components/schemas/<name>`: how an operation names a schema its resource (or errors.ts) declares. */
export function ref(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}
