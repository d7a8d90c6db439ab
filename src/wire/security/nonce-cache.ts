/**
 * Where the nonces of accepted UsernameTokens are remembered, until their token would be
 * refused as stale anyway (Created + the window), so a captured request cannot be replayed
 * inside the window. The store provides it (Store.nonces): on MongoDB one document per user
 * and nonce under a unique index, shared by every instance and surviving restarts; in memory
 * the NonceCache below, per process.
 */
export interface NonceRegistry {
  /** Records a nonce; false when it is already recorded and still within its window (a replay). */
  remember(username: string, nonce: string, expiresAt: number, now: number): boolean | Promise<boolean>;
}

/** The nonces of one process (the memory store's, and the default of a verifier given none). */
export class NonceCache implements NonceRegistry {
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
