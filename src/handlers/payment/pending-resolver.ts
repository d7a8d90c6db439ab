/**
 * Settles payments and reversals whose outcome is unknown (the home province timed out
 * after the request was sent): re-sends the same TransIDH — which a home province must
 * treat as idempotent — with doubling delays until it gives a definite answer. Only a
 * definite answer settles: a refused connection or a fault on a re-send proves nothing
 * about the first send. After `resolverMaxAttempts` sends the record is left for the daily
 * reconciliation (7.x), which classifies it as "pending resolved".
 */
import { Logger } from '../../logging/logger';
import { PaymentRecord } from '../../store/ports';
import { HandlerDeps } from '../handler-deps';
import { nextAttemptAt, sendPay, sendPayReverse, settledPayment, settledReversal } from './home-province';

export interface ResolverOptions {
  intervalMs: number;
  batchSize: number;
}

export class PendingResolver {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly deps: HandlerDeps, private readonly logger: Logger, private readonly options: ResolverOptions) {}

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over what is due; returns how many records it settled. Never runs twice at once. */
  tick(): Promise<number> {
    this.running ??= this.pass()
      .catch((error) => {
        this.logger.warn('resolver pass failed', { error: String(error) });
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async pass(): Promise<number> {
    const now = (this.deps.now ?? Date.now)();
    const due = await this.deps.store.payments.due(['PENDING', 'REVERSING'], new Date(now), this.options.batchSize);
    let settled = 0;
    for (const payment of due) if (await this.resolve(payment, now)) settled++;
    return settled;
  }

  private async resolve(p: PaymentRecord, now: number): Promise<boolean> {
    const store = this.deps.store.payments;
    if (p.attempts >= this.deps.payments.resolverMaxAttempts) {
      await store.transition(p.transIdH, [p.state], { nextAttemptAt: undefined });
      this.logger.error('payment outcome still unknown, left for reconciliation', { TransIDH: p.transIdH, state: p.state, attempts: p.attempts });
      return false;
    }
    // Claiming the attempt first means a crash mid-send only delays the next one; the
    // attempt-count condition makes the claim exclusive among several gateway instances.
    const attempts = p.attempts + 1;
    const claimed = await store.transition(p.transIdH, [p.state], { attempts, nextAttemptAt: nextAttemptAt(this.deps, attempts, now) }, p.attempts);
    if (!claimed) return false;
    return claimed.state === 'PENDING' ? this.resolvePayment(claimed) : this.resolveReversal(claimed);
  }

  /** Only the province's own answer settles a re-send: a refused connection proves nothing about the first send. */
  private async resolvePayment(p: PaymentRecord): Promise<boolean> {
    const outcome = await sendPay(this.deps, p);
    if (outcome.kind !== 'applied' && outcome.kind !== 'refused') return false;
    return this.settled(p, await this.deps.store.payments.transition(p.transIdH, ['PENDING'], settledPayment(p, outcome)));
  }

  private async resolveReversal(p: PaymentRecord): Promise<boolean> {
    const outcome = await sendPayReverse(this.deps, p);
    if (outcome.kind !== 'applied' && outcome.kind !== 'refused') return false;
    return this.settled(p, await this.deps.store.payments.transition(p.transIdH, ['REVERSING'], settledReversal(p, outcome).changes));
  }

  private settled(p: PaymentRecord, after: PaymentRecord | undefined): boolean {
    if (after) this.logger.info('unknown outcome resolved', { TransIDH: p.transIdH, state: after.state, attempts: after.attempts });
    return after !== undefined;
  }
}
