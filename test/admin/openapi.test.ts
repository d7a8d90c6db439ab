/**
 * The admin API's OpenAPI document: valid OpenAPI 3.1 by the official JSON Schema (through
 * @seriousme/openapi-schema-validator, which ships it), the routes it lists exactly those
 * the router serves, and its parameter schemas the ones the router enforces — probed from
 * the document itself, so neither can change without the other.
 */
import { expect } from 'chai';
import { resolve } from 'node:path';
import { expressPath } from '../../src/admin/router';
import { RunningSystem, startSystem } from '../support/system';
import { AdminClient } from './admin-client';
import { QUICK_JOB } from './admin-jobs';

const ADMIN_JOBS = resolve(__dirname, 'admin-jobs.js');

interface Parameter {
  name: string;
  in: 'path' | 'query';
  schema: { type?: string; minimum?: number; maximum?: number; enum?: string[] };
}
type Operation = { operationId: string; parameters?: Parameter[]; requestBody?: unknown; responses: Record<string, unknown> };
type Paths = Record<string, Record<string, Operation>>;

/** What express's router keeps of a route (router 2.x): its path and methods. */
interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

describe('admin API: its OpenAPI document', function () {
  this.timeout(20_000);
  let system: RunningSystem;
  let admin: AdminClient;
  let document: { openapi: string; paths: Paths };
  let runId: string;
  let journalId: string;
  before(async () => {
    system = await startSystem({ env: { JOB_MODULES: ADMIN_JOBS } });
    admin = new AdminClient(system.gatewayUrl);
    document = (await admin.get('/openapi.json')).body;
    admin.checkAgainst(document);
    runId = (await admin.post(`/jobs/${QUICK_JOB}/runs`, { params: { batch: 'doc' } })).body.runId;
    await fetch(`${system.gatewayUrl}/ucrm/4.2.1`, { method: 'POST', body: 'not soap', headers: { 'content-type': 'text/xml' } }); // an exchange to journal
    await system.gateway.journal.flush();
    journalId = (await admin.get('/journal?limit=1')).body.entries[0].id;
  });
  after(() => system.close());

  it('is valid OpenAPI 3.1 by the official schema, and is the document the gateway built', async () => {
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Parameters<typeof validator.validate>[0]);
    expect(result.errors ?? [], JSON.stringify(result.errors)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    expect(validator.version).to.equal('3.1');
    expect(document).to.deep.equal(JSON.parse(JSON.stringify(system.gateway.admin.document)));
  });

  it('refers only to schemas it declares', () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    const declared = Object.keys((document as unknown as { components: { schemas: object } }).components.schemas);
    expect(refs.length).to.be.greaterThan(10);
    for (const ref of new Set(refs)) expect(declared.map((name) => `"$ref":"#/components/schemas/${name}"`)).to.include(ref);
  });

  it('lists exactly the routes the router serves', () => {
    const stack = (system.gateway.admin.router as unknown as { stack: Layer[] }).stack;
    const served = stack
      .filter((layer) => layer.route && !layer.route.methods._all) // router.all(): the 405 answer of a known path
      .flatMap((layer) => Object.keys(layer.route!.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`))
      // The console's event stream is text/event-stream, not a JSON operation (docs/CONSOLE.md).
      .filter((route) => route !== 'GET /events');
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${expressPath(path)}`),
    );
    expect(served.sort()).to.deep.equal(documented.sort());
    expect(documented).to.include.members(['GET /jobs', 'POST /jobs/:name/runs', 'GET /jobs/:name/runs', 'GET /runs', 'GET /runs/:runId', 'GET /openapi.json']);
  });

  it('answers every documented operation from a route (never the 404 or 405 of a path it does not serve)', async () => {
    for (const [template, method, op] of operations(document.paths)) {
      const path = fill(template, { name: QUICK_JOB, runId, id: journalId, ...FAMILY_PATH_VALUES });
      const sample = SAMPLE_CALLS[op.operationId];
      const answer = await admin.call(
        method,
        sample ? path : method === 'POST' ? `${path}?wait=false` : path,
        sample ?? (op.requestBody ? { json: { params: { batch: `doc-${method}` } } } : {}),
      );
      // A documented 404 is the operation's own answer (nothing under that key yet), which names what it looked for.
      const found =
        op.responses['404'] &&
        answer.status === 404 &&
        [FAMILY_PATH_VALUES.checkDate, FAMILY_PATH_VALUES.month].some((value) => String(answer.body.message).includes(value));
      expect(found || [200, 201, 202].includes(answer.status), `${method} ${path}: ${JSON.stringify(answer.body)}`).to.equal(true);
    }
  });

  it('refuses whatever the documented parameter schemas refuse, naming the parameter', async () => {
    let probes = 0;
    for (const [template, method, op] of operations(document.paths)) {
      const path = fill(template, { name: QUICK_JOB, runId, id: journalId, ...FAMILY_PATH_VALUES });
      const body = SAMPLE_CALLS[op.operationId] ?? (op.requestBody ? { json: { params: { batch: 'probe' } } } : {});
      for (const [name, value] of outOfSchema(op.parameters ?? [])) {
        probes++;
        const answer = await admin.call(method, `${path}?${name}=${encodeURIComponent(value)}`, body);
        expect({ status: answer.status, field: answer.body.field }, `${method} ${template} ${name}=${value}`).to.deep.equal({ status: 400, field: name });
      }
      const extra = await admin.call(method, `${path}?undocumented=1`, body);
      expect({ status: extra.status, field: extra.body.field }, `${method} ${template}`).to.deep.equal({ status: 400, field: 'undocumented' });
    }
    expect(probes, 'the document has bounded parameters to probe').to.be.greaterThan(5);
  });
});

/** Operations that take other than a job's parameters: a call each answers with success. */
const SAMPLE_CALLS: Record<string, { json: unknown }> = {
  verifyJournal: { json: { interface: '4.2.1' } },
};

function operations(paths: Paths): Array<[string, string, Operation]> {
  return Object.entries(paths).flatMap(([template, ops]) =>
    Object.entries(ops).map(([method, op]): [string, string, Operation] => [template, method.toUpperCase(), op]),
  );
}

/** Path parameters of the families' resources (reconciliation: a check date and a province; settlement: a month and a province). */
const FAMILY_PATH_VALUES = { checkDate: '20251120', month: '202511', province: '11', cycle: '202510', groupId: 'G110000001' };

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name]));
}

/** Query values just outside each parameter's schema: past its bounds, off its enum, not of its type. */
function outOfSchema(parameters: Parameter[]): Array<[string, string]> {
  const probes: Array<[string, string]> = [];
  for (const { name, in: where, schema } of parameters) {
    if (where !== 'query') continue;
    if (schema.maximum !== undefined) probes.push([name, String(schema.maximum + 1)]);
    if (schema.minimum !== undefined) probes.push([name, String(schema.minimum - 1)]);
    if (schema.enum) probes.push([name, 'not-one-of-them']);
    if (schema.type === 'integer') probes.push([name, '1.5']);
    if (schema.type === 'boolean') probes.push([name, 'perhaps']);
  }
  return probes;
}
