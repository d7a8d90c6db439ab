/**
 * The admin API's scenario and scope endpoints, contributed by the mock module when it is
 * loaded (the gateway's admin API takes them through AdminOptions.extraResources; the mocks
 * alone mount their own). Paths:
 *
 *   GET    /admin/scenarios?scope=S          the scope's scenarios (all scopes without it)
 *   POST   /admin/scenarios?scope=S          one scenario or an array; 400 names every field at fault
 *   GET    /admin/scenarios/schema           the JSON Schema of a scenario
 *   GET    /admin/scenarios/{id}             one scenario, with how often it fired
 *   PATCH  /admin/scenarios/{id}             {"enabled": false} switches it off
 *   DELETE /admin/scenarios/{id}
 *   GET    /admin/scopes                     the open scopes
 *   POST   /admin/scopes/{scope}/reset       the scope's scenarios, state, journal and mock-province state
 *   DELETE /admin/scopes/{scope}             the same, and the scope is closed
 */
import { AdminError, notFound } from '../../src/admin/errors';
import { AdminContext, AdminOperation, AdminResource, ref } from '../../src/admin/operation';
import { Scenario } from './scenario';
import { SCOPE_PATTERN } from '../../src/journal/scope';
import { ScenarioBook, ScenarioLimitError } from './scenario-book';
import { scenariosProblems } from './scenario-check';
import { PUBLISHED_SCENARIO_SCHEMA, SCENARIO_SCHEMA, STORED_SCENARIO_SCHEMA } from './scenario-schema';
import { MockMode } from './mock-mode';

const SCOPE_QUERY = { description: 'The scope (default: "default").', schema: { type: 'string', pattern: SCOPE_PATTERN } };
const SCOPE_PATH = { description: 'The scope.', schema: { type: 'string', pattern: SCOPE_PATTERN } };
const ID_PATH = { description: "The scenario's id.", schema: { type: 'string', pattern: '^[A-Za-z0-9][\\w.-]*$', maxLength: 100 } };

const SCHEMAS = {
  Scenario: SCENARIO_SCHEMA,
  StoredScenario: STORED_SCENARIO_SCHEMA,
  ScenarioList: { type: 'object', required: ['scenarios'], properties: { scenarios: { type: 'array', items: ref('StoredScenario') } } },
  ScopeReset: {
    type: 'object',
    required: ['scope', 'scenarios', 'journalEntries', 'provinceState'],
    properties: {
      scope: { type: 'string' },
      scenarios: { type: 'integer', description: 'Scenarios removed.' },
      journalEntries: { type: 'integer', description: 'Journal entries of the scope removed.' },
      provinceState: { type: 'integer', description: 'Mock provinces whose accounts, ledgers and deliveries for the scope were dropped.' },
    },
  },
  ScopeList: { type: 'object', required: ['scopes'], properties: { scopes: { type: 'array', items: { type: 'string' } } } },
};

export function scenarioResource(mode: MockMode): (context: Pick<AdminContext, 'store'>) => AdminResource {
  return (context: Pick<AdminContext, 'store'>): AdminResource => ({
    name: 'scenarios',
    description: 'Mock mode: what the mock provinces do with the requests they match, per scope (docs/MOCK-MODE.md).',
    schemas: SCHEMAS,
    operations: [...scenarioOperations(mode), ...scopeOperations(mode, context)],
  });
}

function scenarioOperations(mode: MockMode): AdminOperation[] {
  return [...readingOperations(mode.scenarios), addingOperation(mode.scenarios), ...changingOperations(mode.scenarios)];
}

function readingOperations(book: ScenarioBook): AdminOperation[] {
  return [
    {
      method: 'get',
      path: '/scenarios/schema',
      operationId: 'getScenarioSchema',
      summary: 'The JSON Schema (2020-12) every scenario is validated against.',
      responses: { '200': { description: 'The schema.', schema: { type: 'object' } } },
      handle: async () => ({ status: 200, body: PUBLISHED_SCENARIO_SCHEMA }),
    },
    {
      method: 'get',
      path: '/scenarios',
      operationId: 'listScenarios',
      summary: "A scope's scenarios in the order they are considered (every scope's without `scope`).",
      query: { scope: SCOPE_QUERY },
      responses: { '200': { description: 'The scenarios.', schema: ref('ScenarioList') } },
      handle: async ({ query }) => {
        const scopes = query.scope === undefined ? book.scopeNames() : [query.scope as string];
        return { status: 200, body: { scenarios: scopes.flatMap((s) => book.list(s)) } };
      },
    },
    {
      method: 'get',
      path: '/scenarios/{id}',
      operationId: 'getScenario',
      summary: 'One scenario, with how often it fired.',
      pathParams: { id: ID_PATH },
      responses: { '200': { description: 'The scenario.', schema: ref('StoredScenario') }, '404': { description: 'No such scenario.', schema: ref('Error') } },
      handle: async ({ path }) => ({ status: 200, body: book.get(path.id) ?? missing(path.id) }),
    },
  ];
}

function addingOperation(book: ScenarioBook): AdminOperation {
  return {
    method: 'post',
    path: '/scenarios',
    operationId: 'addScenarios',
    summary: 'Adds one scenario or an array of them to a scope (all or none); a scenario with the id of one already there replaces it.',
    query: { scope: SCOPE_QUERY },
    body: {
      description: 'A Scenario or an array of them.',
      required: true,
      schema: { anyOf: [ref('Scenario'), { type: 'array', minItems: 1, maxItems: 500, items: ref('Scenario') }] },
      check: (body) => {
        const problems = scenariosProblems(body);
        if (problems.length === 0) return;
        throw new AdminError(400, 'bad-request', problems.map((p) => p.message).join('; '), { field: problems[0].field, in: 'body', problems });
      },
    },
    responses: {
      '201': { description: 'The scenarios as stored.', schema: ref('ScenarioList') },
      '409': { description: "A limit (scopes, scenarios per scope) would be passed, or a given id is another scope's.", schema: ref('Error') },
    },
    handle: async ({ query, body }) => {
      const given = (Array.isArray(body) ? body : [body]) as Scenario[];
      try {
        return { status: 201, body: { scenarios: book.add((query.scope as string | undefined) ?? 'default', given) } };
      } catch (error) {
        if (error instanceof ScenarioLimitError) throw new AdminError(409, 'conflict', error.message);
        throw error;
      }
    },
  };
}

function changingOperations(book: ScenarioBook): AdminOperation[] {
  return [
    {
      method: 'patch',
      path: '/scenarios/{id}',
      operationId: 'setScenarioEnabled',
      summary: 'Switches a scenario on or off.',
      pathParams: { id: ID_PATH },
      body: {
        description: 'Whether it is enabled.',
        required: true,
        schema: { type: 'object', required: ['enabled'], additionalProperties: false, properties: { enabled: { type: 'boolean' } } },
      },
      responses: { '200': { description: 'The scenario.', schema: ref('StoredScenario') }, '404': { description: 'No such scenario.', schema: ref('Error') } },
      handle: async ({ path, body }) => ({ status: 200, body: book.setEnabled(path.id, (body as { enabled: boolean }).enabled) ?? missing(path.id) }),
    },
    {
      method: 'delete',
      path: '/scenarios/{id}',
      operationId: 'deleteScenario',
      summary: 'Removes a scenario.',
      pathParams: { id: ID_PATH },
      responses: {
        '200': { description: 'Removed.', schema: { type: 'object', properties: { deleted: { type: 'string' } } } },
        '404': { description: 'No such scenario.', schema: ref('Error') },
      },
      handle: async ({ path }) => (book.remove(path.id) ? { status: 200, body: { deleted: path.id } } : missing(path.id)),
    },
  ];
}

function scopeOperations(mode: MockMode, context: Pick<AdminContext, 'store'>): AdminOperation[] {
  const reset = async (scope: string) => ({ status: 200, body: await mode.resetScope(scope, context.store) });
  return [
    {
      method: 'get',
      path: '/scopes',
      operationId: 'listScopes',
      summary: 'The scopes that hold scenarios or mock-province state.',
      responses: { '200': { description: 'The scopes.', schema: ref('ScopeList') } },
      handle: async () => ({ status: 200, body: { scopes: mode.scopeNames() } }),
    },
    {
      method: 'post',
      path: '/scopes/{scope}/reset',
      operationId: 'resetScope',
      summary: "Forgets a scope's scenarios, sequence state, journal entries and mock-province state (accounts back to the seed).",
      pathParams: { scope: SCOPE_PATH },
      responses: { '200': { description: 'What was dropped.', schema: ref('ScopeReset') } },
      handle: ({ path }) => reset(path.scope),
    },
    {
      method: 'delete',
      path: '/scopes/{scope}',
      operationId: 'deleteScope',
      summary: 'Resets a scope and closes it.',
      pathParams: { scope: SCOPE_PATH },
      responses: { '200': { description: 'What was dropped.', schema: ref('ScopeReset') } },
      handle: ({ path }) => reset(path.scope),
    },
  ];
}

function missing(id: string): never {
  throw notFound(`no scenario with id "${id}"`);
}
