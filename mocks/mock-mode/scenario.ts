/**
 * A scenario: what a mock province does with the requests it matches, as data (JSON). The
 * JSON Schema of the same shape is scenario-schema.ts; it is what the admin API validates
 * with and publishes (GET /admin/scenarios/schema and the OpenAPI document), so keep the two
 * in step (scenario-schema.test.ts checks the examples of docs/MOCK-MODE.md against it).
 */

/** A text test: a plain string is `equals`. */
export type TextMatcher = string | { equals: string } | { prefix: string } | { pattern: string } | { oneOf: string[] } | { exists: boolean };

/** A body field by path: local names joined by `/` (`PayInfo/Amount`); a step may be `{uri}local` or `*`. */
export interface BodyFieldMatcher {
  path: string;
  value: TextMatcher;
}

export interface ScenarioMatch {
  /** Interface number(s), e.g. `5.2.2`. */
  interface?: string | string[];
  /** Operation name(s), e.g. `Pay`. */
  operation?: string | string[];
  /** The mock province's code(s), e.g. `51`. */
  province?: string | string[];
  serviceNumber?: TextMatcher;
  transIdO?: TextMatcher;
  transIdH?: TextMatcher;
  /** UniBSSHead fields by name (`MsgSender`, `ProcID`, `TestFlag`…). */
  header?: Record<string, TextMatcher>;
  /** Body fields by path, all of which must match. */
  body?: BodyFieldMatcher[];
}

/** How long: a fixed time, uniform between two, or log-normal around a median (all ms). */
export type Delay = { fixedMs: number } | { uniformMs: { min: number; max: number } } | { logNormalMs: { median: number; sigma: number; max?: number } };

export type ScenarioAction =
  /** The normal mock behaviour (after `delay`, if given: the request is applied, the answer comes late). */
  | { kind: 'passThrough'; delay?: Delay }
  /** A business answer: this RspCode, a body built from the response schema, the request and the account (`body` overrides fields). */
  | { kind: 'rspCode'; rspCode: string; rspDesc?: string; body?: Record<string, unknown>; delay?: Delay }
  /** A SOAP fault with this code (`Server`, `Client` or a QName), string, RspCode in its detail, and HTTP status. */
  | { kind: 'fault'; faultCode?: string; faultString?: string; rspCode?: string; httpStatus?: number; delay?: Delay }
  /** No answer until the caller gives up (or `maxMs` passes, then the connection is closed). `apply`: the request is applied first. */
  | { kind: 'timeout'; apply?: boolean; maxMs?: number }
  /** The connection is reset (TCP RST) once the request is read (`apply`: after applying it). */
  | { kind: 'reset'; apply?: boolean; delay?: Delay }
  /** HTTP 200 with an empty body. */
  | { kind: 'empty'; apply?: boolean; delay?: Delay }
  /** The normal answer cut in the middle: not well-formed XML. */
  | { kind: 'malformed'; apply?: boolean; delay?: Delay }
  /** Well-formed, but outside the schema (the head's RspCode is not four digits). */
  | { kind: 'schemaInvalid'; apply?: boolean; delay?: Delay }
  /** The normal answer in one charset with a Content-Type naming another (`declared`, default GBK; the bytes UTF-8). */
  | { kind: 'wrongCharset'; declared?: string; apply?: boolean; delay?: Delay };

export type ActionKind = ScenarioAction['kind'];

/** One step of a sequence: `times` matching calls (per state key) do `action`; a step without `times` lasts for ever. */
export interface ScenarioStep {
  times?: number;
  action: ScenarioAction;
}

/** What a sequence counts per: one counter for the whole scenario, or one per value of a request field. */
export type StateKey = 'none' | 'transIdO' | 'transIdH' | 'serviceNumber' | { header: string } | { body: string };

export interface Scenario {
  /** Given by the server when absent; unique within the server. */
  id?: string;
  name: string;
  description?: string;
  /** Default true; PATCH /admin/scenarios/{id} switches it. */
  enabled?: boolean;
  /** Higher first (default 0); among equals, the one added first. */
  priority?: number;
  /** Considered only when no other scenario of the scope fires (default false). */
  fallback?: boolean;
  match?: ScenarioMatch;
  /** One action for every matching call, or `steps`: a sequence. Exactly one of the two. */
  action?: ScenarioAction;
  steps?: ScenarioStep[];
  /** For `steps`: what a sequence counts per (default `none`). */
  stateKey?: StateKey;
}

/** A scenario as stored and listed: its id, scope and counters are known. */
export interface StoredScenario extends Scenario {
  id: string;
  scope: string;
  enabled: boolean;
  priority: number;
  fallback: boolean;
  /** How many calls it has fired for. */
  fired: number;
  createdAt: string;
}
