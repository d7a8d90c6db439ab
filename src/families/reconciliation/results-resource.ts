/**
 * The admin API's reconciliation resource: the state of check dates and the result
 * documents, as JSON. Listing leaves the differences out (a day may list thousands); one
 * result by (check date, province) has them.
 */
import { notFound } from '../../admin/errors';
import { checkDateParam, provinceParam } from '../../admin/params';
import { AdminResource, AdminResourceFactory, JsonSchema, ref } from '../../admin/operation';
import { Store } from '../../store/ports';
import { readCheckDay } from './check-days';
import { listResults, readResult } from './results';

const CHECK_DATE = checkDateParam('The check date, YYYYMMDD (CST).');
const PROVINCE = provinceParam('The collecting province, two digits.');

const TALLY: JsonSchema = { type: 'object', required: ['count', 'amount'], properties: { count: { type: 'integer' }, amount: { type: 'integer' } } };
const SCHEMAS: Record<string, JsonSchema> = {
  ReconciliationResult: {
    type: 'object',
    description: "One collecting province's check date reconciled: counts and amounts (fen) matched and different, by kind, and the differences.",
    required: ['checkDate', 'collectProvince', 'state', 'complete', 'matched', 'different', 'byKind', 'differences', 'runId'],
    properties: {
      checkDate: { type: 'string' },
      collectProvince: { type: 'string' },
      state: { enum: ['current', 'stale'] },
      complete: { type: 'boolean', description: 'Whether every announced batch had arrived when the run read the uploads.' },
      matched: TALLY,
      different: TALLY,
      byKind: { type: 'object', additionalProperties: TALLY },
      differences: { type: 'array', items: { type: 'object' } },
      runId: { type: 'string' },
    },
  },
  ReconciliationResultList: { type: 'object', required: ['results'], properties: { results: { type: 'array', items: ref('ReconciliationResult') } } },
  CheckDateState: {
    type: 'object',
    required: ['checkDate', 'state', 'provinces'],
    properties: {
      checkDate: { type: 'string' },
      state: { enum: ['unreconciled', 'reconciled', 'stale'] },
      provinces: { type: 'array', items: { type: 'string' } },
    },
  },
};

export function resultsResource(store: Store): AdminResourceFactory {
  return (): AdminResource => ({
    name: 'reconciliation',
    description: 'Daily reconciliation (7.2.x): whether a check date is reconciled, and each collecting province’s result.',
    schemas: SCHEMAS,
    operations: [
      {
        method: 'get',
        path: '/reconciliation/{checkDate}',
        operationId: 'getCheckDate',
        summary: 'Whether a check date is reconciled, stale or not yet, and its results without their differences.',
        pathParams: { checkDate: CHECK_DATE },
        responses: { '200': { description: 'The check date.', schema: ref('CheckDateState') } },
        handle: async ({ path }) => {
          const day = await readCheckDay(store, path.checkDate);
          const results = await listResults(store, `${path.checkDate}|`, 100);
          return { status: 200, body: { checkDate: day.checkDate, state: day.state, provinces: day.provinces, results } };
        },
      },
      {
        method: 'get',
        path: '/reconciliation/{checkDate}/{province}',
        operationId: 'getReconciliationResult',
        summary: 'The result of one collecting province for a check date, with its differences.',
        pathParams: { checkDate: CHECK_DATE, province: PROVINCE },
        responses: {
          '200': { description: 'The result.', schema: ref('ReconciliationResult') },
          '404': { description: 'Not reconciled yet.', schema: ref('Error') },
        },
        handle: async ({ path }) => {
          const result = await readResult(store, path.checkDate, path.province);
          if (!result) throw notFound(`no reconciliation result for ${path.checkDate} province ${path.province}`);
          return { status: 200, body: result };
        },
      },
    ],
  });
}
