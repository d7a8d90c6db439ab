/**
 * GET /ready: can this gateway serve? Its store must answer a ping, and the province
 * endpoints must be reachable (a TCP connect to each distinct origin, so 31 provinces behind
 * one host cost one probe). READY_PROVINCES chooses how many must be: all (the default),
 * any — for a fleet where one province's outage should not take every gateway out of the
 * load balancer, since requests to the others would then fail too — or none.
 *
 * Probes are shared and reused for cacheMs, so a busy prober cannot turn /ready into load
 * on the database or the provinces. Once stopping, the answer is 503 at once.
 * GET /health stays what it was: the process is up.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { ReadyProvinces } from '../config';
import { ProvinceRegistry } from '../provinces/province-registry';
import { Store } from '../store/ports';

export interface ReadinessOptions {
  store: Pick<Store, 'kind' | 'ping'>;
  registry: ProvinceRegistry;
  provinces: ReadyProvinces;
  cacheMs: number;
  probeTimeoutMs?: number;
}

export interface OriginState {
  origin: string;
  provinces: string[];
  reachable: boolean;
  error?: string;
}

export interface ReadinessReport {
  status: 'ready' | 'not ready';
  reasons: string[];
  store: { kind: string; ok: boolean; error?: string };
  provinces: OriginState[];
}

export class Readiness {
  private cached: { at: number; report: Promise<ReadinessReport> } | undefined;
  private stopping = false;

  constructor(private readonly options: ReadinessOptions) {}

  /** From now on /ready answers 503: the process is draining and should get no new work. */
  markStopping(): void {
    this.stopping = true;
  }

  check(): Promise<ReadinessReport> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at >= this.options.cacheMs) this.cached = { at: now, report: this.probe() };
    return this.cached.report;
  }

  readonly serve = (_req: IncomingMessage, res: ServerResponse): void => {
    const answer = (report: ReadinessReport) =>
      res
        .writeHead(report.status === 'ready' ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
        .end(JSON.stringify(report));
    if (this.stopping) {
      answer({ status: 'not ready', reasons: ['shutting down'], store: { kind: this.options.store.kind, ok: true }, provinces: [] });
      return;
    }
    this.check().then(answer, (error) =>
      answer({
        status: 'not ready',
        reasons: [`readiness check failed: ${String(error)}`],
        store: { kind: this.options.store.kind, ok: false },
        provinces: [],
      }),
    );
  };

  private async probe(): Promise<ReadinessReport> {
    const timeoutMs = this.options.probeTimeoutMs ?? 2000;
    const [store, provinces] = await Promise.all([this.probeStore(timeoutMs), this.probeProvinces(timeoutMs)]);
    const reasons: string[] = [];
    if (!store.ok) reasons.push(`store (${store.kind}) does not answer: ${store.error}`);
    reasons.push(...this.provinceReasons(provinces));
    return { status: reasons.length ? 'not ready' : 'ready', reasons, store, provinces };
  }

  private async probeStore(timeoutMs: number): Promise<ReadinessReport['store']> {
    const { store } = this.options;
    try {
      await withTimeout(store.ping(), timeoutMs, 'ping');
      return { kind: store.kind, ok: true };
    } catch (error) {
      return { kind: store.kind, ok: false, error: (error as Error).message ?? String(error) };
    }
  }

  private probeProvinces(timeoutMs: number): Promise<OriginState[]> {
    if (this.options.provinces === 'none') return Promise.resolve([]);
    const byOrigin = new Map<string, string[]>();
    for (const p of this.options.registry.all()) {
      const origin = new URL(p.baseUrl).origin;
      byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), p.code]);
    }
    return Promise.all(
      [...byOrigin].map(async ([origin, provinces]) => {
        const error = await tcpProbe(origin, timeoutMs);
        return { origin, provinces, reachable: !error, ...(error ? { error } : {}) };
      }),
    );
  }

  private provinceReasons(origins: OriginState[]): string[] {
    const down = origins.filter((o) => !o.reachable);
    const describe = (o: OriginState) => `province endpoint ${o.origin} (${o.provinces.join(', ')}) unreachable: ${o.error}`;
    if (this.options.provinces === 'all') return down.map(describe);
    if (this.options.provinces === 'any' && origins.length > 0 && down.length === origins.length)
      return ['no province endpoint is reachable', ...down.map(describe)];
    return [];
  }
}

/** Resolves undefined when a TCP connection to the origin opens, or with why it did not. */
function tcpProbe(origin: string, timeoutMs: number): Promise<string | undefined> {
  const url = new URL(origin);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (error?: string) => {
      socket.destroy();
      resolve(error);
    };
    socket.once('connect', () => done());
    socket.once('timeout', () => done(`no connection within ${timeoutMs} ms`));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
