/**
 * Scenarios checked against their JSON Schema with ajv, every problem reported with the
 * field it is about (`[1].match.serviceNumber.pattern`), then what a schema cannot say:
 * that a pattern is a regular expression, that a uniform delay's min is not above its max.
 */
import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import { fieldSegments } from '../../src/admin/validation';
import { Scenario, TextMatcher } from './scenario';
import { SCENARIO_SCHEMA } from './scenario-schema';

export interface FieldProblem {
  field: string;
  message: string;
}

// strictRequired off: the schema's top-level oneOf says "action or steps" with required alone, as JSON Schema means it.
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
const validate = ajv.compile(SCENARIO_SCHEMA);

/** The problems of one scenario (none: it is valid); `prefix` names where it was (`[2]`). */
export function scenarioProblems(data: unknown, prefix = ''): FieldProblem[] {
  if (!validate(data)) return mostTelling(validate.errors ?? []).map((e) => problemOf(e, prefix));
  return semanticProblems(data as Scenario, prefix);
}

/** The problems of a body that is one scenario or an array of them. */
export function scenariosProblems(body: unknown): FieldProblem[] {
  if (Array.isArray(body)) {
    if (body.length === 0) return [{ field: 'body', message: 'the array holds no scenario' }];
    if (body.length > 500) return [{ field: 'body', message: 'at most 500 scenarios at once' }];
    return body.flatMap((s, i) => scenarioProblems(s, `[${i}]`));
  }
  return scenarioProblems(body);
}

/**
 * A oneOf failure makes ajv report every branch's complaint. What a person wants is the branch
 * they meant: for an action or a matcher, the errors below the deepest path (the branch whose
 * `kind` matched gets furthest), and the oneOf summary only when nothing more precise exists.
 */
function mostTelling(errors: ErrorObject[]): ErrorObject[] {
  // The action branches whose `kind` is not the one given: their complaints are about another kind.
  const otherKinds = errors
    .filter((e) => e.keyword === 'const' && e.schemaPath.endsWith('/properties/kind/const'))
    .map((e) => e.schemaPath.slice(0, -'properties/kind/const'.length));
  const relevant = furthestBranches(errors.filter((e) => !otherKinds.some((branch) => e.schemaPath.startsWith(branch))));
  const precise = relevant.filter((e) => e.keyword !== 'oneOf' && !(e.keyword === 'type' && e.params.type === 'string'));
  const chosen = precise.length > 0 ? precise : relevant.length > 0 ? relevant : errors;
  const deepest = new Map<string, ErrorObject>();
  for (const e of chosen) {
    const field = fieldOf(e);
    if (![...deepest.keys()].some((f) => f.startsWith(`${field}.`))) deepest.set(field, deepest.get(field) ?? e);
  }
  return [...deepest.values()].filter((e) => ![...deepest.keys()].some((f) => f.startsWith(`${fieldOf(e)}.`)));
}

/**
 * Of a oneOf's branches, the ones that got furthest into the data (their errors lie deepest):
 * `{"prefix": 5}` is a prefix matcher with a bad value, not an `equals` matcher missing its key.
 */
function furthestBranches(errors: ErrorObject[]): ErrorObject[] {
  const branchOf = (e: ErrorObject) => /^(.*\/oneOf\/)(\d+)\//.exec(e.schemaPath);
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  const best = new Map<string, number>(); // oneOf → the deepest error depth of any branch
  for (const e of errors) {
    const m = branchOf(e);
    if (m) best.set(m[1], Math.max(best.get(m[1]) ?? 0, depth(e)));
  }
  const deepBranches = new Set<string>();
  for (const e of errors) {
    const m = branchOf(e);
    if (m && depth(e) === best.get(m[1])) deepBranches.add(m[1] + m[2]);
  }
  return errors.filter((e) => {
    const m = branchOf(e);
    return !m || deepBranches.has(m[1] + m[2]);
  });
}

function fieldOf(error: ErrorObject): string {
  return fieldSegments(error)
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
    .join('');
}

function problemOf(error: ErrorObject, prefix: string): FieldProblem {
  const field = `${prefix}${fieldOf(error)}`.replace(/^\./, '') || 'body';
  return { field, message: `${field} ${explain(error)}` };
}

function explain(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is missing';
    case 'additionalProperties':
      return 'is not a field of a scenario here';
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
    case 'oneOf':
      return 'matches none of the forms it may take (see GET /admin/scenarios/schema)';
    default:
      return error.message ?? 'is not valid';
  }
}

function semanticProblems(s: Scenario, prefix: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (field: string) => `${prefix}.${field}`.replace(/^\./, '');
  const pattern = (m: TextMatcher | undefined, field: string) => {
    if (m === undefined || typeof m === 'string' || !('pattern' in m)) return;
    try {
      new RegExp(m.pattern);
    } catch (error) {
      problems.push({ field: at(`${field}.pattern`), message: `${at(`${field}.pattern`)} is not a regular expression: ${(error as Error).message}` });
    }
  };
  pattern(s.match?.serviceNumber, 'match.serviceNumber');
  pattern(s.match?.transIdO, 'match.transIdO');
  pattern(s.match?.transIdH, 'match.transIdH');
  for (const [name, m] of Object.entries(s.match?.header ?? {})) pattern(m, `match.header.${name}`);
  (s.match?.body ?? []).forEach((b, i) => pattern(b.value, `match.body[${i}].value`));
  const actions = s.action ? [{ action: s.action, field: 'action' }] : (s.steps ?? []).map((step, i) => ({ action: step.action, field: `steps[${i}].action` }));
  for (const { action, field } of actions) {
    const delay = 'delay' in action ? action.delay : undefined;
    if (delay && 'uniformMs' in delay && delay.uniformMs.min > delay.uniformMs.max)
      problems.push({ field: at(`${field}.delay.uniformMs`), message: `${at(`${field}.delay.uniformMs`)} has min above max` });
  }
  return problems;
}
