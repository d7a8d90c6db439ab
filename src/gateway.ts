/**
 * The composition root: builds the gateway from its parts (contracts, segment table,
 * province registry and client, the families' handlers, jobs and records, dispatcher,
 * transport) and wires the exchange records to the log. Nothing else in src/ knows how the
 * parts fit together.
 */
import express from 'express';
import { AdminApi, createAdminApi } from './admin/admin-api';
import { AdminResourceFactory } from './admin/operation';
import { ADMIN_RESOURCES } from './admin/resources';
import { ContractCatalogue } from './contract/catalogue';
import { Dispatcher } from './dispatch/dispatcher';
import { Dispatch } from './dispatch/exchange';
import { TransIdHGenerator } from './domain/message-head';
import { NumberSegmentTable } from './domain/number-segments';
import { FAMILIES } from './families';
import { Family, FamilyContext, StartedFamily } from './families/family';
import { checkFamilies, RegisteredFamilies, startFamilies } from './families/registration';
import { coreJobs, JobDefinition, JobDeps, JobParams, JobRuntime } from './jobs';
import { loadJobModules } from './jobs/job-modules';
import { Lifecycle } from './lifecycle';
import { consoleRouter } from './console/console-router';
import { eventStream } from './console/event-stream';
import { LiveExchanges } from './console/live-exchanges';
import { JournalWriter } from './store/journal-writer';
import { createMemoryStore } from './store/memory/memory-store';
import { JobRun, Store, StoreUnavailableError } from './store/ports';
import { ExchangeObserver, ExchangeRecord } from './journal/exchange-record';
import { Logger } from './logging/logger';
import { ProvinceClient } from './provinces/province-client';
import { ProvinceRegistry } from './provinces/province-registry';
import { ConfigError, GatewayConfig, settingsReader } from './config';
import { createSoapApp, withFastPath } from './transport/soap-app';
import { PipelineHooks } from './transport/soap-exchange';
import { IncomingMessage, RequestListener } from 'node:http';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { Readiness } from './transport/readiness';
import { UsernameTokenVerifier } from './wire/security/token-verifier';
import { soapuiProjectRoute } from './soapui/route';
import { NonceRegistry } from './wire/security/nonce-cache';
import { SoapFaultError } from './contract/faults';

export interface Gateway {
  /** The request listener to serve: the SOAP fast path in front of express. */
  app: RequestListener;
  contracts: ContractCatalogue;
  segments: NumberSegmentTable;
  registry: ProvinceRegistry;
  /** Interface numbers that have a handler. */
  implemented: Set<string>;
  store: Store;
  journal: JournalWriter;
  /** HQ-started work: jobs by schedule, on demand, from other jobs; deliveries to provinces. */
  jobs: JobRuntime;
  /** Runs a job now (what an admin endpoint or a CLI calls); resolves with its run record. */
  runNow(name: string, params?: JobParams): Promise<JobRun>;
  /** Start and stop as named hooks; main.ts adds the HTTP server's and the store's. */
  lifecycle: Lifecycle;
  /** Prometheus metrics (GET /metrics), this gateway's own registry. */
  metrics: GatewayMetrics;
  /** JSON under /admin (src/admin/): jobs and runs, described at /admin/openapi.json. */
  admin: AdminApi;
  /** GET /ready; told when the process starts stopping. */
  readiness: Readiness;
  /** Where every exchange record goes (log, journal, metrics, parts.observe). */
  observe: ExchangeObserver;
  /** An exchange of the mock provinces run in this process: into the journal and the console's live view, not the gateway's metrics. */
  journalExchange: ExchangeObserver;
  /** Runs the start hooks: the jobs' schedules are armed. */
  start(): Promise<void>;
  /** Runs the stop: drain hooks (readiness, jobs, what main.ts added), then close hooks. */
  close(): Promise<void>;
}

export interface GatewayParts {
  contracts?: ContractCatalogue;
  segments?: NumberSegmentTable;
  registry?: ProvinceRegistry;
  /** Defaults to the in-memory store. A MongoDB store must have been created with the families' record kinds. */
  store?: Store;
  /** The interface families served; defaults to FAMILIES (src/families/index.ts). */
  families?: readonly Family[];
  /** Tests move time. */
  now?: () => number;
  /** Also told of every exchange (tests use it to look at what was journaled). */
  observe?: ExchangeObserver;
  /** The admin API's view of a request's peer address: tests play a remote client with it. */
  adminRemoteAddress?: (req: IncomingMessage) => string | undefined;
  /** Admin resources besides the core's (the mock module's scenario endpoints, when it is loaded). */
  adminResources?: readonly AdminResourceFactory[];
  /**
   * Mock mode: the test scope a caller's MsgSender names, for a request without X-Ucrm-Scope
   * (the mock module knows which scopes are open). Without it the header alone names scopes.
   */
  scopeOfSender?: (msgSender: string) => string | undefined;
}

/** A validateHead hook giving a request the scope its sender names; none (and no cost) outside mock mode. */
function scopeHooks(scopeOfSender: GatewayParts['scopeOfSender']): PipelineHooks | undefined {
  if (!scopeOfSender) return undefined;
  return {
    validateHead: [
      (x) => {
        x.scope ??= scopeOfSender(x.head.MsgSender);
      },
    ],
  };
}

export function createGateway(config: GatewayConfig, logger: Logger, parts: GatewayParts = {}): Gateway {
  const contracts = parts.contracts ?? ContractCatalogue.load();
  const segments = parts.segments ?? NumberSegmentTable.fromCsvFile();
  const registry = parts.registry ?? registryOf(config);
  checkSecurity(config, registry); // before anything starts: it may refuse the configuration
  const families = parts.families ?? FAMILIES;
  checkFamilies(families, contracts);
  const makers = configureFamilies(config, families);
  const store = parts.store ?? createMemoryStore();
  const security = inboundSecurity(config, registry, store);
  const journal = new JournalWriter(store.journal, {
    durable: new Set(families.flatMap((family) => family.durableJournal)),
    onError: (error, queued) => logger.error('journal write failed, will retry', { error: String(error), queued }),
    onDrop: (dropped, reason) => logger.error('journal queue full, oldest entries dropped', { dropped, reason, droppedInAll: journal.dropped }),
  });
  const metrics = new GatewayMetrics({ journal });
  const live = new LiveExchanges();
  const observe: ExchangeObserver = (record) => {
    logExchange(logger, record);
    const durable = journal.record(record);
    metrics.observe(record);
    live.publish(record);
    parts.observe?.(record);
    return durable;
  };
  const provinces = new ProvinceClient(registry, observe);
  const longestProvinceCallMs = Math.max(...registry.all().map((p) => p.timeoutMs));
  const context: FamilyContext = { contracts, provinces, store, now: parts.now, logger, longestProvinceCallMs };
  const registered = startFamilies(families, makers, context);
  for (const gauge of registered.gauges) metrics.addGauge(gauge);
  const working = new WorkInFlight();
  // One numbering for relayed and HQ-started requests, so two sequences cannot issue the same TransIDH.
  const transIds = new TransIdHGenerator(config.instanceId);
  const dispatcher = new Dispatcher(registered.handlers, segments, transIds);
  const jobs = jobRuntime(config, registered, { contracts, provinces, store, now: parts.now, transIds }, logger, longestProvinceCallMs);
  const soapApp = createSoapApp({
    name: 'ucrm-gateway',
    services: contracts.byDirection('P→H').map((contract) => ({
      path: `/ucrm/${contract.number}`,
      contract,
      dispatch: working.track(dispatcher.forInterface(contract)),
      implemented: dispatcher.isImplemented(contract),
      security,
      hooks: scopeHooks(parts.scopeOfSender),
    })),
    wsdlDir: contracts.wsdlDir,
    observe,
    bodyLimitBytes: config.bodyLimitBytes,
    publicUrl: config.publicUrl,
  });
  const readiness = new Readiness({ store, registry, ...config.readiness });
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metrics.serve);
  app.get('/ready', readiness.serve);
  app.get('/soapui-project.xml', soapuiProjectRoute({ contracts, provinceBaseUrl: (code) => registry.get(code)?.baseUrl, publicUrl: config.publicUrl }));
  // The families' resources and the mock mode's (when the mocks run in this process) beside the core's; the admin API refuses two claiming one route.
  const resources = [...ADMIN_RESOURCES, ...registered.adminResources, ...(parts.adminResources ?? [])];
  const admin = createAdminApi({
    jobs,
    store,
    logger,
    token: config.admin.token,
    remoteAddressOf: parts.adminRemoteAddress,
    resources,
    streams: { '/events': eventStream(live) },
  });
  app.use('/admin', admin.router);
  app.use('/console', consoleRouter(admin.guard));
  app.use(soapApp.app);
  const implemented = new Set(contracts.contracts.filter((c) => dispatcher.isImplemented(c)).map((c) => c.number));
  const lifecycle = new Lifecycle({ graceMs: config.server.shutdownGraceMs, logger });
  addLifecycleHooks(lifecycle, { jobs, readiness, working, journal, provinces, logger }, longestProvinceCallMs);
  lifecycle.onDrain('console streams', () => live.close());
  return {
    app: withFastPath(soapApp.fastPath, app),
    contracts,
    segments,
    registry,
    implemented,
    store,
    journal,
    metrics,
    readiness,
    observe,
    journalExchange: (record) => {
      journal.record(record);
      live.publish(record);
    },
    admin,
    jobs,
    runNow: (name, params) => jobs.runNow(name, params),
    lifecycle,
    start: () => lifecycle.start(),
    close: () => lifecycle.stop(),
  };
}

/** Each family's settings read from the configuration's environment; all their problems reported at once. */
function configureFamilies(config: GatewayConfig, families: readonly Family[]): Array<(context: FamilyContext) => StartedFamily> {
  const problems: string[] = [];
  const reader = settingsReader(config.env, problems);
  const makers = families.map((family) => family.configure(reader));
  if (problems.length) throw new ConfigError(problems);
  return makers;
}

interface Stoppable {
  jobs: JobRuntime;
  readiness: Readiness;
  working: WorkInFlight;
  journal: JournalWriter;
  provinces: ProvinceClient;
  logger: Logger;
}

function addLifecycleHooks(lifecycle: Lifecycle, { jobs, readiness, working, journal, provinces, logger }: Stoppable, longestProvinceCallMs: number): void {
  lifecycle.onStart('jobs', () => jobs.start());
  lifecycle.onDrain('readiness', () => readiness.markStopping());
  lifecycle.onDrain('jobs', (graceMs) => jobs.stop(graceMs));
  // An exchange whose client was cut at the end of the grace period still finishes its
  // province call (bounded by the province timeout, and a margin) and records the outcome and journal entry.
  lifecycle.onClose('exchanges in flight', () => working.settled(longestProvinceCallMs + 1000));
  lifecycle.onClose('journal', () =>
    journal.flush().catch((error) => {
      logger.error('journal not flushed at close', { error: String(error), queued: journal.queued });
    }),
  );
  lifecycle.onClose('province client', () => provinces.close());
}

/** A PROVINCES_FILE that cannot be read or is wrong is a configuration mistake: reported as one (exit 2, no stack trace). */
function registryOf(config: GatewayConfig): ProvinceRegistry {
  if (!config.provincesFile) return ProvinceRegistry.fromTemplate(config.provinceUrlTemplate, config.provinceTimeoutMs);
  try {
    return ProvinceRegistry.fromFile(config.provincesFile, config.provinceTimeoutMs);
  } catch (error) {
    throw new ConfigError([`PROVINCES_FILE="${config.provincesFile}": ${(error as Error).message}`]);
  }
}

/** The jobs runtime with every job registered: the core's, the families', and JOB_MODULES'. */
function jobRuntime(config: GatewayConfig, families: RegisteredFamilies, deps: JobDeps, logger: Logger, longestProvinceCallMs: number): JobRuntime {
  const { deliveries } = config;
  const runtime = new JobRuntime({
    deps,
    logger,
    owner: config.instanceId,
    leaseTtlMs: config.jobs.leaseTtlMs,
    schedules: config.jobs.schedules,
    // A claimed send outlives the longest province call by a wide margin before it counts as lost.
    deliveries: { ...deliveries, claimTimeoutMs: 2 * longestProvinceCallMs + 30_000 },
  });
  const all: JobDefinition[] = [...coreJobs(runtime, deliveries.retryIntervalMs), ...families.jobs, ...loadJobModules(config.jobs.modules, deps)];
  for (const job of all) runtime.register(job);
  return runtime;
}

function checkSecurity(config: GatewayConfig, registry: ProvinceRegistry): void {
  if (config.wsse.mode !== 'off' && !registry.hasCredentials()) {
    throw new ConfigError([`WSSE_MODE=${config.wsse.mode} but no province has a password: give them credentials in PROVINCES_FILE`]);
  }
}

/**
 * Provinces sign in with their registry credentials (WSSE_MODE, WSSE_WINDOW_SECONDS); a nonce
 * is remembered in the store, so on MongoDB it is used once across instances and restarts.
 */
function inboundSecurity(config: GatewayConfig, registry: ProvinceRegistry, store: Store): UsernameTokenVerifier {
  const nonces: NonceRegistry = {
    remember: (username, nonce, expiresAt, now) => {
      const fresh = store.nonces.remember(username, nonce, expiresAt, now);
      if (typeof fresh === 'boolean') return fresh;
      return fresh.catch((error: unknown) => {
        if (error instanceof StoreUnavailableError) throw new SoapFaultError('STORE_UNAVAILABLE', 'the HQ database is unavailable; ask again later');
        throw error;
      });
    },
  };
  return new UsernameTokenVerifier({ ...config.wsse, credentials: (username) => registry.credentialOf(username), nonces });
}

/**
 * Dispatches not yet settled, so close() can wait for them. A count and a waiter rather than a
 * Set of the dispatch promises: that Set, written and cleared for every request, kept whole
 * requests alive into V8's old generation (measured, docs/BENCHMARKS.md).
 */
class WorkInFlight {
  private count = 0;
  private idle: (() => void) | undefined;

  track(dispatch: Dispatch): Dispatch {
    return async (exchange) => {
      this.count++;
      try {
        return await dispatch(exchange);
      } finally {
        if (--this.count === 0) this.idle?.();
      }
    };
  }

  /** Resolves when all of them have settled (and their exchange records are out), or after maxMs. */
  async settled(maxMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    if (this.count > 0) {
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        timer = setTimeout(resolve, maxMs);
      });
    }
    this.idle = undefined;
    clearTimeout(timer);
    await new Promise((resolve) => setImmediate(resolve)); // the endpoint records each exchange right after its dispatch settles
  }
}

export function logExchange(logger: Logger, r: ExchangeRecord): void {
  const level = r.internalError ? 'error' : r.fault ? 'warn' : r.direction === 'outbound' ? 'debug' : 'info';
  // winston filters by level only after a line went through its stream: skip the work up front.
  if (!logger.isLevelEnabled(level)) return;
  const entry = {
    event: 'exchange',
    direction: r.direction,
    interface: r.interfaceNumber,
    operation: r.operation,
    province: r.province,
    TransIDO: r.requestHead?.TransIDO,
    TransIDH: r.transIdH,
    ProcID: r.requestHead?.ProcID,
    RspCode: r.rspCode,
    fault: r.fault?.name,
    reason: r.fault?.reason,
    durationMs: Math.round(r.durationMs * 100) / 100,
  };
  // Every outbound leg is in the journal and the metrics; at info the log carries the inbound
  // exchange only (it names the province and the outcome), which halves the logging per request.
  if (r.internalError) logger.error('exchange failed', { ...entry, error: r.internalError });
  else logger.log(level, 'exchange', entry);
}
