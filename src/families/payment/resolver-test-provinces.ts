/**
 * The resolver wired directly (no gateway) to the mock provinces, with DEAD a province that
 * takes every request and never answers, and the PENDING records a first send that timed out
 * leaves: what the resolver suites on the per-province bound share.
 */
import { ServerResponse } from 'node:http';
import { cstDate, cstTimestamp } from '../../domain/cst-time';
import { TransIdHGenerator } from '../../domain/message-head';
import { ProvinceClient } from '../../provinces/province-client';
import { ProvinceRegistry } from '../../provinces/province-registry';
import { createMemoryStore } from '../../store/memory/memory-store';
import { createMockProvinces } from '../../../mocks/province-billing/server';
import { uniqueId } from '../../../test/support/heads';
import { close, contractsAndSegments, listen } from '../../../test/support/system';
import { PaymentDeps, PaymentLimits } from './payment-deps';
import { PaymentRecord, PaymentRepository } from './payment-port';
import { PAYMENT_RECORDS } from './payment-store';

export const DEAD = '89';
export const HEALTHY = '51';

/** The resolver's settings: the delays are long, so a record is sent once in a test unless it says otherwise. */
export const resolverSettings = (chosen: Pick<PaymentLimits, 'resolverIntervalMs' | 'resolverMaxAttempts' | 'resolverProvinceConcurrency'>): PaymentLimits => ({
  singlePaymentLimitFen: 1_000_000,
  resolverIntervalMs: chosen.resolverIntervalMs,
  resolverBaseDelayMs: 60_000,
  resolverMaxDelayMs: 60_000,
  resolverMaxAttempts: chosen.resolverMaxAttempts,
  resolverProvinceConcurrency: chosen.resolverProvinceConcurrency,
  duplicateWaitMs: 16_000,
});

/**
 * Makes payments whose first send timed out (PENDING, one attempt made), each due since
 * `dueSinceOf() + order` (lower is due first), with TransIDHs from `ids`.
 */
export const pendingRecords =
  (ids: TransIdHGenerator, dueSinceOf: () => number) =>
  (homeProvince: string, serviceNumber: string, order: number, overrides: Partial<PaymentRecord> = {}): PaymentRecord => {
    const dueSince = dueSinceOf();
    return {
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
      nextAttemptAt: new Date(dueSince + order),
      createdAt: new Date(dueSince),
      updatedAt: new Date(dueSince),
      ...overrides,
    };
  };

export interface ProvincesWiring {
  deps: PaymentDeps;
  /** The sends DEAD has taken and not answered. */
  held: ServerResponse[];
  payments: PaymentRepository;
  /** An active account of HEALTHY. */
  healthyNumber: string;
  /** Stops DEAD: the sends it holds break off, their outcome unknown. */
  closeDead: () => Promise<void>;
}

/** Runs `work` with the resolver's dependencies wired to the mock provinces (DEAD among them) and a memory store, then closes them. */
export async function withMockProvinces(settings: PaymentLimits, work: (w: ProvincesWiring) => Promise<void>): Promise<void> {
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
  const deps: PaymentDeps = { contracts, provinces, store, payments, settings };
  try {
    const healthyNumber = mocks.books
      .get(HEALTHY)!
      .list()
      .find((a) => a.userStatus === '0')!.serviceNumber;
    await work({ deps, held, payments, healthyNumber, closeDead: () => close(dead.server) });
  } finally {
    await close(dead.server).catch(() => undefined);
    await close(healthy.server);
    await provinces.close();
  }
}
