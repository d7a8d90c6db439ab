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

export class PendingResolver {
  constructor(
    private readonly deps: PaymentDeps,
    private readonly logger: Logger,
    private readonly batchSize: number,
  ) {}

  /** One pass over what is due, counting the re-sends claimed and the records settled or given up. */
  async pass(run: Pick<RunContext, 'count'>): Promise<void> {
    const now = (this.deps.now ?? Date.now)();
    const due = await this.deps.payments.due(['PENDING', 'REVERSING'], new Date(now), this.batchSize);
    for (const payment of due) {
      const outcome = await this.resolve(payment, now);
      if (outcome) run.count(outcome);
    }
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
