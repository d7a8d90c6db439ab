/**
 * The resolver re-sends to every home province side by side, a bounded number at a time
 * per province: fifteen due payments of a province that takes every request and never
 * answers must not keep a due payment of a healthy province from being settled.
 */
import { expect } from 'chai';
import { TransIdHGenerator } from '../../domain/message-head';
import { createLogger } from '../../logging/logger';
import { until } from '../../../test/jobs/job-support';
import { PendingResolver } from './pending-resolver';
import { DEAD, HEALTHY, pendingRecords, resolverSettings, withMockProvinces } from './resolver-test-provinces';

describe('payments resolver: provinces side by side', function () {
  this.timeout(30_000);

  it('settles a due payment of a healthy province while re-sends to a province that never answers are in flight, at most the bound of them at once', async () => {
    const settings = resolverSettings({ resolverIntervalMs: 50, resolverMaxAttempts: 10, resolverProvinceConcurrency: 4 });
    await withMockProvinces(settings, async ({ deps, held, payments, healthyNumber, closeDead }) => {
      const resolver = new PendingResolver(deps, createLogger('silent'), 50);
      const dueSince = Date.now() - 60_000;
      const pending = pendingRecords(new TransIdHGenerator('01'), () => dueSince); // one moment for all: the order alone puts the dead province's first
      for (let i = 0; i < 15; i++) await payments.insertIfAbsent(pending(DEAD, '13089000001', i));
      const waiting = pending(HEALTHY, healthyNumber, 100);
      await payments.insertIfAbsent(waiting);

      const counts: Record<string, number> = {};
      const pass = resolver.pass({ count: (name, by = 1) => void (counts[name] = (counts[name] ?? 0) + by) });
      await until(async () => (await payments.byTransIdH(waiting.transIdH))?.state === 'SUCCESS', 5000, `the payment of ${HEALTHY} to be settled`);
      await until(() => held.length === 4, 5000, `four sends to ${DEAD}`);
      expect(held.length, `sends in flight to ${DEAD}`).to.equal(4);
      expect(
        (await payments.due(['PENDING'], new Date(), 50)).filter((p) => p.homeProvince === DEAD),
        'the rest wait their turn',
      ).to.have.length(11);

      await closeDead(); // the held sends break off: their outcome stays unknown
      await pass;
      expect(counts).to.include({ settled: 1 });
      expect(counts.resent, 'sends to the dead province, each claimed once').to.be.at.least(4);
    });
  });
});
