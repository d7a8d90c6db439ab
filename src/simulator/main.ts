/**
 * `npm run simulate`: a day you can watch. Starts a gateway (memory store, or MongoDB when
 * MONGODB_URI is set) and the mock provinces in this process on free ports, with the
 * gateway's clock at yesterday 09:00 CST running forward; plays the day of a few collecting
 * provinces through SOAP; jumps to 02:00 today and uploads their 7.2.1 batches with
 * discrepancies injected; reconciles yesterday and prints each province's result beside what
 * was injected. The mocks cannot be asked to answer late from here, so this day has no
 * timeouts (the e2e test, which holds the mocks, has them).
 *
 *   npm run simulate -- [--provinces 11,31,51] [--payments 20] [--batch 10]
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadConfig } from '../config';
import { ContractCatalogue } from '../contract/catalogue';
import { cstDate } from '../domain/cst-time';
import { NumberSegmentTable } from '../domain/number-segments';
import { FAMILIES, recordKindsOf } from '../families';
import { RECONCILE_JOB } from '../families/reconciliation';
import { daysBefore } from '../families/reconciliation/upload-rules';
import { createGateway } from '../gateway';
import { createLogger } from '../logging/logger';
import { loadMockProvinces } from '../mock-provinces-module';
import { createStore } from '../store/create-store';
import { Account, Injection, runDayTraffic, uploadDay } from './day';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function main(): Promise<void> {
  const collecting = option('provinces', '11,31,51').split(',');
  const today = cstDate();
  const checkDate = daysBefore(today, 1);
  let offset = Date.parse(`${checkDate.slice(0, 4)}-${checkDate.slice(4, 6)}-${checkDate.slice(6)}T09:00:00+08:00`) - Date.now();
  const now = () => Date.now() + offset;
  const contracts = ContractCatalogue.load();
  const segments = NumberSegmentTable.fromCsvFile();
  const mocksServer = createServer(loadMockProvinces().startMockProvinces({ contracts, segments }).app);
  const mockUrl = await listen(mocksServer);
  const config = loadConfig(
    { ...process.env, PORT: '0', START_MOCKS: 'false', LOG_LEVEL: 'warn', PROVINCE_URL_TEMPLATE: `${mockUrl}/province/{code}` },
    FAMILIES,
  );
  const store = await createStore(config.mongodbUri, recordKindsOf(FAMILIES));
  const gateway = createGateway(config, createLogger('warn'), { contracts, segments, store, now });
  await gateway.start();
  const gatewayServer = createServer(gateway.app);
  const gatewayUrl = await listen(gatewayServer);
  try {
    const accounts = (await (await fetch(`${mockUrl}/accounts`)).json()) as Account[];
    console.log(`day ${checkDate}: provinces ${collecting.join(', ')} collect through ${gatewayUrl}`);
    const books = await runDayTraffic({ gatewayUrl, collecting, paymentsPerProvince: Number(option('payments', '20')), accounts, now });
    for (const b of books) console.log(`  province ${b.province} booked ${b.records.length} records`);
    offset = Date.parse(`${today.slice(0, 4)}-${today.slice(4, 6)}-${today.slice(6)}T02:00:00+08:00`) - Date.now();
    const kinds: Injection['kind'][] = ['drop', 'amount', 'phantom', 'reverse-only-province', 'drop-reversal'];
    const injections = collecting.map((province, i) => ({ province, kind: kinds[i % kinds.length] }));
    const { expected, answers } = await uploadDay({ gatewayUrl, checkDate, books, injections, batchRecords: Number(option('batch', '10')), now });
    console.log(`uploaded ${answers.length} batches: ${answers.join(' ')}`);
    const run = await gateway.runNow(RECONCILE_JOB, { checkDate });
    console.log(`reconciliation run ${run.runId}: ${run.outcome} ${JSON.stringify(run.counts)}`);
    for (const province of collecting) {
      const result = (await (await fetch(`${gatewayUrl}/admin/reconciliation/${checkDate}/${province}`)).json()) as {
        matched: { count: number };
        differences: Array<{ kind: string; transIdO: string }>;
      };
      console.log(
        `  province ${province}: ${result.matched.count} matched; differences: ${result.differences.map((d) => `${d.kind} ${d.transIdO}`).join(', ') || 'none'}`,
      );
      console.log(
        `    injected: ${expected
          .filter((e) => e.province === province)
          .map((e) => `${e.kind} ${e.transIdO}`)
          .join(', ')}`,
      );
    }
  } finally {
    await gateway.close();
    await new Promise((resolve) => gatewayServer.close(resolve));
    await new Promise((resolve) => mocksServer.close(resolve));
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
