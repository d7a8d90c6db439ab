/**
 * The nonces of accepted UsernameTokens, kept until their token would be refused as stale
 * anyway (Created + the window), so a captured request cannot be replayed inside the window.
 *
 * Per process for now: several gateway instances behind one balancer would each accept a
 * replay once. They would need this in the shared store (one document per user and nonce,
 * a unique index, and a TTL index on the expiry).
 */
export class NonceCache {
  private readonly expiries = new Map<string, number>(); // user + nonce → epoch ms it may be forgotten
  private nextSweepAt = 0;

  constructor(private readonly sweepEveryMs = 10_000) {}

  /** Records a nonce; false when it is already recorded and still within its window (a replay). */
  remember(username: string, nonce: string, expiresAt: number, now: number): boolean {
    this.sweep(now);
    const key = `${username}\n${nonce}`;
    const known = this.expiries.get(key);
    if (known !== undefined && known > now) return false;
    this.expiries.set(key, expiresAt);
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }

  // Only authenticated tokens get here, so the cache grows with legitimate traffic only:
  // at most the requests of one window, swept from time to time.
  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + this.sweepEveryMs;
    for (const [key, expiresAt] of this.expiries) if (expiresAt <= now) this.expiries.delete(key);
  }
}
