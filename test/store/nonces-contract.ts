/** The nonces of accepted UsernameTokens: once within the window, again after it (store contract). */
import { expect } from 'chai';
import type { ContractContext } from './store-contract';

const T = Date.parse('2026-01-01T00:00:00Z');

export function describeNoncesContract(ctx: ContractContext): void {
  describe('nonces', () => {
    it('accepts a nonce once within its window, per user', async () => {
      const nonces = ctx.store().nonces;
      expect(await nonces.remember('bill36', 'n-1', T + 300_000, T)).to.equal(true);
      expect(await nonces.remember('bill36', 'n-1', T + 300_000, T + 1000), 'the same user and nonce again').to.equal(false);
      expect(await nonces.remember('bill51', 'n-1', T + 300_000, T + 1000), 'another user, the same nonce').to.equal(true);
      expect(await nonces.remember('bill36', 'n-2', T + 300_000, T + 1000)).to.equal(true);
    });

    it('accepts a nonce again once its window has passed (whether or not it was already removed)', async () => {
      const nonces = ctx.store().nonces;
      expect(await nonces.remember('bill36', 'n-3', T + 1000, T)).to.equal(true);
      expect(await nonces.remember('bill36', 'n-3', T + 1000 + 600_000, T + 1000 + 1)).to.equal(true);
      expect(await nonces.remember('bill36', 'n-3', T + 1000 + 600_000, T + 2000)).to.equal(false);
    });

    it('of concurrent uses of one nonce, accepts exactly one', async () => {
      const nonces = ctx.store().nonces;
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => nonces.remember('bill36', 'n-4', T + 300_000, T)));
      expect(outcomes.filter(Boolean)).to.have.length(1);
    });
  });
}
