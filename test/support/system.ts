/**
 * Starts the gateway and the mock provinces on free loopback ports, wired to each other,
 * for component and end-to-end tests. Every exchange record is kept for assertions.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config';
import { ContractCatalogue } from '../../src/contract/catalogue';
import { NumberSegmentTable } from '../../src/domain/number-segments';
import { createGateway, Gateway, GatewayParts } from '../../src/gateway';
import { ExchangeRecord } from '../../src/journal/exchange-record';
import { createLogger } from '../../src/logging/logger';
import { ProvinceRegistry } from '../../src/provinces/province-registry';
import { Store } from '../../src/store/ports';
import type { Family } from '../../src/families/family';
import { createMockProvinces, MockProvinces, MockWsseOptions } from '../../mocks/province-billing/server';

export interface RunningSystem {
  gatewayUrl: string;
  mockUrl: string;
  gateway: Gateway;
  mocks: MockProvinces;
  records: ExchangeRecord[];
  close(): Promise<void>;
}

let shared: { contracts: ContractCatalogue; segments: NumberSegmentTable } | undefined;
export function contractsAndSegments() {
  shared ??= { contracts: ContractCatalogue.load(), segments: NumberSegmentTable.fromCsvFile() };
  return shared;
}

export async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface SystemOptions {
  env?: Record<string, string>;
  /** Province codes whose endpoint points at a port where nothing listens. */
  downProvinces?: string[];
  /** Province code → the base URL the registry gives it instead of the mock's (a test's own stand-in province). */
  provinceUrls?: Record<string, string>;
  /** The gateway's clock (payments' accounting day, resolver due times). */
  now?: () => number;
  /** Defaults to a fresh in-memory store. */
  store?: Store;
  /** Talk to these already running mock provinces instead of starting new ones (restart tests). */
  mocksOf?: RunningSystem;
  /** Province code → the link credentials the registry holds (as PROVINCES_FILE would give them). */
  credentials?: Record<string, { username?: string; password: string }>;
  /** Have the mock provinces check HQ's UsernameToken. */
  mockWsse?: MockWsseOptions;
  /** The interface families the gateway serves (default: FAMILIES). */
  families?: readonly Family[];
  /** The peer address the admin API sees (it plays a remote client; default: the socket's). */
  adminRemoteAddress?: GatewayParts['adminRemoteAddress'];
  /** Mock mode as `npm start` runs it: the mocks' exchanges in the gateway's journal, their scenario endpoints in its admin API. */
  mockMode?: boolean;
}

export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const { contracts, segments } = contractsAndSegments();
  const records: ExchangeRecord[] = [];
  const owned = !options.mocksOf;
  const journaled: { gateway?: Gateway } = {};
  const observe = options.mockMode ? (r: ExchangeRecord) => journaled.gateway?.journalExchange(r) : undefined;
  const mocks = options.mocksOf?.mocks ?? createMockProvinces({ contracts, segments, wsse: options.mockWsse, observe });
  const mock = options.mocksOf ? { url: options.mocksOf.mockUrl, server: undefined } : await listen(mocks.app);
  const dead = await listen(() => undefined);
  const deadUrl = dead.url;
  await close(dead.server); // its port is now (very likely) refused
  const template = `${mock.url}/province/{code}`;
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', PROVINCE_URL_TEMPLATE: template, PROVINCE_TIMEOUT_MS: '2000', ...options.env });
  const down = new Set(options.downProvinces ?? []);
  const registry = new ProvinceRegistry(
    ProvinceRegistry.fromTemplate(template, config.provinceTimeoutMs)
      .all()
      .map((p) => (down.has(p.code) ? { ...p, baseUrl: `${deadUrl}/province/${p.code}` } : p))
      .map((p) => ({ ...p, baseUrl: options.provinceUrls?.[p.code] ?? p.baseUrl }))
      .map((p) => ({ ...p, ...options.credentials?.[p.code] })),
  );
  const gateway = createGateway(config, createLogger('silent'), {
    contracts,
    segments,
    registry,
    now: options.now,
    store: options.store,
    families: options.families,
    observe: (r) => records.push(r),
    adminRemoteAddress: options.adminRemoteAddress,
    adminResources: options.mockMode ? mocks.adminResources : undefined,
    scopeOfSender: options.mockMode ? mocks.scopeOfSender : undefined,
  });
  journaled.gateway = gateway;
  await gateway.start();
  const gw = await listen(gateway.app);
  return {
    gatewayUrl: gw.url,
    mockUrl: mock.url,
    gateway,
    mocks,
    records,
    /** Stops the gateway, and the mock provinces if this system started them. */
    async close() {
      await gateway.close();
      await close(gw.server);
      if (owned && mock.server) await close(mock.server);
    },
  };
}
