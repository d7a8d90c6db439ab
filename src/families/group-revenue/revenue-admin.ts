/**
 * The family's admin resource (contributed through FamilyDefinition.adminResources): the
 * revenue settlement of one group and cycle, and a cycle's groups at a glance.
 */
import { notFound } from '../../admin/errors';
import { groupIdParam, monthParam } from '../../admin/params';
import { AdminContext, AdminResource, AdminResourceFactory, JsonSchema, ref } from '../../admin/operation';
import { RevenueDeps } from './revenue-deps';
import { revenueStatus } from './revenue-status';

const CYCLE = monthParam('The bill cycle, YYYYMM.');
const GROUP = groupIdParam("The group customer's id.");

const FIGURES: JsonSchema = {
  type: 'object',
  required: ['billedAmount', 'recognisedRevenue', 'transferAmount', 'delivery'],
  properties: {
    billedAmount: { type: 'integer' },
    recognisedRevenue: { type: 'integer' },
    transferAmount: { type: 'integer', description: 'What the collecting province owes this province (negative: what this province owes).' },
    delivery: {
      description: 'The 10.2.2 delivery of this stage to the province; null while not sent (a final waits for its preliminary to be accepted).',
      oneOf: [{ type: 'null' }, { type: 'object', required: ['state', 'attempts', 'transIdH'] }],
    },
  },
};

const SCHEMAS: Record<string, JsonSchema> = {
  GroupRevenueStatus: {
    type: 'object',
    description: "Where a group's revenue settlement of a cycle stands (docs/GROUP-REVENUE.md).",
    required: ['groupId', 'name', 'cycle', 'collectProvince', 'stage', 'uploaded', 'missing', 'late', 'provinces'],
    properties: {
      groupId: { type: 'string' },
      name: { type: 'string' },
      cycle: { type: 'string' },
      collectProvince: { type: 'string' },
      stage: { enum: ['none', 'open', 'preliminary', 'closing', 'final'] },
      uploaded: { type: 'array', items: { type: 'string' } },
      missing: { type: 'array', items: { type: 'string' } },
      late: { type: 'array', items: { type: 'string' }, description: 'Uploads the final result did not count.' },
      preliminary: { type: 'object' },
      final: { type: 'object' },
      provinces: {
        type: 'array',
        items: {
          type: 'object',
          required: ['province', 'role', 'upload'],
          properties: {
            province: { type: 'string' },
            role: { enum: ['collecting', 'member', 'collecting-member'] },
            upload: { oneOf: [{ type: 'null' }, { type: 'object' }] },
            preliminary: FIGURES,
            final: FIGURES,
          },
        },
      },
    },
  },
  GroupRevenueCycle: {
    type: 'object',
    required: ['cycle', 'groups'],
    properties: {
      cycle: { type: 'string' },
      groups: {
        type: 'array',
        items: { type: 'object', required: ['groupId', 'name', 'stage', 'uploaded', 'missing'] },
      },
    },
  },
};

export function revenueAdmin(deps: RevenueDeps): AdminResourceFactory {
  return (context: AdminContext): AdminResource => {
    const lookup = context.jobs.deliveries.get.bind(context.jobs.deliveries);
    return {
      name: 'group-revenue',
      description: 'Group revenue settlement (10.2.1, 10.2.2): per group and cycle, the uploads, the stage and each province’s results and their delivery.',
      schemas: SCHEMAS,
      operations: [
        {
          method: 'get',
          path: '/group-revenue/{cycle}',
          operationId: 'listGroupRevenue',
          summary: "Every group's revenue settlement of a cycle, in brief.",
          pathParams: { cycle: CYCLE },
          responses: { '200': { description: 'The groups, in id order.', schema: ref('GroupRevenueCycle') } },
          handle: async ({ path }) => {
            const groups = [];
            for (const group of [...deps.groups.all()].sort((a, b) => (a.groupId < b.groupId ? -1 : 1))) {
              const { groupId, name, stage, uploaded, missing } = await revenueStatus(deps, lookup, group, path.cycle);
              groups.push({ groupId, name, stage, uploaded, missing });
            }
            return { status: 200, body: { cycle: path.cycle, groups } };
          },
        },
        {
          method: 'get',
          path: '/group-revenue/{cycle}/{groupId}',
          operationId: 'getGroupRevenue',
          summary: "One group's revenue settlement of a cycle.",
          pathParams: { cycle: CYCLE, groupId: GROUP },
          responses: {
            '200': { description: 'Its status.', schema: ref('GroupRevenueStatus') },
            '404': { description: 'No group customer of that id.', schema: ref('Error') },
          },
          handle: async ({ path }) => {
            const group = deps.groups.get(path.groupId);
            if (!group) throw notFound(`no group customer with id "${path.groupId}"`);
            return { status: 200, body: await revenueStatus(deps, lookup, group, path.cycle) };
          },
        },
      ],
    };
  };
}
