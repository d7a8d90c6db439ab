/**
 * Requests checked against the operations' own schemas, with ajv (JSON Schema 2020-12, the
 * dialect OpenAPI 3.1 uses). Each schema is compiled once, when the router is built. A
 * failure is a 400 naming the field (`limit`, `params.batch`) and where it was.
 */
import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import { AdminError, badParameter, ParamLocation } from './errors';
import { AdminOperation, AdminRequest, JsonSchema, ParamSpec } from './operation';

/** Path and query values arrive as text: coerced to the schema's type (`limit=20` → 20, `wait=false` → false), defaults filled in. */
const textAjv = new Ajv2020({ strict: true, coerceTypes: true, useDefaults: true });
/** A JSON body already has types: a string where a number belongs is refused, not converted. */
const jsonAjv = new Ajv2020({ strict: true });

export interface RawRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

/** A function that throws the 400 for data its schema refuses (and may coerce the data in place). */
export type Check = (data: unknown) => void;

export function checker(schema: JsonSchema, where: ParamLocation, options: { text?: boolean; prefix?: string } = {}): Check {
  const validate = (options.text ? textAjv : jsonAjv).compile(schema);
  return (data) => {
    if (validate(data)) return;
    throw problemOf(validate.errors![0], where, options.prefix);
  };
}

/** The object schema of a set of parameters: those named, no others. */
export function paramsSchema(specs: Record<string, ParamSpec>, allRequired: boolean): JsonSchema {
  const names = Object.keys(specs);
  return {
    type: 'object',
    properties: Object.fromEntries(names.map((name) => [name, specs[name].schema])),
    required: names.filter((name) => allRequired || specs[name].required),
    additionalProperties: false,
  };
}

/** The whole check of one operation's requests, built once. */
export function requestCheck(op: AdminOperation): (raw: RawRequest) => AdminRequest {
  const path = checker(paramsSchema(op.pathParams ?? {}, true), 'path', { text: true });
  const query = checker(paramsSchema(op.query ?? {}, false), 'query', { text: true });
  const body = op.body && (op.body.check ?? checker(op.body.schema, 'body'));
  return (raw) => {
    const request: AdminRequest = { path: { ...raw.params }, query: { ...raw.query }, body: raw.body };
    path(request.path);
    query(request.query);
    if (request.body === undefined) {
      if (op.body?.required) throw badParameter('body', 'body', 'this operation needs a JSON body');
    } else if (body) {
      body(request.body);
    } else {
      throw badParameter('body', 'body', `${op.method.toUpperCase()} ${op.path} takes no body`);
    }
    return request;
  };
}

/** The path, field by field, of what a JSON Schema error is about: the missing or extra property included. */
export function fieldSegments(error: ErrorObject): string[] {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
  return segments;
}

function problemOf(error: ErrorObject, where: ParamLocation, prefix = ''): AdminError {
  const segments = fieldSegments(error);
  const field = [prefix, ...segments].filter(Boolean).join('.') || 'body';
  const what = where === 'body' ? (field === 'body' ? 'the body' : `body field ${field}`) : `${where} parameter ${field}`;
  return badParameter(where, field, `${what} ${explain(error)}`);
}

function explain(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is missing';
    case 'additionalProperties':
      return 'is not one this operation takes';
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
    default:
      return error.message ?? 'is not valid';
  }
}
