/**
 * A day end to end (issue 12, item 6): three collecting provinces drive the running gateway
 * through SOAP (queries, payments, duplicates, reversals, failed payments, a province timeout
 * per province that the resolver settles later); the next night each uploads its 7.2.1 batches
 * with chosen discrepancies injected; a reconciliation run must report each injected
 * discrepancy as exactly what it is, the timeouts as PENDING_RESOLVED, and nothing else —
 * and deliver 7.2.2 and 7.2.3, which the mock provinces file; a late batch makes the date stale.
 */
import { expect } from 'chai';
import { PAYMENT_RECORDS } from '../../src/families/payment';
import { RECONCILE_JOB, checkDateStates } from '../../src/families/reconciliation';
import { ExpectedDifference, Injection, runDayTraffic, uploadDay } from '../../src/simulator/day';
import { SimulatedProvince } from '../../src/simulator/soap-province';
import { ContractCatalogue } from '../../src/contract/catalogue';
import { FAMILIES, recordKindsOf } from '../../src/families';
import { createMongoStore } from '../../src/store/mongo/mongo-store';
import { Store } from '../../src/store/ports';
import { until } from '../jobs/job-support';
import { mongoUriOrStandIn, TestDatabases } from '../store/mongo-test-db';
import { RunningSystem, startSystem } from '../support/system';

const DAY_START = Date.parse('2026-11-30T09:00:00+08:00');
const CHECK_DATE = '20261130';
const NEXT_NIGHT = Date.parse('2026-12-01T02:00:00+08:00');
const COLLECTING = ['11', '31', '51'];
const INJECTIONS: Injection[] = [
  { province: '11', kind: 'drop' },
  { province: '11', kind: 'amount' },
  { province: '31', kind: 'phantom' },
  { province: '31', kind: 'reverse-only-province' },
  { province: '51', kind: 'drop-reversal' },
];

describe('e2e: a simulated day, uploaded with discrepancies, reconciled (memory store)', function () {
  this.timeout(60_000);
  simulatedDay('memory', async () => undefined);
});

describe('e2e: a simulated day, uploaded with discrepancies, reconciled (MongoDB)', function () {
  this.timeout(60_000);
  const uri = mongoUriOrStandIn('the simulated day on MongoDB');
  if (!uri) return;
  const databases = new TestDatabases(uri);
  let store: Store | undefined;
  let fresh = '';
  simulatedDay('mongodb', async () => {
    fresh = databases.fresh();
    return (store = await createMongoStore(fresh, { records: recordKindsOf(FAMILIES) }));
  });
  after(async () => {
    await store?.close();
    if (fresh) await databases.drop(fresh);
    await databases.close();
  });
});

/** The day, on the store `openStore` gives (undefined: the memory store). */
function simulatedDay(storeKind: Store['kind'], openStore: () => Promise<Store | undefined>): void {
  let system: RunningSystem;
  // The day's clock runs with real time from 09:00 CST; the upload jumps it to the next night.
  let offset = DAY_START - Date.now();
  const now = () => Date.now() + offset;
  let expected: ExpectedDifference[] = [];

  before(async function () {
    this.timeout(90_000);
    system = await startSystem({
      now,
      store: await openStore(),
      env: { PROVINCE_TIMEOUT_MS: '400', RESOLVER_INTERVAL_MS: '50', RESOLVER_BASE_DELAY_MS: '100', RECONCILIATION_FILE_BATCH_RECORDS: '4' },
    });
    const accounts = (await (await fetch(`${system.mockUrl}/accounts`)).json()) as Array<{ province: string; serviceNumber: string; userStatus: string }>;
    const books = await runDayTraffic({
      gatewayUrl: system.gatewayUrl,
      collecting: COLLECTING,
      paymentsPerProvince: 12,
      accounts,
      now,
      answerNextPayLate: (home) => system.mocks.misbehave(home, '5.2.2', { kind: 'answer-late', ms: 700, times: 1 }),
      timeoutsPerProvince: 1,
    });
    expect(books.map((b) => b.unknownOutcomes.length)).to.deep.equal([1, 1, 1]);
    const payments = system.gateway.store.records(PAYMENT_RECORDS);
    await until(async () => (await payments.count({ state: 'PENDING' })) === 0, 15_000, 'the resolver to settle the timeouts');
    offset = NEXT_NIGHT - Date.now();
    const uploaded = await uploadDay({ gatewayUrl: system.gatewayUrl, checkDate: CHECK_DATE, books, injections: INJECTIONS, batchRecords: 5, now });
    expect(
      uploaded.answers.every((code) => code === '0000'),
      uploaded.answers.join(),
    ).to.equal(true);
    expected = uploaded.expected;
  });
  after(() => system.close());

  const reported = async (): Promise<ExpectedDifference[]> => {
    const found: ExpectedDifference[] = [];
    for (const province of COLLECTING) {
      const res = await fetch(`${system.gatewayUrl}/admin/reconciliation/${CHECK_DATE}/${province}`);
      expect(res.status).to.equal(200);
      const result = (await res.json()) as { differences: Array<{ transIdO: string; kind: ExpectedDifference['kind'] }> };
      found.push(...result.differences.map((d) => ({ province, transIdO: d.transIdO, kind: d.kind })));
    }
    return found;
  };
  const sorted = (list: ExpectedDifference[]) => [...list].sort((a, b) => `${a.province}${a.transIdO}`.localeCompare(`${b.province}${b.transIdO}`));

  it('classifies each injected discrepancy exactly, the timeouts as pending resolved, and nothing else', async () => {
    expect(system.gateway.store.kind).to.equal(storeKind);
    const run = await system.gateway.runNow(RECONCILE_JOB, { checkDate: CHECK_DATE });
    expect(run.outcome, run.error).to.equal('ok');
    expect(expected).to.have.length(INJECTIONS.length + COLLECTING.length);
    expect(sorted(await reported())).to.deep.equal(sorted(expected));
    expect(run.counts).to.include({
      provinces: 3,
      differences: expected.length,
      HQ_ONLY: 1,
      PROVINCE_ONLY: 1,
      AMOUNT_MISMATCH: 1,
      STATE_MISMATCH: 2,
      PENDING_RESOLVED: 3,
    });
    expect((await checkDateStates(system.gateway.store, [CHECK_DATE])).get(CHECK_DATE)).to.equal('reconciled');
  });

  it('delivers 7.2.2 in bounded batches and 7.2.3 to the provinces concerned, which the mock provinces file and recognise', async () => {
    const files = (await (await fetch(`${system.mockUrl}/deliveries?interface=7.2.2`)).json()) as Array<{
      province: string;
      body: { BatchNo: number; BatchCount: number; RecordCount: number };
    }>;
    expect(files.length).to.be.greaterThan(0);
    for (const file of files) expect(file.body.RecordCount).to.be.at.most(4);
    const results = (await (await fetch(`${system.mockUrl}/deliveries?interface=7.2.3`)).json()) as Array<{ province: string }>;
    expect(results.map((r) => r.province)).to.include.members(COLLECTING);
    const states = [];
    for await (const doc of system.gateway.store.documents.stream({ kind: 'delivery' }))
      states.push(
        `${doc.key.split('|')[0]} ${doc.state} ${JSON.stringify((doc.data.answer as { body?: { RecordCount?: number } })?.body?.RecordCount ?? '-')}`,
      );
    // Every home province recognised every record of its file: HQ's payments are what it applied.
    expect(
      states.filter((s) => s.startsWith('7.2.2')).every((s) => s === '7.2.2 accepted 0'),
      states.join('\n'),
    ).to.equal(true);
    expect(
      states.filter((s) => s.startsWith('7.2.3')).every((s) => s.startsWith('7.2.3 accepted')),
      states.join('\n'),
    ).to.equal(true);
  });

  it('runs again without double effects: the same results, nothing delivered twice', async () => {
    const before = (await (await fetch(`${system.mockUrl}/deliveries`)).json()) as unknown[];
    const again = await system.gateway.runNow(RECONCILE_JOB, { checkDate: CHECK_DATE });
    expect(again.outcome).to.equal('ok');
    expect(again.counts['7.2.2.already']).to.be.greaterThan(0);
    expect(Object.keys(again.counts).filter((k) => /^7\.2\.[23]\.(accepted|refused|failed)$/.test(k))).to.deep.equal([]);
    expect((await (await fetch(`${system.mockUrl}/deliveries`)).json()) as unknown[]).to.have.length(before.length);
    expect(sorted(await reported())).to.deep.equal(sorted(expected));
  });

  it('marks the date stale when a batch arrives after the run, and the next run reconciles it again', async () => {
    const late = new SimulatedProvince('13', system.gatewayUrl, ContractCatalogue.load(), now);
    const body = { CheckDate: CHECK_DATE, CollectProvince: '13' as const, BatchNo: 1, BatchCount: 1, RecordCount: 0, TotalAmount: 0 };
    expect((await late.call('7.2.1', 'UploadPayDetail', body, { type: '00', value: '13' })).rspCode).to.equal('0000');
    expect((await checkDateStates(system.gateway.store, [CHECK_DATE])).get(CHECK_DATE)).to.equal('stale');
    expect((await system.gateway.runNow(RECONCILE_JOB, { checkDate: CHECK_DATE })).counts).to.include({ provinces: 4 });
    expect((await checkDateStates(system.gateway.store, [CHECK_DATE])).get(CHECK_DATE)).to.equal('reconciled');
  });
}
