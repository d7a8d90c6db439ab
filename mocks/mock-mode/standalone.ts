/**
 * The mock provinces alone, without a gateway, still in mock mode: their own journal (the
 * memory store unless one is given) and their own admin API at /admin with the journal and
 * scenario endpoints — the same resources the gateway's admin API takes in when it runs the
 * mocks, mounted through the admin router directly (no jobs here).
 */
import { RequestListener } from 'node:http';
import { AccessGuard, accessGuard } from '../../src/admin/access';
import { journalResource } from '../../src/admin/resources/journal';
import { adminRouter } from '../../src/admin/router';
import { ContractCatalogue } from '../../src/contract/catalogue';
import { NumberSegmentTable } from '../../src/domain/number-segments';
import { createLogger, Logger } from '../../src/logging/logger';
import { JournalWriter } from '../../src/store/journal-writer';
import { createMemoryStore } from '../../src/store/memory/memory-store';
import { Store } from '../../src/store/ports';
import { createMockProvinces, MockProvinces, MockProvincesOptions } from '../province-billing/server';
import { MockMode } from './mock-mode';
import { scenarioResource } from './scenario-resource';
import { consoleRouter } from '../../src/console/console-router';
import { eventStream } from '../../src/console/event-stream';
import { LiveExchanges } from '../../src/console/live-exchanges';
import { ExchangeRecord } from '../../src/journal/exchange-record';

export interface StandaloneMocksOptions extends Omit<MockProvincesOptions, 'observe' | 'adminRouter' | 'mockMode'> {
  contracts: ContractCatalogue;
  segments: NumberSegmentTable;
  store?: Store;
  logger?: Logger;
  /** As ADMIN_TOKEN: without it /admin answers loopback clients only. */
  adminToken?: string;
}

export interface StandaloneMocks {
  app: RequestListener;
  mocks: MockProvinces;
  journal: JournalWriter;
  store: Store;
  access: AccessGuard['mode'];
}

export function startStandaloneMocks(options: StandaloneMocksOptions): StandaloneMocks {
  const { store = createMemoryStore(), logger = createLogger('silent'), adminToken, ...rest } = options;
  const journal = new JournalWriter(store.journal, { onError: (error) => logger.error('mock journal write failed, will retry', { error: String(error) }) });
  const mode = new MockMode();
  const guard = accessGuard({ token: adminToken });
  const operations = [...journalResource({ store }).operations, ...scenarioResource(mode)({ store }).operations];
  // The console works here as on the gateway: its live journal is these mocks' own exchanges.
  const live = new LiveExchanges();
  const observe = (record: ExchangeRecord) => {
    journal.record(record);
    live.publish(record);
  };
  const mocks = createMockProvinces({
    ...rest,
    mockMode: mode,
    observe,
    adminRouter: adminRouter(operations, guard, logger, { '/events': eventStream(live) }),
    consoleRouter: consoleRouter(guard),
  });
  return { app: mocks.app, mocks, journal, store, access: guard.mode };
}
