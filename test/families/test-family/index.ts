/**
 * A family that exists only in the tests, to show that adding one touches no core file:
 * one P→H operation (7.2.1 UploadPayDetail, whose WSDL is there and whose real handler is
 * not yet), one job, one record kind, one setting. The gateway takes it in its list of
 * families (GatewayParts.families) beside the real ones.
 */
import { RSP } from '../../../src/contract/rsp-codes';
import { defineFamily } from '../../../src/families/family';
import { UPLOAD_RECORDS } from './uploads';

export const COUNT_JOB = 'test-family.count-uploads';

export const testFamily = defineFamily({
  name: 'test-family',
  interfaces: ['7.2.1'],
  records: [UPLOAD_RECORDS],
  settings: (read) => ({ batchLimit: read.int('TEST_FAMILY_BATCH_LIMIT', 100, 1, 1000) }),
  handlers: ({ store, settings }) => {
    const uploads = store.records(UPLOAD_RECORDS);
    return {
      '7.2.1': {
        UploadPayDetail: async ({ body, transIdH }) => {
          const echo = { CheckDate: body.CheckDate, BatchNo: body.BatchNo };
          if (body.RecordCount > settings.batchLimit) return { rspCode: RSP.INVALID_AMOUNT, rspDesc: `more than ${settings.batchLimit} records`, body: echo };
          await uploads.add({ key: `${body.CollectProvince}|${body.CheckDate}|${body.BatchNo}`, records: body.RecordCount, transIdH });
          return { rspCode: RSP.SUCCESS, body: { ...echo, AcceptedCount: body.RecordCount } };
        },
      },
    };
  },
  jobs: ({ store }) => [
    {
      name: COUNT_JOB,
      handler: async (run) => run.count('uploads', await store.records(UPLOAD_RECORDS).count()),
    },
  ],
  mock: 'none: 7.2.1 is served by HQ and calls no province',
});
