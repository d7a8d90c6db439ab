import { expect } from 'chai';
import { NonceCache } from './nonce-cache';

describe('nonce cache', () => {
  it('refuses a nonce seen before while it is within its window', () => {
    const cache = new NonceCache();
    expect(cache.remember('BILL51', 'n1', 2000, 1000)).to.equal(true);
    expect(cache.remember('BILL51', 'n1', 2500, 1500)).to.equal(false);
  });

  it('keeps users apart: two senders may pick the same nonce', () => {
    const cache = new NonceCache();
    expect(cache.remember('BILL51', 'n1', 2000, 1000)).to.equal(true);
    expect(cache.remember('BILL36', 'n1', 2000, 1000)).to.equal(true);
  });

  it('forgets a nonce once its token would be stale anyway, and sweeps expired ones', () => {
    const cache = new NonceCache(100);
    cache.remember('BILL51', 'old', 1000, 0);
    cache.remember('BILL51', 'new', 5000, 0);
    expect(cache.remember('BILL51', 'old', 3000, 1000)).to.equal(true); // expired at 1000
    cache.remember('BILL51', 'other', 9000, 4000); // the sweep drops "old" (3000)
    expect(cache.size).to.equal(2);
  });
});
