/**
 * Settles payments and reversals whose outcome is unknown (the home province timed out
 * after the request was sent): re-sends the same TransIDH — which a home province must
 * treat as idempotent — with doubling delays until it gives a definite answer. Only a
 * definite answer settles: a refused connection or a fault on a re-send proves nothing
 * about the first send. After `resolverMaxAttempts` sends the record is left for the daily
 * reconciliation (7.x), which classifies it as "pending resolved".
 */
import { JobDefinition, RunContext } from '../../jobs/job';
import { Logger } from '../../logging/logger';
import { PaymentRecord } from './payment-port';
import { PaymentDeps } from './payment-deps';
import { nextAttemptAt, sendPay, sendPayReverse, settledPayment, settledReversal } from './home-province';

export const RESOLVER_JOB = 'payments.resolve-pending';

/**
 * The resolver as a job of the runtime, every RESOLVER_INTERVAL_MS. It takes no lease:
 * each re-send is claimed by attempt count, so instances resolve side by side as before;
 * a pass that found nothing due leaves no run record.
 */
export function pendingResolverJob(deps: PaymentDeps, logger: Logger, batchSize = 50): JobDefinition {
  const resolver = new PendingResolver(deps, logger, batchSize);
  return {
    name: RESOLVER_JOB,
    everyMs: deps.settings.resolverIntervalMs,
    exclusive: false,
    recordIdleRuns: false,
    handler: (run) => resolver.pass(run),
  };
}

/**
 * One pass sends to every province side by side, at most `perProvince` sends to one province
 * at a time, so a province that keeps timing out holds up only its own payments. The pass
 * lasts while sends are in flight and keeps looking for newly due payments every
 * RESOLVER_INTERVAL_MS meanwhile (a new pass would only join this one), skipping the provinces
 * whose sends are all taken.
 */
export class PendingResolver {
  private readonly sending = new Map<string, number>(); // home province → sends in flight
  private readonly busy = new Set<string>(); // TransIDHs being re-sent

  constructor(
    private readonly deps: PaymentDeps,
    private readonly logger: Logger,
    private readonly batchSize: number,
    private readonly perProvince = deps.settings.resolverProvinceConcurrency,
  ) {}

  /** One pass over what is due, counting the re-sends claimed and the records settled or given up. */
  async pass(run: Pick<RunContext, 'count'> & { signal?: AbortSignal }): Promise<void> {
    const running = new Set<Promise<void>>();
    for (;;) {
      if (!run.signal?.aborted) for (const p of await this.dueNow()) running.add(this.start(p, run, running));
      if (running.size === 0) return;
      let tick: NodeJS.Timeout | undefined;
      await Promise.race([...running, new Promise((r) => (tick = setTimeout(r, this.deps.settings.resolverIntervalMs)))]);
      clearTimeout(tick);
    }
  }

  /** What is due now and fits: provinces with all their sends taken are left out of the query. */
  private async dueNow(): Promise<PaymentRecord[]> {
    const now = (this.deps.now ?? Date.now)();
    const full = [...this.sending].filter(([, n]) => n >= this.perProvince).map(([code]) => code);
    const due = await this.deps.payments.due(['PENDING', 'REVERSING'], new Date(now), this.batchSize, full);
    const taken: PaymentRecord[] = [];
    for (const p of due) {
      const sends = this.sending.get(p.homeProvince) ?? 0;
      if (this.busy.has(p.transIdH) || sends >= this.perProvince) continue;
      this.sending.set(p.homeProvince, sends + 1);
      this.busy.add(p.transIdH);
      taken.push(p);
    }
    return taken;
  }

  private start(p: PaymentRecord, run: Pick<RunContext, 'count'>, running: Set<Promise<void>>): Promise<void> {
    const now = (this.deps.now ?? Date.now)();
    const work = this.resolve(p, now)
      .then(
        (outcome) => void (outcome && run.count(outcome)),
        (error) => {
          this.logger.error('re-send failed', { TransIDH: p.transIdH, error: String(error) });
        },
      )
      .finally(() => {
        running.delete(work);
        this.busy.delete(p.transIdH);
        const left = (this.sending.get(p.homeProvince) ?? 1) - 1;
        if (left > 0) this.sending.set(p.homeProvince, left);
        else this.sending.delete(p.homeProvince);
      });
    return work;
  }

  private async resolve(p: PaymentRecord, now: number): Promise<'settled' | 'resent' | 'given-up' | undefined> {
    const store = this.deps.payments;
    if (p.attempts >= this.deps.settings.resolverMaxAttempts) {
      await store.transition(p.transIdH, [p.state], { nextAttemptAt: undefined });
      this.logger.error('payment outcome still unknown, left for reconciliation', { TransIDH: p.transIdH, state: p.state, attempts: p.attempts });
      return 'given-up';
    }
    // Claiming the attempt first means a crash mid-send only delays the next one; the
    // attempt-count condition makes the claim exclusive among several gateway instances.
    const attempts = p.attempts + 1;
    const claimed = await store.transition(p.transIdH, [p.state], { attempts, nextAttemptAt: nextAttemptAt(this.deps, attempts, now) }, p.attempts);
    if (!claimed) return undefined;
    const settled = claimed.state === 'PENDING' ? await this.resolvePayment(claimed) : await this.resolveReversal(claimed);
    return settled ? 'settled' : 'resent';
  }

  /** Only the province's own answer settles a re-send: a refused connection proves nothing about the first send. */
  private async resolvePayment(p: PaymentRecord): Promise<boolean> {
    const outcome = await sendPay(this.deps, p);
    if (outcome.kind !== 'applied' && outcome.kind !== 'refused') return false;
    return this.settled(p, await this.deps.payments.transition(p.transIdH, ['PENDING'], settledPayment(p, outcome)));
  }

  private async resolveReversal(p: PaymentRecord): Promise<boolean> {
    const outcome = await sendPayReverse(this.deps, p);
    if (outcome.kind !== 'applied' && outcome.kind !== 'refused') return false;
    return this.settled(p, await this.deps.payments.transition(p.transIdH, ['REVERSING'], settledReversal(p, outcome).changes));
  }

  private settled(p: PaymentRecord, after: PaymentRecord | undefined): boolean {
    if (after) this.logger.info('unknown outcome resolved', { TransIDH: p.transIdH, state: after.state, attempts: after.attempts });
    return after !== undefined;
  }
}
