/**
 * WORKERS=n: n gateway processes on one host (node:cluster), one port. The primary forks the
 * workers, serves the mock provinces if START_MOCKS asks (once, not per worker), replaces a
 * worker that died, answers the workers' requests for the aggregated metrics, and on SIGTERM
 * stops them all through their own drain. It issues no TransIDH and serves no request.
 *
 * Worker k (0-based) runs as INSTANCE_ID + k in base 36 (INSTANCE_ID=A0, WORKERS=3: A0, A1,
 * A2), so each worker holds an id of its own and claims it in the store like any instance
 * (instance-claim.ts); give each host its own range. A replaced worker gets the id of the one
 * it replaces, which it takes over at once (the dead holder ran on this host).
 *
 * /metrics on any worker answers for all of them: the worker asks the primary, the primary
 * collects every worker's registry (prom-client's AggregatorRegistry) and every series
 * carries an `ucrm_instance` label, so nothing is summed across workers by accident.
 */
import cluster, { Worker } from 'node:cluster';
import { AggregatorRegistry, Registry } from 'prom-client';
import { GatewayConfig } from './config';
import { Logger } from './logging/logger';
import { HttpServer } from './transport/http-server';
import { StartError } from './transport/ports';

/** The label that tells the workers' series apart on the one /metrics. */
export const INSTANCE_LABEL = 'ucrm_instance';
const METRICS_REQUEST = 'ucrm:metrics-request';
const METRICS_ANSWER = 'ucrm:metrics-answer';

/** Worker k's INSTANCE_ID: the configured one plus k, in base 36 (two characters). */
export function workerInstanceId(base: string, index: number): string {
  const value = parseInt(base, 36) + index;
  if (value >= 36 * 36)
    throw new StartError(`ucrm: INSTANCE_ID=${base} leaves no room for worker ${index + 1} (WORKERS counts up from INSTANCE_ID in base 36, to ZZ)`);
  return value.toString(36).toUpperCase().padStart(2, '0');
}

export interface PrimaryParts {
  config: GatewayConfig;
  logger: Logger;
  /** The mock provinces' server, already listening, when START_MOCKS asked for them. */
  mocks?: HttpServer;
}

/** Runs the primary: forks config.workers workers and supervises them until a signal stops them. */
export function runPrimary({ config, logger, mocks }: PrimaryParts): void {
  const ids = Array.from({ length: config.workers }, (_, k) => workerInstanceId(config.instanceId, k));
  const aggregator = new AggregatorRegistry();
  const forkedAt = new Map<Worker, number>();
  const listening = new Set<number>();
  const served = new WeakSet<Worker>();
  let stopping = false;
  const fork = (index: number) => {
    // The primary serves the mocks: the workers must not try to.
    const worker = cluster.fork({ INSTANCE_ID: ids[index], WORKER_INDEX: String(index), START_MOCKS: 'false' });
    forkedAt.set(worker, Date.now());
    worker.on('message', (message: { type?: string; id?: number }) => {
      if (message?.type !== METRICS_REQUEST) return;
      aggregator.clusterMetrics().then(
        (text) => worker.isConnected() && worker.send({ type: METRICS_ANSWER, id: message.id, text }),
        (error: Error) => worker.isConnected() && worker.send({ type: METRICS_ANSWER, id: message.id, error: error.message }),
      );
    });
    worker.on('listening', (address) => {
      served.add(worker);
      listening.add(index);
      if (listening.size === ids.length) logger.info('workers listening', { port: address.port, workers: ids });
    });
    worker.on('exit', (code, signal) => {
      const life = Date.now() - (forkedAt.get(worker) ?? 0);
      forkedAt.delete(worker);
      if (stopping) return;
      logger.error('worker died', { instanceId: ids[index], code, signal, lifeMs: life });
      if (!served.has(worker)) {
        // A worker that could not start (its id held elsewhere, say) would only fail again: the operator's to fix.
        logger.error('worker died right after it started: stopping', { instanceId: ids[index] });
        void stopAll('worker failed to start', code === 2 ? 2 : 1);
        return;
      }
      fork(index);
    });
  };
  const stopAll = async (why: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping workers', { why, workers: Object.keys(cluster.workers ?? {}).length });
    const deadline = config.server.shutdownGraceMs + config.provinceTimeoutMs + 15_000;
    const killer = setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
    }, deadline).unref();
    const exits = Object.values(cluster.workers ?? {}).map((w) => new Promise<number>((done) => w!.once('exit', (code) => done(code ?? 1))));
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    const codes = await Promise.all(exits);
    clearTimeout(killer);
    if (mocks) await mocks.drain(1000);
    logger.info('stopped', { why, workerExitCodes: codes });
    process.exit(exitCode || (codes.every((c) => c === 0) ? 0 : 1));
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stopAll(signal, 0));
  logger.info('starting workers', { workers: ids });
  ids.forEach((_, index) => fork(index));
}

/** In a worker: this gateway's registry is what the primary collects, and /metrics answers with every worker's. */
export function aggregatedMetrics(registry: Registry, instanceId: string): () => Promise<string> {
  registry.setDefaultLabels({ [INSTANCE_LABEL]: instanceId });
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry(); // installs the worker's side of the collection (idempotent)
  let next = 0;
  const waiting = new Map<number, { done: (text: string) => void; fail: (error: Error) => void }>();
  process.on('message', (message: { type?: string; id?: number; text?: string; error?: string }) => {
    if (message?.type !== METRICS_ANSWER || message.id === undefined) return;
    const waiter = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) waiter?.fail(new Error(message.error));
    else waiter?.done(message.text ?? '');
  });
  return () =>
    new Promise((done, fail) => {
      const id = next++;
      waiting.set(id, { done, fail });
      // The primary answers within its collection's own timeout, or with an error; if it is gone, so is this worker soon.
      if (!process.send?.({ type: METRICS_REQUEST, id })) {
        waiting.delete(id);
        fail(new Error('the primary process cannot be reached'));
      }
    });
}
