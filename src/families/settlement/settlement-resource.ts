/**
 * The settlement family's admin resource (JSON under /admin): a month's statements, each
 * with where its 8.2.1 delivery stands. Settling is the job's (`POST /admin/jobs/settlement.settle/runs`
 * with `{"params":{"month":"202611"}}`); this only reads what it recorded.
 */
import { AdminContext, AdminResource, JsonSchema, ref } from '../../admin/operation';
import { notFound } from '../../admin/errors';
import { monthParam, provinceParam } from '../../admin/params';
import { BusinessDocument } from '../../store/ports';
import { SETTLEMENT_INTERFACE, statementKey, statementOfDocument, statementsOfMonth, statementSubject, STATEMENT_KIND } from './statement-documents';

const MONTH = monthParam('The settlement month, YYYYMM.');
const PROVINCE = provinceParam('The province the statement is for (two-digit code).');

const fen = (description: string): JsonSchema => ({ type: 'integer', description: `${description} (fen).` });
const count = (description: string): JsonSchema => ({ type: 'integer', minimum: 0, description });

const SCHEMAS: Record<string, JsonSchema> = {
  SettlementCounterpart: {
    type: 'object',
    required: ['province', 'payableCount', 'payableAmount', 'receivableCount', 'receivableAmount', 'commission', 'netAmount'],
    additionalProperties: false,
    properties: {
      province: { type: 'string', description: 'The counterpart.' },
      payableCount: count("Payments the statement's province collected into the counterpart's numbers."),
      payableAmount: fen('Their amount'),
      receivableCount: count("Payments the counterpart collected into the statement's province's numbers."),
      receivableAmount: fen('Their amount'),
      commission: fen('Commission kept on the payable minus commission given up on the receivable'),
      netAmount: fen('receivable - payable + commission; positive: the province is owed money'),
    },
  },
  SettlementStatement: {
    type: 'object',
    required: ['month', 'province', 'commissionRate', 'counterparts', 'netAmount', 'recordedAt'],
    additionalProperties: false,
    properties: {
      month: { type: 'string' },
      province: { type: 'string' },
      commissionRate: { type: 'integer', description: 'Permille.' },
      counterparts: { type: 'array', items: ref('SettlementCounterpart') },
      netAmount: fen('The sum of the counterparts’ nets'),
      recordedAt: { type: 'string', format: 'date-time' },
      delivery: {
        type: 'object',
        description: 'Its 8.2.1 delivery; absent if none was made yet.',
        required: ['state', 'attempts'],
        properties: {
          state: { type: 'string', enum: ['queued', 'sent', 'accepted', 'refused', 'failed'] },
          attempts: { type: 'integer' },
          lastError: { type: 'string' },
        },
      },
    },
  },
  SettlementMonth: {
    type: 'object',
    required: ['month', 'statements'],
    additionalProperties: false,
    properties: { month: { type: 'string' }, statements: { type: 'array', items: ref('SettlementStatement') } },
  },
};

/** A statement as the API shows it, with where its delivery stands. */
async function statementView(context: AdminContext, doc: BusinessDocument): Promise<Record<string, unknown>> {
  const s = statementOfDocument(doc);
  const delivery = await context.jobs.deliveries.get(SETTLEMENT_INTERFACE, statementSubject(s.SettleMonth), s.Province);
  return {
    month: s.SettleMonth,
    province: s.Province,
    commissionRate: s.CommissionRate,
    counterparts: s.Counterpart.map((c) => ({
      province: c.Province,
      payableCount: c.PayableCount,
      payableAmount: c.PayableAmount,
      receivableCount: c.ReceivableCount,
      receivableAmount: c.ReceivableAmount,
      commission: c.Commission,
      netAmount: c.NetAmount,
    })),
    netAmount: s.NetAmount,
    recordedAt: doc.createdAt.toISOString(),
    ...(delivery && { delivery: { state: delivery.state, attempts: delivery.attempts, ...(delivery.lastError && { lastError: delivery.lastError }) } }),
  };
}

export function settlementResource(context: AdminContext): AdminResource {
  const view = (doc: BusinessDocument) => statementView(context, doc);
  return {
    name: 'settlements',
    description: 'Monthly settlement (8.2.1): the statements of a settled month and their deliveries.',
    schemas: SCHEMAS,
    operations: [
      {
        method: 'get',
        path: '/settlements/{month}',
        operationId: 'getSettlementMonth',
        summary: "A month's statements, in province order.",
        description: 'Empty until the month has been settled (see the job `settlement.settle`).',
        pathParams: { month: MONTH },
        responses: { '200': { description: 'The statements recorded for the month.', schema: ref('SettlementMonth') } },
        handle: async ({ path }) => {
          const docs = await statementsOfMonth(context.store, path.month);
          return { status: 200, body: { month: path.month, statements: await Promise.all(docs.map(view)) } };
        },
      },
      {
        method: 'get',
        path: '/settlements/{month}/{province}',
        operationId: 'getSettlementStatement',
        summary: "One province's statement of a month.",
        pathParams: { month: MONTH, province: PROVINCE },
        responses: {
          '200': { description: 'The statement.', schema: ref('SettlementStatement') },
          '404': { description: 'The month was not settled, or not for that province.', schema: ref('Error') },
        },
        handle: async ({ path }) => {
          const doc = await context.store.documents.get(STATEMENT_KIND, statementKey(path.month, path.province));
          if (!doc) throw notFound(`no statement of ${path.month} for province ${path.province}: the month was not settled (or the province is unknown)`);
          return { status: 200, body: await view(doc) };
        },
      },
    ],
  };
}
