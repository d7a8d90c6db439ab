/**
 * The family's admin resource (contributed through FamilyDefinition.adminResources): the
 * one-point collection of one group and cycle, and a cycle's groups at a glance.
 */
import { notFound } from '../../admin/errors';
import { groupIdParam, monthParam } from '../../admin/params';
import { AdminContext, AdminResource, AdminResourceFactory, JsonSchema, ref } from '../../admin/operation';
import { CollectionDeps } from './collection-deps';
import { collectionStatus } from './collection-status';

const CYCLE = monthParam('The bill cycle, YYYYMM.');
const GROUP = groupIdParam("The group customer's id.");
const DELIVERY: JsonSchema = {
  description: 'A delivery HQ made (9.2.2 or 9.2.4); null while none was made.',
  oneOf: [{ type: 'null' }, { type: 'object', required: ['state', 'attempts', 'transIdH'] }],
};
const PROVINCES: readonly string[] = ['uploaded', 'missing', 'late'];

const SCHEMAS: Record<string, JsonSchema> = {
  GroupCollectionStatus: {
    type: 'object',
    description: "Where a group's one-point collection of a cycle stands (docs/GROUPS.md).",
    required: ['groupId', 'name', 'cycle', 'collectProvince', 'bill', 'totalAmount', ...PROVINCES, 'groupBill', 'collection', 'provinces'],
    properties: {
      groupId: { type: 'string' },
      name: { type: 'string' },
      cycle: { type: 'string' },
      collectProvince: { type: 'string' },
      bill: { enum: ['none', 'open', 'closed', 'delivered', 'empty'] },
      closedBy: { enum: ['complete', 'cutoff'] },
      totalAmount: { type: 'integer', description: 'The group bill in fen: the sum of the uploaded provinces’ bills.' },
      ...Object.fromEntries(PROVINCES.map((name) => [name, { type: 'array', items: { type: 'string' } }])),
      groupBill: DELIVERY,
      collection: { oneOf: [{ type: 'null' }, { type: 'object', required: ['state', 'status', 'billedAmount', 'collectedAmount', 'collectTime'] }] },
      provinces: {
        type: 'array',
        items: {
          type: 'object',
          required: ['province', 'uploaded', 'late', 'writeOff'],
          properties: {
            province: { type: 'string' },
            uploaded: { type: 'boolean' },
            late: { type: 'boolean' },
            memberCount: { type: 'integer' },
            billedAmount: { type: 'integer' },
            allocatedAmount: { type: 'integer' },
            writeOff: DELIVERY,
          },
        },
      },
    },
  },
  GroupCollectionCycle: {
    type: 'object',
    required: ['cycle', 'groups'],
    properties: {
      cycle: { type: 'string' },
      groups: { type: 'array', items: { type: 'object', required: ['groupId', 'name', 'bill', ...PROVINCES] } },
    },
  },
};

export function collectionAdmin(deps: CollectionDeps): AdminResourceFactory {
  return (context: AdminContext): AdminResource => {
    const lookup = context.jobs.deliveries.get.bind(context.jobs.deliveries);
    return {
      name: 'group-collection',
      description:
        'Group one-point collection (9.2.1–9.2.4): per group and cycle, the uploads, the group bill, the collection result and each member province’s share and write-off.',
      schemas: SCHEMAS,
      operations: [
        {
          method: 'get',
          path: '/group-collection/{cycle}',
          operationId: 'listGroupCollection',
          summary: "Every group's one-point collection of a cycle, in brief.",
          pathParams: { cycle: CYCLE },
          responses: { '200': { description: 'The groups, in id order.', schema: ref('GroupCollectionCycle') } },
          handle: async ({ path }) => {
            const groups = [];
            for (const group of [...deps.groups.all()].sort((a, b) => (a.groupId < b.groupId ? -1 : 1))) {
              const { groupId, name, bill, uploaded, missing, late, collection } = await collectionStatus(deps, lookup, group, path.cycle);
              groups.push({ groupId, name, bill, uploaded, missing, late, collected: collection?.status ?? null });
            }
            return { status: 200, body: { cycle: path.cycle, groups } };
          },
        },
        {
          method: 'get',
          path: '/group-collection/{cycle}/{groupId}',
          operationId: 'getGroupCollection',
          summary: "One group's one-point collection of a cycle.",
          pathParams: { cycle: CYCLE, groupId: GROUP },
          responses: {
            '200': { description: 'Its status.', schema: ref('GroupCollectionStatus') },
            '404': { description: 'No group customer of that id.', schema: ref('Error') },
          },
          handle: async ({ path }) => {
            const group = deps.groups.get(path.groupId);
            if (!group) throw notFound(`no group customer with id "${path.groupId}"`);
            return { status: 200, body: await collectionStatus(deps, lookup, group, path.cycle) };
          },
        },
      ],
    };
  };
}
