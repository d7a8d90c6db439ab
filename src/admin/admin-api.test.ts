import { expect } from 'chai';
import { createLogger } from '../logging/logger';
import { JobRuntime } from '../jobs';
import { createMemoryStore } from '../store/memory/memory-store';
import { createAdminApi } from './admin-api';
import { AdminResourceFactory } from './operation';

const context = () => ({ jobs: {} as JobRuntime, store: createMemoryStore(), logger: createLogger('silent') });

/** A resource as a later issue would add one: a module, registered in the list. */
const pingResource: AdminResourceFactory = () => ({
  name: 'ping',
  description: 'Answers.',
  schemas: { Pong: { type: 'object', properties: { pong: { type: 'boolean' } } } },
  operations: [
    {
      method: 'get',
      path: '/ping',
      operationId: 'ping',
      summary: 'Answers pong.',
      responses: { '200': { description: 'Pong.', schema: { $ref: '#/components/schemas/Pong' } } },
      handle: async () => ({ status: 200, body: { pong: true } }),
    },
  ],
});

describe('admin API assembly', () => {
  it('takes a resource registered in the list into the router and the document', () => {
    const api = createAdminApi({ ...context(), resources: [pingResource] });
    expect(Object.keys(api.document.paths).sort()).to.deep.equal(['/openapi.json', '/ping']);
    expect((api.document.components as { schemas: object }).schemas).to.have.keys('Error', 'OpenApiDocument', 'Pong');
    const routes = (api.router as unknown as { stack: Array<{ route?: { path: string } }> }).stack.map((l) => l.route?.path).filter(Boolean);
    expect(routes).to.include('/ping');
  });

  it('refuses two resources that claim one route or one schema name', () => {
    expect(() => createAdminApi({ ...context(), resources: [pingResource, pingResource] })).to.throw('admin API: route GET /ping is declared twice');
    const clash: AdminResourceFactory = () => ({ name: 'clash', description: '', schemas: { Error: { type: 'object' } }, operations: [] });
    expect(() => createAdminApi({ ...context(), resources: [clash] })).to.throw('admin API: schema Error is declared twice');
  });
});
