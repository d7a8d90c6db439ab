/**
 * The resolver re-sends to every home province side by side, a bounded number at a time
 * per province: fifteen due payments of a province that takes every request and never
 * answers must not keep a due payment of a healthy province from being settled.
 */
import { expect } from 'chai';
import { ServerResponse } from 'node:http';
import { cstDate, cstTimestamp } from '../../domain/cst-time';
import { TransIdHGenerator } from '../../domain/message-head';
import { createLogger } from '../../logging/logger';
import { ProvinceClient } from '../../provinces/province-client';
import { ProvinceRegistry } from '../../provinces/province-registry';
import { createMemoryStore } from '../../store/memory/memory-store';
import { createMockProvinces } from '../../../mocks/province-billing/server';
import { uniqueId } from '../../../test/support/heads';
import { close, contractsAndSegments, listen } from '../../../test/support/system';
import { until } from '../../../test/jobs/job-support';
import { PaymentDeps } from './payment-deps';
import { PaymentRecord } from './payment-port';
import { PAYMENT_RECORDS } from './payment-store';
import { PendingResolver } from './pending-resolver';

const DEAD = '89';
const HEALTHY = '51';

describe('payments resolver: provinces side by side', function () {
  this.timeout(30_000);

  it('settles a due payment of a healthy province while re-sends to a province that never answers are in flight, at most the bound of them at once', async () => {
    const { contracts, segments } = contractsAndSegments();
    const mocks = createMockProvinces({ contracts, segments });
    const healthy = await listen(mocks.app);
    const held: ServerResponse[] = [];
    const dead = await listen((req, res) => {
      req.resume();
      held.push(res); // taken, never answered: every send to it waits for the timeout
    });
    const registry = new ProvinceRegistry(
      ProvinceRegistry.fromTemplate(`${healthy.url}/province/{code}`, 15_000)
        .all()
        .map((p) => (p.code === DEAD ? { ...p, baseUrl: `${dead.url}/province/${DEAD}` } : p)),
    );
    const provinces = new ProvinceClient(registry, () => undefined);
    const store = createMemoryStore();
    const payments = store.records(PAYMENT_RECORDS);
    const settings = {
      singlePaymentLimitFen: 1_000_000,
      resolverIntervalMs: 50,
      resolverBaseDelayMs: 60_000,
      resolverMaxDelayMs: 60_000,
      resolverMaxAttempts: 10,
      resolverProvinceConcurrency: 4,
      duplicateWaitMs: 16_000,
    };
    const deps: PaymentDeps = { contracts, provinces, store, payments, settings };
    const resolver = new PendingResolver(deps, createLogger('silent'), 50);
    const ids = new TransIdHGenerator('01');
    const dueSince = Date.now() - 60_000;
    const pending = (homeProvince: string, serviceNumber: string, i: number): PaymentRecord => ({
      sender: 'BILL36',
      transIdO: uniqueId('O'),
      transIdH: ids.next(),
      procId: uniqueId('P'),
      testFlag: '1',
      fingerprint: 'f',
      serviceNumber,
      collectProvince: '36',
      homeProvince,
      amount: 100,
      payTime: cstTimestamp(),
      accountingDate: cstDate(Date.now()),
      state: 'PENDING',
      attempts: 1,
      nextAttemptAt: new Date(dueSince + i), // the dead province's are due first
      createdAt: new Date(dueSince),
      updatedAt: new Date(dueSince),
    });
    try {
      for (let i = 0; i < 15; i++) await payments.insertIfAbsent(pending(DEAD, '13089000001', i));
      const account = mocks.books
        .get(HEALTHY)!
        .list()
        .find((a) => a.userStatus === '0')!;
      const waiting = pending(HEALTHY, account.serviceNumber, 100);
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

      await close(dead.server); // the held sends break off: their outcome stays unknown
      await pass;
      expect(counts).to.include({ settled: 1 });
      expect(counts.resent, 'sends to the dead province, each claimed once').to.be.at.least(4);
    } finally {
      await close(dead.server).catch(() => undefined);
      await close(healthy.server);
      await provinces.close();
    }
  });
});
