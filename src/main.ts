/**
 * `npm start`: the gateway (PORT) and, unless START_MOCKS=false, the mock provinces
 * (MOCK_PORT) it is wired to. Works on a bare machine: without MONGODB_URI the store is in
 * memory (and says so). A port already taken (PORT, MOCK_PORT) stops the start before anything
 * has started, with one line naming the variable and exit code 2, like a configuration mistake.
 *
 * SIGTERM or SIGINT stops it through the gateway's lifecycle (lifecycle.ts): /ready turns
 * 503, no new connections, requests in flight and job runs finish (at most
 * SHUTDOWN_GRACE_MS), then the journal is flushed, province connections close, the mocks
 * and the store close, and the process exits 0. A second signal is not caught: it ends
 * the process at once.
 *
 * Before it issues a TransIDH the instance claims its INSTANCE_ID in the store
 * (instance-claim.ts): a second live gateway with the same id stops here, exit 2. With
 * WORKERS=n this process is the primary of n workers on the same port (workers.ts).
 */
import { AddressInfo } from 'node:net';
import { ConfigError, GatewayConfig, loadConfig } from './config';
import { ContractCatalogue } from './contract/catalogue';
import { NumberSegmentTable } from './domain/number-segments';
import { FAMILIES, recordKindsOf } from './families';
import { createGateway, Gateway } from './gateway';
import { createLogger, Logger } from './logging/logger';
import { createStore } from './store/create-store';
import { Store, StoreUnavailableError } from './store/ports';
import { HttpServer, HttpServerOptions } from './transport/http-server';
import { checkPortsFree, listenProblem, NamedPort, StartError } from './transport/ports';
import { loadMockProvinces } from './mock-provinces-module';
import { AdminResourceFactory } from './admin/operation';
import { ExchangeRecord } from './journal/exchange-record';
import { InstanceClaim } from './instance-claim';
import { aggregatedMetrics, runPrimary } from './workers';
import cluster from 'node:cluster';

interface Running {
  config: GatewayConfig;
  logger: Logger;
  gateway: Gateway;
  server: HttpServer;
  mocks?: HttpServer;
  store: Store;
  claim: InstanceClaim;
  drained: { abandoned: number };
}

/**
 * After the grace period, exchanges whose clients were cut may still wait on a province (at
 * most its timeout); closing the journal, store and pools then gets this long on top before
 * the process gives up on them.
 */
const CLOSE_MARGIN_MS = 10_000;

async function main(): Promise<void> {
  const config = configOrExit();
  const gatewayPort: NamedPort = { variable: 'PORT', port: config.port };
  const mockPort: NamedPort = { variable: 'MOCK_PORT', port: config.mockPort };
  // Before anything starts: the jobs and the store start before the gateway listens. A
  // worker listens through the primary, which has checked.
  if (!cluster.isWorker) await checkPortsFree(config.startMocks ? [gatewayPort, mockPort] : [gatewayPort], config.host);
  const logger = createLogger(config.logLevel);
  const started = Date.now();
  const contracts = ContractCatalogue.load();
  const segments = NumberSegmentTable.fromCsvFile();
  const serverOptions: HttpServerOptions = { ...config.server };

  let mocks: HttpServer | undefined;
  let mockAdmin: AdminResourceFactory[] = [];
  let scopeOfSender: ((msgSender: string) => string | undefined) | undefined;
  // The mocks start first; their exchanges go to the gateway's journal once it exists.
  const journaled: { gateway?: Gateway } = {};
  if (config.startMocks) {
    const observe = (record: ExchangeRecord) => journaled.gateway?.journalExchange(record);
    const provinces = loadMockProvinces().startMockProvinces({ contracts, segments, publicUrl: config.mockPublicUrl, observe });
    mockAdmin = provinces.adminResources ?? [];
    scopeOfSender = provinces.scopeOfSender;
    mocks = new HttpServer(provinces.app, serverOptions);
    const { port } = await listenOn(mocks, mockPort, config.host);
    logger.info('mock provinces listening', { port, provinces: provinces.provinces });
  }
  if (config.workers > 1 && cluster.isPrimary) {
    runPrimary({ config, logger, mocks });
    return;
  }
  const store = await storeOrExplain(config.mongodbUri);
  // Before a TransIDH is issued: this instance's id must be its own (instance-claim.ts).
  const live: { running?: Running } = {}; // for onLost, which may come before everything has started
  const claim = await InstanceClaim.take(store.leases, {
    instanceId: config.instanceId,
    ttlMs: config.jobs.leaseTtlMs,
    logger,
    onLost: (reason) => {
      logger.error('instance id lost: stopping', { reason });
      const stopped = live.running ? stop(live.running, 'instance id lost') : Promise.resolve();
      void stopped.finally(() => process.exit(1));
    },
  });
  const gateway = createGateway(config, logger, { contracts, segments, store, adminResources: mockAdmin, scopeOfSender });
  journaled.gateway = gateway;
  if (cluster.isWorker) gateway.metrics.aggregateWith(aggregatedMetrics(gateway.metrics.registry, config.instanceId));
  const server = new HttpServer(gateway.app, { ...serverOptions, observe: gateway.observe });
  const { port } = await listenOn(server, gatewayPort, config.host);
  const running: Running = { config, logger, gateway, server, mocks, store, claim, drained: { abandoned: 0 } };
  live.running = running;
  addStopHooks(running);
  const starting = gateway.start();
  // Before "gateway listening" is said: a supervisor may send SIGTERM the moment it reads it.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      starting
        .catch(() => undefined)
        .then(() => stop(running, signal))
        .then(
          () => process.exit(0),
          (error) => {
            logger.error('stop failed', { error: String((error as Error)?.stack ?? error) });
            process.exit(1);
          },
        );
    });
  }
  logger.info('gateway listening', {
    port,
    interfaces: contracts.contracts.length,
    store: store.persistent ? store.kind : `${store.kind} (not persisted)`,
    ...config.server,
    startupMs: Date.now() - started,
  });
  await starting;
}

function configOrExit(): GatewayConfig {
  try {
    return loadConfig(process.env, FAMILIES); // the families' settings checked with the rest
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

/** listen(), with a port lost since checkPortsFree() reported as a StartError naming its variable. */
async function listenOn(server: HttpServer, named: NamedPort, host: string): Promise<AddressInfo> {
  try {
    return await server.listen(named.port, host);
  } catch (error) {
    const problem = listenProblem(error, named, host);
    throw problem ? new StartError(problem) : error;
  }
}

/** An unreachable database at start is the operator's to fix, not a bug: one line, no stack trace. */
async function storeOrExplain(mongodbUri: string | undefined): Promise<Store> {
  try {
    return await createStore(mongodbUri, recordKindsOf(FAMILIES));
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    throw new StartError(`ucrm: ${error.message} (MONGODB_URI); start MongoDB there, or unset MONGODB_URI for the in-memory store`, 1);
  }
}

/** main.ts's own parts in the gateway's lifecycle: the HTTP server drains with the rest; the mocks and the store close last. */
function addStopHooks({ logger, gateway, server, mocks, store, claim, drained }: Running): void {
  gateway.lifecycle.onDrain('http server', async (graceMs) => {
    drained.abandoned = (await server.drain(graceMs)).abandoned;
    if (drained.abandoned) logger.warn('grace period over: requests still in flight were cut', { abandoned: drained.abandoned });
  });
  if (mocks) gateway.lifecycle.onClose('mock provinces', async () => void (await mocks.drain(1000)));
  // After the journal and the exchanges in flight, which carry this instance's TransIDHs.
  gateway.lifecycle.onClose('instance claim', () => claim.release());
  gateway.lifecycle.onClose('store', () => store.close());
}

async function stop({ config, logger, gateway, server, drained }: Running, signal: string): Promise<void> {
  const graceMs = config.server.shutdownGraceMs;
  logger.info('stopping', { signal, inFlight: server.inFlightCount, graceMs });
  // Nothing below may hang the exit for ever: a store that stopped answering, say.
  const deadlineMs = graceMs + Math.max(...gateway.registry.all().map((p) => p.timeoutMs)) + CLOSE_MARGIN_MS;
  setTimeout(() => {
    logger.error('stop did not finish in time, exiting anyway', { deadlineMs });
    process.exit(1);
  }, deadlineMs).unref();

  await gateway.lifecycle.stop();
  logger.info('stopped', { signal, journalWritten: gateway.journal.written, journalQueued: gateway.journal.queued, abandoned: drained.abandoned });
}

main().catch((error) => {
  // The operator's to fix, not a bug: the message alone (PROVINCES_FILE and WSSE_MODE are checked while the gateway is built).
  if (error instanceof StartError || error instanceof ConfigError) {
    console.error(error.message);
    process.exit(error instanceof StartError ? error.exitCode : 2);
  }
  console.error(error);
  process.exit(1);
});
