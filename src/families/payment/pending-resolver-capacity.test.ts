/**
 * The resolver's per-province bound as it chooses what is due (a province whose sends are all
 * taken is left out of the query, so its other due payments do not fill the batch), and the
 * log lines an operator acts on: a re-send that threw, a record left for reconciliation.
 * The resolver is driven directly, with a logger that keeps what it was told.
 */
import { expect } from 'chai';
import { ServerResponse } from 'node:http';
import { TransIdHGenerator } from '../../domain/message-head';
import { Logger } from '../../logging/logger';
import { until } from '../../../test/jobs/job-support';
import { MemoryPayments } from './memory-payments';
import { PaymentDeps } from './payment-deps';
import { PaymentRepository } from './payment-port';
import { PendingResolver } from './pending-resolver';
import { DEAD, HEALTHY, pendingRecords, resolverSettings, withMockProvinces } from './resolver-test-provinces';

const settingsWith = (resolverProvinceConcurrency: number) => resolverSettings({ resolverIntervalMs: 20, resolverMaxAttempts: 3, resolverProvinceConcurrency });

/** A payment whose first send timed out, due since a minute ago + `order` (lower is due first). */
const pending = pendingRecords(new TransIdHGenerator('02'), () => Date.now() - 60_000);

/** A logger that keeps every line it is given (only what the resolver calls). */
function keepingLogger(): { logger: Logger; lines: Array<{ level: string; message: string; meta: Record<string, unknown> }> } {
  const lines: Array<{ level: string; message: string; meta: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, meta: Record<string, unknown>) => void lines.push({ level, message, meta });
  return { logger: { error: at('error'), info: at('info'), warn: at('warn') } as unknown as Logger, lines };
}

/** The resolver wired to the mock provinces, with DEAD a province that takes every request and never answers. */
const withProvinces = (
  perProvince: number,
  batchSize: number,
  work: (r: { resolver: PendingResolver; held: ServerResponse[]; payments: PaymentRepository; healthyNumber: string }) => Promise<void>,
): Promise<void> =>
  withMockProvinces(settingsWith(perProvince), ({ deps, held, payments, healthyNumber }) =>
    work({ resolver: new PendingResolver(deps, keepingLogger().logger, batchSize), held, payments, healthyNumber }),
  );

describe('payments resolver: choosing what is due within the per-province bound', function () {
  this.timeout(30_000);
  /** Starts a pass; `end` stops it taking more and breaks off the sends held at DEAD, then waits for it. */
  const passOf = (resolver: PendingResolver, held: ServerResponse[]) => {
    const stop = new AbortController();
    const running = resolver.pass({ count: () => undefined, signal: stop.signal });
    return async () => {
      stop.abort();
      held.splice(0).forEach((res) => res.destroy());
      await running;
    };
  };

  it('a province with all its sends taken is left out of the query, so its other due payments do not crowd out another province in a small batch', async () => {
    await withProvinces(2, 2, async ({ resolver, held, payments, healthyNumber }) => {
      for (let i = 0; i < 6; i++) await payments.insertIfAbsent(pending(DEAD, '13089000001', i));
      const waiting = pending(HEALTHY, healthyNumber, 100);
      await payments.insertIfAbsent(waiting);
      const end = passOf(resolver, held);
      await until(async () => (await payments.byTransIdH(waiting.transIdH))?.state === 'SUCCESS', 5000, `the payment of ${HEALTHY} to be settled`);
      await until(() => held.length === 2, 5000, `the bound of sends in flight to ${DEAD}`);
      await end();
    });
  });

  it('a province with fewer sends in flight than its bound gets another due payment sent meanwhile', async () => {
    await withProvinces(2, 1, async ({ resolver, held, payments }) => {
      for (let i = 0; i < 3; i++) await payments.insertIfAbsent(pending(DEAD, '13089000001', i));
      const end = passOf(resolver, held);
      await until(() => held.length === 2, 5000, `two sends in flight to ${DEAD}`);
      await end();
    });
  });
});

describe('payments resolver: what it logs for the operator', () => {
  const deps = (payments: PaymentRepository): PaymentDeps => ({ payments, settings: settingsWith(4) }) as unknown as PaymentDeps;

  it('a record that has had resolverMaxAttempts sends is logged as left for reconciliation with its TransIDH, state and attempts', async () => {
    const payments = new MemoryPayments(100);
    const p = pending(DEAD, '13089000001', 0, { state: 'REVERSING', attempts: 3 });
    await payments.insertIfAbsent(p);
    const { logger, lines } = keepingLogger();
    await new PendingResolver(deps(payments), logger, 10).pass({ count: () => undefined });
    const line = lines.find((l) => l.level === 'error');
    expect(line?.message).to.contain('reconciliation');
    expect(line?.meta).to.deep.equal({ TransIDH: p.transIdH, state: 'REVERSING', attempts: 3 });
  });

  it('a re-send that throws is logged once, with its TransIDH and the error', async () => {
    const inner = new MemoryPayments(100);
    const p = pending(DEAD, '13089000001', 0);
    await inner.insertIfAbsent(p);
    // The claim's update throws; the record is found due once only, so the pass ends.
    let looked = false;
    const broken = Object.assign(Object.create(inner) as PaymentRepository, {
      transition: () => Promise.reject(new Error('the store went away')),
      due: (...args: Parameters<PaymentRepository['due']>) => (looked ? Promise.resolve([]) : ((looked = true), inner.due(...args))),
    });
    const { logger, lines } = keepingLogger();
    await new PendingResolver(deps(broken), logger, 10).pass({ count: () => undefined });
    const line = lines.find((l) => l.level === 'error');
    expect(line?.message).to.contain('re-send');
    expect(line?.meta).to.deep.equal({ TransIDH: p.transIdH, error: 'Error: the store went away' });
    expect(
      lines.filter((l) => l.level === 'error'),
      'logged once',
    ).to.have.length(1);
  });
});
