/**
 * Prometheus metrics of one gateway, driven by the exchange records every layer already
 * emits (one per exchange, in and out) plus a few values read at scrape time: the journal
 * writer's queue, and the gauges the families declare (read from the store, say).
 *
 * Each gateway has its own Registry rather than prom-client's global one, so several
 * gateways in one process (the test suite) never clash over metric names.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ExchangeRecord } from '../journal/exchange-record';
import { JournalWriter } from '../store/journal-writer';
import { faultLabelOf, labelsOf, provinceErrorKind } from './labels';

/** A value read when Prometheus scrapes, declared by a family; NaN when it cannot be read in time. */
export interface ScrapeGauge {
  name: string;
  help: string;
  read(): Promise<number>;
}

export interface MetricsSources {
  journal: Pick<JournalWriter, 'queued' | 'dropped' | 'written'>;
  gauges?: readonly ScrapeGauge[];
}

export interface MetricsOptions {
  /** process_* and nodejs_* metrics (CPU, memory, event loop); on by default. */
  defaultMetrics?: boolean;
  /** A scrape never waits longer than this for a gauge's value (the store's answer, say). */
  storeTimeoutMs?: number;
}

// Inbound answers range from a rejected envelope (sub-millisecond) to a call waiting on a
// slow province (seconds); province calls from a LAN hop to a PROVINCE_TIMEOUT_MS timeout.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'interface' | 'rsp_code' | 'province'>;
  private readonly faults: Counter<'interface' | 'fault'>;
  private readonly requestSeconds: Histogram<'interface'>;
  private readonly provinceSeconds: Histogram<'province'>;
  private readonly provinceErrors: Counter<'province' | 'kind'>;
  private readonly storeTimeoutMs: number;

  constructor(sources: MetricsSources, options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'ucrm_requests_total',
      help: 'Requests provinces sent to HQ, by interface, RspCode answered and home province',
      labelNames: ['interface', 'rsp_code', 'province'],
      registers,
    });
    this.faults = new Counter({
      name: 'ucrm_faults_total',
      help: 'Requests to HQ answered with a SOAP fault or refused before one could be spoken, by interface and fault',
      labelNames: ['interface', 'fault'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'ucrm_request_duration_seconds',
      help: 'Time HQ took to answer a province, by interface',
      labelNames: ['interface'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.provinceSeconds = new Histogram({
      name: 'ucrm_province_call_duration_seconds',
      help: 'Time a call from HQ to a province took, by province',
      labelNames: ['province'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.provinceErrors = new Counter({
      name: 'ucrm_province_call_errors_total',
      help: 'Calls from HQ to a province that failed: unavailable (nothing applied) or outcome_unknown (may have been applied)',
      labelNames: ['province', 'kind'],
      registers,
    });
    this.storeTimeoutMs = options.storeTimeoutMs ?? 2000;
    this.scrapeTimeGauges(sources);
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** The exchange observer: counts one record. Never throws into the request path. */
  readonly observe = (record: ExchangeRecord): void => {
    try {
      if (record.direction === 'inbound') this.countInbound(record);
      else this.countOutbound(record);
    } catch {
      // A metric is not worth failing an exchange for.
    }
  };

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.source ? this.source() : this.registry.metrics();
  }

  /** Serves `source` instead of this registry alone: with WORKERS, every worker's metrics, collected by the primary (workers.ts). */
  aggregateWith(source: () => Promise<string>): void {
    this.source = source;
  }

  private source: (() => Promise<string>) | undefined;

  /** GET /metrics, for any node HTTP framework. */
  readonly serve = (_req: IncomingMessage, res: ServerResponse): void => {
    this.text().then(
      (text) => res.writeHead(200, { 'content-type': this.contentType }).end(text),
      (error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${String(error)}\n`),
    );
  };

  private countInbound(record: ExchangeRecord): void {
    const { iface, rspCode, province } = labelsOf(record);
    this.series.of(this.requests, `${iface}|${rspCode}|${province}`, { interface: iface, rsp_code: rspCode, province }).inc();
    if (record.fault) this.faults.inc({ interface: iface, fault: faultLabelOf(record) });
    this.series.of(this.requestSeconds, iface, { interface: iface }).observe(record.durationMs / 1000);
  }

  private countOutbound(record: ExchangeRecord): void {
    const { province } = labelsOf(record);
    this.series.of(this.provinceSeconds, province, { province }).observe(record.durationMs / 1000);
    const kind = provinceErrorKind(record);
    if (kind) this.provinceErrors.inc({ province, kind });
  }

  private readonly series = new LabelledSeries();

  /** A family's gauge, read at each scrape (at most storeTimeoutMs). */
  addGauge(gauge: ScrapeGauge): void {
    const timeoutMs = this.storeTimeoutMs;
    new Gauge({
      name: gauge.name,
      help: gauge.help,
      registers: [this.registry],
      async collect() {
        try {
          this.set(await withTimeout(gauge.read(), timeoutMs));
        } catch {
          // The scrape must still answer when the database does not; NaN says "unknown", not 0.
          this.set(Number.NaN);
        }
      },
    });
  }

  /** Values that live elsewhere, read when Prometheus scrapes. */
  private scrapeTimeGauges(sources: MetricsSources): void {
    const registers = [this.registry];
    for (const gauge of sources.gauges ?? []) this.addGauge(gauge);
    new Gauge({
      name: 'ucrm_journal_queue_depth',
      help: 'Journal entries waiting to be written',
      registers,
      collect() {
        this.set(sources.journal.queued);
      },
    });
    monotonic(
      'ucrm_journal_dropped_total',
      'Journal entries dropped because the queue was full (the database was away too long)',
      () => sources.journal.dropped,
      registers,
    );
    monotonic('ucrm_journal_written_total', 'Journal entries written to the store', () => sources.journal.written, registers);
  }
}

/**
 * The labelled child of a metric, looked up once per label set: prom-client hashes a label
 * object (sorting its keys) on every inc/observe, which is measurable on the request path.
 * Label values are bounded (labels.ts), so the cache is too.
 */
class LabelledSeries {
  private readonly children = new Map<object, Map<string, unknown>>();

  of<T extends string, C>(metric: { labels(labels: Partial<Record<T, string>>): C }, key: string, labels: Partial<Record<T, string>>): C {
    let byKey = this.children.get(metric);
    if (!byKey) this.children.set(metric, (byKey = new Map()));
    let child = byKey.get(key) as C | undefined;
    if (child === undefined) byKey.set(key, (child = metric.labels(labels)));
    return child;
  }
}

/** A counter mirroring a running total kept elsewhere (a Counter cannot be set, only increased). */
function monotonic(name: string, help: string, read: () => number, registers: Registry[]): void {
  let seen = 0;
  new Counter({
    name,
    help,
    registers,
    collect() {
      const now = read();
      if (now > seen) this.inc(now - seen);
      seen = now;
    },
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
