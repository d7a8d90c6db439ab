/**
 * The JSON Schema (2020-12) of a scenario (scenario.ts). Written without internal `$ref`s
 * (the repeated parts are shared objects) so the one object can stand alone — compiled by
 * ajv, served at GET /admin/scenarios/schema — and inside the admin OpenAPI document as
 * `#/components/schemas/Scenario`, where a `#/$defs/…` reference would point at the document.
 */
import { JsonSchema } from '../../src/admin/operation';

const NAME = { type: 'string', minLength: 1, maxLength: 200 };
const MS = { type: 'integer', minimum: 0, maximum: 600_000 };

const TEXT_MATCHER: JsonSchema = {
  description: 'A text test: a plain string is an exact match.',
  oneOf: [
    { type: 'string', maxLength: 400 },
    { type: 'object', required: ['equals'], additionalProperties: false, properties: { equals: { type: 'string', maxLength: 400 } } },
    { type: 'object', required: ['prefix'], additionalProperties: false, properties: { prefix: { type: 'string', maxLength: 400 } } },
    {
      type: 'object',
      required: ['pattern'],
      additionalProperties: false,
      properties: {
        pattern: { type: 'string', maxLength: 400, description: 'A JavaScript regular expression, matched against the whole value (anchors are implied).' },
      },
    },
    {
      type: 'object',
      required: ['oneOf'],
      additionalProperties: false,
      properties: { oneOf: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'string', maxLength: 400 } } },
    },
    { type: 'object', required: ['exists'], additionalProperties: false, properties: { exists: { type: 'boolean' } } },
  ],
};

const ONE_OR_MORE = (description: string): JsonSchema => ({
  description,
  oneOf: [
    { type: 'string', minLength: 1, maxLength: 40 },
    { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 40 } },
  ],
});

const BODY_PATH = {
  type: 'string',
  minLength: 1,
  maxLength: 400,
  description:
    'Local element names below the operation element, joined by "/" (e.g. "ServiceNumber", "PayInfo/Amount"). A step may be "{namespace-uri}local" to require that namespace, or "*". Prefixes and default namespaces of the request do not matter.',
};

const MATCH: JsonSchema = {
  type: 'object',
  description: 'Which requests the scenario is for; every criterion given must hold (none given: every request).',
  additionalProperties: false,
  properties: {
    interface: ONE_OR_MORE('Interface number(s), e.g. "5.2.2".'),
    operation: ONE_OR_MORE('Operation name(s), e.g. "Pay".'),
    province: ONE_OR_MORE('The mock province code(s), e.g. "51".'),
    serviceNumber: TEXT_MATCHER,
    transIdO: TEXT_MATCHER,
    transIdH: TEXT_MATCHER,
    header: {
      type: 'object',
      description: 'UniBSSHead fields by name (MsgSender, MsgReceiver, ProcID, TestFlag, …).',
      maxProperties: 20,
      propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9]*$' },
      additionalProperties: TEXT_MATCHER,
    },
    body: {
      type: 'array',
      description: 'Body fields by path; all must match.',
      maxItems: 20,
      items: { type: 'object', required: ['path', 'value'], additionalProperties: false, properties: { path: BODY_PATH, value: TEXT_MATCHER } },
    },
  },
};

const DELAY: JsonSchema = {
  description: 'A delay in milliseconds: fixed, uniform between min and max, or log-normal around a median (sigma the spread of its logarithm), capped at max.',
  oneOf: [
    { type: 'object', required: ['fixedMs'], additionalProperties: false, properties: { fixedMs: MS } },
    {
      type: 'object',
      required: ['uniformMs'],
      additionalProperties: false,
      properties: { uniformMs: { type: 'object', required: ['min', 'max'], additionalProperties: false, properties: { min: MS, max: MS } } },
    },
    {
      type: 'object',
      required: ['logNormalMs'],
      additionalProperties: false,
      properties: {
        logNormalMs: {
          type: 'object',
          required: ['median', 'sigma'],
          additionalProperties: false,
          properties: { median: MS, sigma: { type: 'number', minimum: 0, maximum: 5 }, max: MS },
        },
      },
    },
  ],
};

const APPLY = {
  type: 'boolean',
  description: 'Apply the request (credit the payment…) before misbehaving, as a province whose answer is lost would. Default false.',
};
const RSP_CODE = { type: 'string', pattern: '^[0-9]{4}$' };

/** An action's schema: `kind` and its own fields, nothing else. */
function action(kind: string, description: string, properties: Record<string, unknown> = {}, required: string[] = []): JsonSchema {
  return {
    type: 'object',
    description,
    required: ['kind', ...required],
    additionalProperties: false,
    properties: { kind: { type: 'string', const: kind }, ...properties },
  };
}

const ACTION: JsonSchema = {
  description: 'What the mock province does. Chosen by `kind`.',
  type: 'object',
  required: ['kind'],
  properties: {
    kind: {
      type: 'string',
      enum: ['passThrough', 'rspCode', 'fault', 'timeout', 'reset', 'empty', 'malformed', 'schemaInvalid', 'wrongCharset'],
    },
  },
  oneOf: [
    action('passThrough', 'The normal mock behaviour; with a delay, the request is applied and the answer comes that much later.', { delay: DELAY }),
    action(
      'rspCode',
      'A business answer with this RspCode; its body built from the response schema, the request and the account, `body` overriding top-level fields. Nothing is applied.',
      {
        rspCode: RSP_CODE,
        rspDesc: { type: 'string', maxLength: 256 },
        body: { type: 'object', maxProperties: 50 },
        delay: DELAY,
      },
      ['rspCode'],
    ),
    action('fault', 'A SOAP 1.1 fault; its detail carries the RspCode. Nothing is applied.', {
      faultCode: {
        type: 'string',
        pattern: '^[A-Za-z_][\\w.-]*(:[A-Za-z_][\\w.-]*)?$',
        maxLength: 100,
        description: 'Default "Server"; "Client" or any QName.',
      },
      faultString: { type: 'string', maxLength: 1000 },
      rspCode: RSP_CODE,
      httpStatus: { type: 'integer', minimum: 200, maximum: 599, description: 'Default 500.' },
      delay: DELAY,
    }),
    action('timeout', 'No answer until the caller gives up (or maxMs passes; then the connection is closed).', {
      apply: APPLY,
      maxMs: { type: 'integer', minimum: 1, maximum: 600_000, description: 'Default 120000.' },
    }),
    action('reset', 'The connection is reset (TCP RST) without an answer.', { apply: APPLY, delay: DELAY }),
    action('empty', 'HTTP 200 with an empty body.', { apply: APPLY, delay: DELAY }),
    action('malformed', 'The answer cut in the middle: not well-formed XML.', { apply: APPLY, delay: DELAY }),
    action('schemaInvalid', "Well-formed XML outside the schema (the head's RspCode is not four digits).", { apply: APPLY, delay: DELAY }),
    action('wrongCharset', 'The answer encoded in UTF-8 with a Content-Type naming another charset.', {
      declared: { type: 'string', enum: ['GBK', 'GB18030', 'ISO-8859-1'], description: 'Default GBK.' },
      apply: APPLY,
      delay: DELAY,
    }),
  ],
};

const STATE_KEY: JsonSchema = {
  description: 'What a sequence counts per: the scenario as a whole (none), or each value of a request field.',
  oneOf: [
    { type: 'string', enum: ['none', 'transIdO', 'transIdH', 'serviceNumber'] },
    { type: 'object', required: ['header'], additionalProperties: false, properties: { header: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*$' } } },
    { type: 'object', required: ['body'], additionalProperties: false, properties: { body: BODY_PATH } },
  ],
};

export const SCENARIO_SCHEMA: JsonSchema = {
  title: 'Scenario',
  description:
    "What a mock province does with the requests it matches. Exactly one of `action` and `steps`. Of the scope's enabled scenarios the first by priority (higher first, then the order added) whose match holds and that still has a step to give fires; fallbacks only when none other did; then the magic test numbers; then the normal behaviour.",
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9][\\w.-]*$', maxLength: 100, description: 'Given by the server when absent.' },
    name: NAME,
    description: { type: 'string', maxLength: 2000 },
    enabled: { type: 'boolean', description: 'Default true.' },
    priority: { type: 'integer', minimum: -1000000, maximum: 1000000, description: 'Higher first; default 0.' },
    fallback: { type: 'boolean', description: 'Only when no other scenario of the scope fires; default false.' },
    match: MATCH,
    action: ACTION,
    steps: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      description:
        'A sequence: each step serves `times` matching calls (per state key), the last step without `times` all the rest. Once every step is used up, the scenario no longer fires.',
      items: {
        type: 'object',
        required: ['action'],
        additionalProperties: false,
        properties: { times: { type: 'integer', minimum: 1, maximum: 1_000_000 }, action: ACTION },
      },
    },
    stateKey: STATE_KEY,
  },
  oneOf: [
    { required: ['action'], not: { required: ['steps'] } },
    { required: ['steps'], not: { required: ['action'] } },
  ],
};

/** A stored scenario as the admin API lists it. */
export const STORED_SCENARIO_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'A scenario as stored: the fields given, with its id, scope and how often it fired.',
  required: ['id', 'name', 'scope', 'enabled', 'priority', 'fallback', 'fired', 'createdAt'],
  properties: {
    ...(SCENARIO_SCHEMA.properties as Record<string, unknown>),
    scope: { type: 'string' },
    fired: { type: 'integer', minimum: 0 },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

/** The schema as published on its own (GET /admin/scenarios/schema): with its dialect and id. */
export const PUBLISHED_SCENARIO_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:ucrm:mock-mode:scenario',
  ...SCENARIO_SCHEMA,
};
