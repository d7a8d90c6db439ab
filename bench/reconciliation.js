#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:reconciliation` — a generated day of remote payments across the collecting
 * provinces, uploaded as 7.2.1 batches through the upload handler (in process: the SOAP path's
 * cost is measured by `npm run bench`) and reconciled; prints upload records/s,
 * reconciliation records/s and peak RSS. A measurement, not a test.
 *
 *   node bench/reconciliation.js [--records 1000000] [--provinces 31] [--batch 1000] [--mongo]
 *
 * Memory store: HQ's side of the day is generated as it is streamed (an in-memory store refuses
 * a million payments by design: MemoryPayments' heap limit), so the figures are the upload store
 * and the merge. --mongo: both sides in the MongoDB-compatible server (MONGODB_URI, or a private
 * bench instance of .ci/mongo-server.sh), HQ's payments inserted first, untimed.
 */
const path = require('node:path');
const dist = (p) => require(path.join(__dirname, '..', 'dist', p));
const { createMemoryStore } = dist('src/store/memory/memory-store');
const { createMongoStore } = dist('src/store/mongo/mongo-store');
const { CHECK_RECORDS } = dist('src/families/reconciliation/check-record-store');
const { PAYMENT_RECORDS } = dist('src/families/payment/payment-store');
const { paymentSchema } = dist('src/families/payment/payment-schema');
const { uploadPayDetail } = dist('src/families/reconciliation/upload-pay-detail');
const { reconcileCheckDate } = dist('src/families/reconciliation/reconcile');
const { PROVINCE_CODES } = dist('src/domain/provinces');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RECORDS = Number(arg('records', '1000000'));
const PROVINCES = PROVINCE_CODES.slice(0, Number(arg('provinces', '31')));
const BATCH = Number(arg('batch', '1000'));
const MONGO = process.argv.includes('--mongo');
const CHECK_DATE = '20261130';
const NEXT_NIGHT = Date.parse('2026-12-01T02:00:00+08:00');
const perProvince = Math.ceil(RECORDS / PROVINCES.length);
/** One payment in a thousand differs: its province record's amount is one fen more. */
const differs = (i) => i % 1000 === 999;

function hqPayment(province, i) {
  const home = PROVINCE_CODES[(PROVINCE_CODES.indexOf(province) + 1 + (i % 30)) % PROVINCE_CODES.length];
  const seq = String(i).padStart(8, '0');
  return {
    sender: `BILL${province}`,
    transIdO: `BILL${province}${CHECK_DATE}${seq}`,
    transIdH: `UCRM${province}${CHECK_DATE}${seq}`,
    procId: `P${province}${seq}`,
    testFlag: '0',
    fingerprint: 'f',
    serviceNumber: `130${home}${seq}`.slice(0, 11),
    collectProvince: province,
    homeProvince: home,
    amount: 100 + (i % 5000),
    payTime: `${CHECK_DATE}120000`,
    accountingDate: CHECK_DATE,
    state: 'SUCCESS',
    attempts: 1,
    createdAt: new Date(NEXT_NIGHT),
    updatedAt: new Date(NEXT_NIGHT),
  };
}

/** HQ's side, generated in TransIDO order as a store would stream it. */
function generatedPayments() {
  return {
    count: async (q) => (q.collectProvince && PROVINCES.includes(q.collectProvince) ? perProvince : 0),
    streamDay: async function* (side, date) {
      if (!side.collectProvince || date !== CHECK_DATE || !PROVINCES.includes(side.collectProvince)) return;
      for (let i = 0; i < perProvince; i++) yield hqPayment(side.collectProvince, i);
    },
  };
}

function batchOf(province, batchNo, batchCount) {
  const records = [];
  for (let i = (batchNo - 1) * BATCH; i < Math.min(perProvince, batchNo * BATCH); i++) {
    const p = hqPayment(province, i);
    records.push({
      TransIDO: p.transIdO,
      TransIDH: p.transIdH,
      ServiceNumber: p.serviceNumber,
      HomeProvince: p.homeProvince,
      CollectProvince: province,
      RecordType: 'PAY',
      Amount: differs(i) ? p.amount + 1 : p.amount,
      TradeTime: p.payTime,
    });
  }
  const total = records.reduce((s, r) => s + r.Amount, 0);
  return {
    CheckDate: CHECK_DATE,
    CollectProvince: province,
    BatchNo: batchNo,
    BatchCount: batchCount,
    RecordCount: records.length,
    TotalAmount: total,
    PayRecord: records,
  };
}

async function insertPayments(uri) {
  const mongoose = require('mongoose');
  const conn = await mongoose.createConnection(uri).asPromise();
  const model = conn.model('Payment', paymentSchema);
  for (const province of PROVINCES) {
    for (let from = 0; from < perProvince; from += 1000) {
      const docs = [];
      for (let i = from; i < Math.min(perProvince, from + 1000); i++) docs.push(hqPayment(province, i));
      await model.collection.insertMany(docs, { ordered: false });
    }
  }
  await conn.close();
}

async function main() {
  let mongoServer;
  let uri = process.env.MONGODB_URI;
  if (MONGO && !uri) {
    mongoServer = require('./lib/mongo');
    uri = await mongoServer.start();
  }
  const store = MONGO ? await createMongoStore(uri, { records: [PAYMENT_RECORDS, CHECK_RECORDS] }) : createMemoryStore();
  const payments = MONGO ? store.records(PAYMENT_RECORDS) : generatedPayments();
  if (MONGO) {
    const started = performance.now();
    await insertPayments(uri);
    console.error(`HQ payments inserted in ${((performance.now() - started) / 1000).toFixed(1)} s (untimed)`);
  }
  const settings = { graceMinutes: 0, windowDays: 7, intervalMs: 60000, fileBatchRecords: 1000, maxListedDiffs: 10000 };
  const upload = uploadPayDetail({ store, records: store.records(CHECK_RECORDS), settings, now: () => NEXT_NIGHT });
  const batchCount = Math.ceil(perProvince / BATCH);
  let uploaded = 0;
  const t0 = performance.now();
  for (const province of PROVINCES) {
    const head = { MsgSender: `BILL${province}` };
    for (let b = 1; b <= batchCount; b++) {
      const body = batchOf(province, b, batchCount);
      const answer = await upload({ head, body, route: { province, by: 'province' }, transIdH: `H${province}${b}`, receivedAt: NEXT_NIGHT });
      if (answer.rspCode !== '0000') throw new Error(`batch ${province}/${b}: ${answer.rspCode} ${answer.rspDesc}`);
      uploaded += body.RecordCount;
    }
  }
  const t1 = performance.now();
  console.error(`uploaded in ${((t1 - t0) / 1000).toFixed(1)} s`);
  const rssAfterUpload = process.memoryUsage().rss;
  const outcome = await reconcileCheckDate(
    { store, payments, records: store.records(CHECK_RECORDS), maxListedDiffs: 10000, now: () => NEXT_NIGHT },
    CHECK_DATE,
    'bench',
  );
  const t2 = performance.now();
  const matched = outcome.results.reduce((s, r) => s + r.matched.count, 0);
  const different = outcome.results.reduce((s, r) => s + r.different.count, 0);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify(
      {
        store: MONGO ? 'mongodb-compatible (mongo-java-server)' : 'memory',
        records: uploaded,
        provinces: PROVINCES.length,
        batch: BATCH,
        uploadSeconds: +((t1 - t0) / 1000).toFixed(1),
        uploadRecordsPerSecond: Math.round(uploaded / ((t1 - t0) / 1000)),
        reconcileSeconds: +((t2 - t1) / 1000).toFixed(1),
        reconcileRecordsPerSecond: Math.round(uploaded / ((t2 - t1) / 1000)),
        matched,
        different,
        rssAfterUploadMb: Math.round(rssAfterUpload / 2 ** 20),
        peakRssMb: Math.round(peakMb),
      },
      null,
      2,
    ),
  );
  await store.close();
  if (mongoServer) await mongoServer.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
