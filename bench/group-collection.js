#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:groups` — the one-point collection at scale: one group of 31 member
 * provinces × 100,000 members each (3.1 million member bills), every province's 9.2.1 upload
 * checked and kept by the handler, the group bill closed and delivered (9.2.2), a partial
 * collection (9.2.3) allocated to the 31 provinces (9.2.4). Prints records/s and peak RSS.
 * A measurement, not a test. The deliveries go to a stub that only counts (the province
 * calls are measured by `npm run bench`); the store is the memory one, or MongoDB with
 * --mongo and MONGODB_URI.
 *
 *   npm run bench:groups [-- --members N] [--provinces N] [--mongo]
 *
 * Each upload's body is made just before it is sent and dropped after, as a SOAP request's
 * would be, so the peak RSS is one upload's worth plus what HQ keeps: a summary per province.
 */
const path = require('node:path');
const dist = path.resolve(__dirname, '../dist');
const { createMemoryStore } = require(`${dist}/src/store/memory/memory-store`);
const { GroupCustomerTable } = require(`${dist}/src/domain/group-customers`);
const { PROVINCE_CODES } = require(`${dist}/src/domain/provinces`);
const { uploadGroupBill } = require(`${dist}/src/families/group-collection/upload-group-bill`);
const { uploadCollectionResult } = require(`${dist}/src/families/group-collection/upload-collection-result`);
const { deliverClosedBills, allocateCollections } = require(`${dist}/src/families/group-collection/group-cycle`);

const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const MEMBERS = opt('--members', 100_000);
const PROVINCES = PROVINCE_CODES.slice(0, opt('--provinces', 31));
const GROUP = 'GBENCH0001';
const CYCLE = '202510';
const COLLECT = PROVINCES[0];

const mb = (kb) => (kb / 1024).toFixed(0);

async function makeStore() {
  if (!argv.includes('--mongo')) return createMemoryStore();
  const { createMongoStore } = require(`${dist}/src/store/mongo/mongo-store`);
  if (!process.env.MONGODB_URI) throw new Error('--mongo needs MONGODB_URI');
  return createMongoStore(process.env.MONGODB_URI, { records: [] });
}

/** One province's 9.2.1 body: MEMBERS bills of two items each, amounts from a cheap deterministic sequence. */
function uploadBody(province, index) {
  const bills = new Array(MEMBERS);
  let total = 0;
  for (let i = 0; i < MEMBERS; i++) {
    const fee = 5800;
    const usage = (i * 7919 + index * 104729) % 20000;
    bills[i] = {
      ServiceNumber: `1${province}${String(i).padStart(8, '0')}`,
      AccountId: `${province}A${i}`,
      Amount: fee + usage,
      BillItem: [
        { ItemCode: '1001', ItemName: '月租费', Amount: fee },
        { ItemCode: '2001', ItemName: '国内通话费', Amount: usage },
      ],
    };
    total += fee + usage;
  }
  return { GroupId: GROUP, BillCycle: CYCLE, MemberProvince: province, CollectProvince: COLLECT, MemberCount: MEMBERS, TotalAmount: total, MemberBill: bills };
}

function request(body, province, n) {
  return { head: {}, body, route: { province, by: 'province' }, transIdH: `UCRMBENCH${String(n).padStart(8, '0')}`, receivedAt: Date.now() };
}

/** What the sweep's jobs get: deliveries only counted. */
function runContext(counts) {
  return {
    signal: new AbortController().signal,
    count: (name, by = 1) => (counts[name] = (counts[name] ?? 0) + by),
    deliver: async (r) => {
      counts[`deliveries ${r.interfaceNumber}`] = (counts[`deliveries ${r.interfaceNumber}`] ?? 0) + 1;
      return { created: true, sameContent: true, delivery: {} };
    },
  };
}

async function main() {
  const store = await makeStore();
  const groups = new GroupCustomerTable([
    {
      groupId: GROUP,
      name: 'benchmark group',
      collectProvince: COLLECT,
      memberProvinces: PROVINCES,
      // HQ checks an upload by its counts and totals, not against a roster: one listed member per province is enough here.
      members: PROVINCES.map((p) => ({ province: p, serviceNumber: `1${p}99999999` })),
    },
  ]);
  const deps = { groups, store, settings: { sweepIntervalMs: 1000 }, now: Date.now };
  const upload = uploadGroupBill(deps);
  let checkedMs = 0;
  const started = performance.now();
  for (const [i, province] of PROVINCES.entries()) {
    const body = uploadBody(province, i);
    const t = performance.now();
    const answer = await upload(request(body, province, i));
    checkedMs += performance.now() - t;
    if (answer.rspCode !== '0000') throw new Error(`upload of ${province}: ${answer.rspCode} ${answer.rspDesc}`);
  }
  const uploadMs = performance.now() - started;
  const rssAfterUploads = process.resourceUsage().maxRSS;

  const counts = {};
  const t0 = performance.now();
  await deliverClosedBills(deps, runContext(counts));
  const bill = await store.documents.get('group-bill', `${GROUP}|${CYCLE}`);
  const total = PROVINCES.reduce((sum, p) => sum + bill.data[`p${p}`].amount, 0);
  const result = await uploadCollectionResult(deps)(
    request(
      {
        GroupId: GROUP,
        BillCycle: CYCLE,
        CollectProvince: COLLECT,
        BilledAmount: total,
        CollectedAmount: Math.floor(total * 0.7),
        CollectStatus: 'PARTIAL',
        CollectTime: '20251115093000',
      },
      COLLECT,
      99,
    ),
  );
  if (result.rspCode !== '0000') throw new Error(`9.2.3: ${result.rspCode} ${result.rspDesc}`);
  await allocateCollections(deps, runContext(counts));
  const allocateMs = performance.now() - t0;
  const records = MEMBERS * PROVINCES.length;
  const figures = {
    store: store.kind,
    provinces: PROVINCES.length,
    membersPerProvince: MEMBERS,
    memberBills: records,
    uploadSeconds: +(uploadMs / 1000).toFixed(2),
    uploadRecordsPerSecond: Math.round(records / (uploadMs / 1000)),
    handlerRecordsPerSecond: Math.round(records / (checkedMs / 1000)),
    closeCollectAllocateMs: +allocateMs.toFixed(1),
    deliveries: counts,
    peakRssMbAfterUploads: +mb(rssAfterUploads),
    peakRssMb: +mb(process.resourceUsage().maxRSS),
    node: process.version,
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  await store.close();
}

main().catch((error) => {
  process.stderr.write(`bench:groups: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
