/**
 * The instance's claim on its INSTANCE_ID: a lease `instance#<id>` in the store, taken at
 * start and renewed while the process runs. INSTANCE_ID is part of every TransIDH HQ issues,
 * and a province keys its idempotency on TransIDH: two live gateways with one id would
 * issue the same TransIDHs, and a province would replay one operation's result for another
 * (a payment recorded SUCCESS and never credited). So a second instance that finds the id
 * held by a live holder does not start: it stops with a message naming the holder.
 *
 * A holder that died without releasing (SIGKILL, a crash) holds the lease until it expires
 * — unless it ran on this host and its process is gone, which this instance can see: then
 * it takes the lease over at once (a restart, or a cluster worker replaced, does not wait).
 * A claim lost while running (the process was frozen past the lease and another instance
 * took the id) is reported to `onLost`: the process must stop issuing TransIDHs.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Lease, LeaseRepository, StoreUnavailableError } from './store/ports';
import { StartError } from './transport/ports';
import { Logger } from './logging/logger';

export interface InstanceClaimOptions {
  instanceId: string;
  /** How long the claim outlives its last renewal (JOB_LEASE_TTL_MS); renewed every third of it. */
  ttlMs: number;
  /** Told once if the claim is found taken by another instance: this one must stop. */
  onLost: (reason: string) => void;
  logger?: Logger;
  /** Who this process is, as the lease names it (default: host:pid). */
  holder?: string;
  now?: () => number;
}

export const instanceLeaseName = (instanceId: string): string => `instance#${instanceId}`;

export class InstanceClaim {
  private timer: NodeJS.Timeout | undefined;
  private lost = false;

  private constructor(
    private readonly leases: LeaseRepository,
    private readonly options: Required<Omit<InstanceClaimOptions, 'logger'>> & { logger?: Logger },
    private readonly token: string,
  ) {}

  /** Takes the claim, or throws a StartError (exit 2) naming the live holder. */
  static async take(leases: LeaseRepository, options: InstanceClaimOptions): Promise<InstanceClaim> {
    const full = { ...options, holder: options.holder ?? `${hostname()}:${process.pid}`, now: options.now ?? Date.now };
    const claim = new InstanceClaim(leases, full, randomUUID());
    await claim.acquire();
    claim.timer = setInterval(() => void claim.renew(), Math.max(100, Math.floor(full.ttlMs / 3))).unref();
    return claim;
  }

  /** Gives the id up (at the end of a clean stop), so the next instance with it need not wait. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    if (!this.lost) await this.leases.release(instanceLeaseName(this.options.instanceId), this.token);
  }

  private async acquire(): Promise<void> {
    const { instanceId, holder, ttlMs } = this.options;
    const name = instanceLeaseName(instanceId);
    const now = this.options.now();
    const outcome = await this.leases.acquire(name, holder, this.token, new Date(now), ttlMs);
    if (outcome.acquired) {
      if (outcome.tookOver) this.options.logger?.warn('instance id taken over from an expired claim', { instanceId, from: outcome.tookOver.owner });
      return;
    }
    const held = outcome.heldBy;
    if (deadOnThisHost(held.owner, holder)) {
      // Acquire matches a lease whose expiry is at or before the `now` it is given: giving it
      // the dead holder's own expiry takes exactly that lease over, and nothing renewed since.
      const at = held.expiresAt.getTime();
      const again = await this.leases.acquire(name, holder, this.token, new Date(at), now + ttlMs - at);
      if (again.acquired) {
        this.options.logger?.warn('instance id taken over from a process of this host that is gone', { instanceId, from: held.owner });
        return;
      }
    }
    throw new StartError(
      `ucrm: INSTANCE_ID=${instanceId} is held by another running gateway (${held.owner}, claim valid until ${held.expiresAt.toISOString()}); ` +
        'every instance on one database needs its own INSTANCE_ID (it is part of every TransIDH): give this one another, or use WORKERS for several on one host',
    );
  }

  private async renew(): Promise<void> {
    if (this.lost) return;
    const { instanceId, ttlMs } = this.options;
    try {
      const renewed = await this.leases.renew(instanceLeaseName(instanceId), this.token, new Date(this.options.now()), ttlMs);
      if (renewed) return;
      this.lost = true;
      clearInterval(this.timer);
      const holder = await this.leases.get(instanceLeaseName(instanceId)).catch(() => undefined);
      this.options.onLost(`INSTANCE_ID=${instanceId} was taken over by ${describe(holder)} while this process did not renew its claim`);
    } catch (error) {
      // The store is away: no one else can take the id over through it either; try again next time.
      const why = error instanceof StoreUnavailableError ? 'the store is unavailable' : 'the renewal failed';
      this.options.logger?.warn(`instance claim not renewed: ${why}`, { instanceId, error: String(error) });
    }
  }
}

function describe(lease: Lease | undefined): string {
  return lease ? `${lease.owner} (until ${lease.expiresAt.toISOString()})` : 'no one (the claim is gone)';
}

/** Whether `owner` (host:pid) names a process of this host that no longer runs, or this very process's pid (a previous life of it, in a container). */
function deadOnThisHost(owner: string, self: string): boolean {
  const [host, pidText] = [owner.slice(0, owner.lastIndexOf(':')), owner.slice(owner.lastIndexOf(':') + 1)];
  const pid = Number(pidText);
  if (host !== self.slice(0, self.lastIndexOf(':')) || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
