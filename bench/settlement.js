#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:settlement` — monthly settlement (8.2.1) of a scaled month: N remote payments
 * spread over the 30 days of November 2026 and the 31 × 31 ordered pairs (one in fifty
 * reversed), put in the store untimed; then timed: the totals per ordered pair (an aggregation
 * where the payments are) and the 31 statements made from them, whose nets must sum to zero.
 * Prints payments/s and the peak RSS. A measurement, not a test: the statements' delivery is
 * what `npm run bench` measures of a province call.
 *
 *   npm run bench:settlement [-- --payments N] [--mongo]      (--mongo needs MONGODB_URI)
 */
const path = require('node:path');
const dist = path.resolve(__dirname, '../dist');
const { createMemoryStore } = require(`${dist}/src/store/memory/memory-store`);
const { PROVINCE_CODES } = require(`${dist}/src/domain/provinces`);
const { PAYMENT_RECORDS } = require(`${dist}/src/families/payment/payment-store`);
const { statementsOf } = require(`${dist}/src/families/settlement/statements`);

const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const mongo = argv.includes('--mongo');
const PAYMENTS = opt('--payments', mongo ? 20_000 : 500_000); // the memory store holds about half a million payments at a 2 GB heap
const MONTH = '202611';
const mb = (kb) => (kb / 1024).toFixed(0);

async function openStore() {
  if (!mongo) return createMemoryStore();
  if (!process.env.MONGODB_URI) throw new Error('--mongo needs MONGODB_URI');
  const { createMongoStore } = require(`${dist}/src/store/mongo/mongo-store`);
  return createMongoStore(process.env.MONGODB_URI, { records: [PAYMENT_RECORDS] });
}

/** The i-th payment of the month: a pair and a day by turns, an amount that varies. */
function paymentOf(i) {
  const collect = PROVINCE_CODES[i % 31];
  const home = PROVINCE_CODES[(i * 7 + Math.floor(i / 31)) % 31];
  const day = String(1 + (i % 30)).padStart(2, '0');
  const n = String(i).padStart(9, '0');
  const at = new Date(`2026-11-${day}T02:00:00Z`);
  return {
    sender: `BILL${collect}`,
    transIdO: `B${n}`,
    transIdH: `UCRM2026110${n}`,
    procId: `P${n}`,
    testFlag: '0',
    fingerprint: `f${n}`,
    serviceNumber: `130${n.slice(1)}`,
    collectProvince: collect,
    homeProvince: home === collect ? PROVINCE_CODES[(PROVINCE_CODES.indexOf(home) + 1) % 31] : home,
    amount: 100 + ((i * 7919) % 49_900),
    payTime: `202611${day}100000`,
    accountingDate: `202611${day}`,
    state: i % 50 === 0 ? 'REVERSED' : 'SUCCESS',
    attempts: 1,
    createdAt: at,
    updatedAt: at,
  };
}

async function main() {
  const store = await openStore();
  const payments = await store.records(PAYMENT_RECORDS);
  const loadStart = Date.now();
  for (let i = 0; i < PAYMENTS; i++) {
    const outcome = await payments.insertIfAbsent(paymentOf(i));
    if (!outcome.inserted) throw new Error(`payment ${i} was there already: use a fresh database`);
  }
  const loadS = (Date.now() - loadStart) / 1000;
  const start = process.hrtime.bigint();
  const totals = await payments.totals({ fromDate: `${MONTH}01`, toDate: `${MONTH}30`, states: ['SUCCESS'] }, ['collectProvince', 'homeProvince']);
  const pairs = totals.map((t) => ({ collectProvince: t.group.collectProvince, homeProvince: t.group.homeProvince, count: t.count, amount: t.amount }));
  const statements = statementsOf(MONTH, 10, pairs, PROVINCE_CODES);
  const settleS = Number(process.hrtime.bigint() - start) / 1e9;
  const counted = pairs.reduce((sum, p) => sum + p.count, 0);
  const netSum = statements.reduce((sum, s) => sum + s.NetAmount, 0);
  if (netSum !== 0) throw new Error(`the nets sum to ${netSum}, not 0`);
  console.log(`store:          ${mongo ? 'MongoDB (MONGODB_URI)' : 'memory'}`);
  console.log(
    `payments:       ${PAYMENTS.toLocaleString('en')} in the month (${counted.toLocaleString('en')} counted, the rest reversed); loaded untimed in ${loadS.toFixed(1)} s`,
  );
  console.log(
    `settlement:     ${pairs.length} pairs, ${statements.length} statements in ${settleS.toFixed(2)} s (${Math.round(PAYMENTS / settleS).toLocaleString('en')} payments/s); nets sum to ${netSum}`,
  );
  console.log(`peak RSS:       ${mb(process.resourceUsage().maxRSS)} MB`);
  await store.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
