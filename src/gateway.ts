/**
 * The composition root: builds the gateway from its parts (contracts, segment table,
 * province registry and client, dispatcher, handlers, transport) and wires the exchange
 * records to the log. Nothing else in src/ knows how the parts fit together.
 */
import express from 'express';
import { ContractCatalogue } from './contract/catalogue';
import { Dispatcher } from './dispatch/dispatcher';
import { TransIdHGenerator } from './domain/message-head';
import { NumberSegmentTable } from './domain/number-segments';
import { allHandlers } from './handlers';
import { HandlerDeps } from './handlers/handler-deps';
import { PendingResolver } from './handlers/payment';
import { JournalWriter } from './store/journal-writer';
import { createMemoryStore } from './store/memory/memory-store';
import { Store } from './store/ports';
import { ExchangeObserver, ExchangeRecord } from './journal/exchange-record';
import { Logger } from './logging/logger';
import { ProvinceClient } from './provinces/province-client';
import { ProvinceRegistry } from './provinces/province-registry';
import { GatewayConfig } from './config';
import { createSoapApp } from './transport/soap-app';

export interface Gateway {
  app: express.Express;
  contracts: ContractCatalogue;
  segments: NumberSegmentTable;
  registry: ProvinceRegistry;
  /** Interface numbers that have a handler. */
  implemented: Set<string>;
  store: Store;
  journal: JournalWriter;
  resolver: PendingResolver;
  close(): Promise<void>;
}

export interface GatewayParts {
  contracts?: ContractCatalogue;
  segments?: NumberSegmentTable;
  registry?: ProvinceRegistry;
  /** Defaults to the in-memory store. */
  store?: Store;
  /** Tests move time. */
  now?: () => number;
  /** Also told of every exchange (tests use it to look at what was journaled). */
  observe?: ExchangeObserver;
}

export function createGateway(config: GatewayConfig, logger: Logger, parts: GatewayParts = {}): Gateway {
  const contracts = parts.contracts ?? ContractCatalogue.load();
  const segments = parts.segments ?? NumberSegmentTable.fromCsvFile();
  const registry = parts.registry ?? (config.provincesFile
    ? ProvinceRegistry.fromFile(config.provincesFile, config.provinceTimeoutMs)
    : ProvinceRegistry.fromTemplate(config.provinceUrlTemplate, config.provinceTimeoutMs));
  const store = parts.store ?? createMemoryStore();
  const journal = new JournalWriter(store.journal, {
    onError: (error, queued) => logger.error('journal write failed, will retry', { error: String(error), queued }),
    onDrop: (dropped) => logger.error('journal queue full, oldest entries dropped', { dropped }),
  });
  const observe: ExchangeObserver = (record) => {
    logExchange(logger, record);
    journal.record(record);
    parts.observe?.(record);
  };
  const provinces = new ProvinceClient(registry, observe);
  const deps: HandlerDeps = {
    contracts,
    provinces,
    store,
    now: parts.now,
    payments: {
      ...config.payments,
      // A duplicate waits as long as the original can take: one province call and a margin.
      duplicateWaitMs: Math.max(...registry.all().map((p) => p.timeoutMs)) + 1000,
    },
  };
  const dispatcher = new Dispatcher(allHandlers(deps), segments, new TransIdHGenerator(config.instanceId));
  const resolver = new PendingResolver(deps, logger, { intervalMs: config.payments.resolverIntervalMs, batchSize: 50 });
  resolver.start();
  const app = createSoapApp({
    name: 'ucrm-gateway',
    services: contracts.byDirection('P→H').map((contract) => ({
      path: `/ucrm/${contract.number}`,
      contract,
      dispatch: dispatcher.forInterface(contract),
      implemented: dispatcher.isImplemented(contract),
    })),
    wsdlDir: contracts.wsdlDir,
    observe,
    bodyLimitBytes: config.bodyLimitBytes,
    publicUrl: config.publicUrl,
  });
  const implemented = new Set(contracts.contracts.filter((c) => dispatcher.isImplemented(c)).map((c) => c.number));
  return {
    app, contracts, segments, registry, implemented, store, journal, resolver,
    async close() {
      await resolver.stop();
      await journal.flush().catch((error) => logger.error('journal not flushed at close', { error: String(error), queued: journal.queued }));
      await provinces.close();
    },
  };
}

export function logExchange(logger: Logger, r: ExchangeRecord): void {
  const entry = {
    event: 'exchange',
    direction: r.direction,
    interface: r.interfaceNumber,
    operation: r.operation,
    province: r.province,
    TransIDO: r.requestHead?.TransIDO,
    TransIDH: r.transIdH,
    ProcID: r.requestHead?.ProcID,
    RspCode: r.rspCode,
    fault: r.fault?.name,
    reason: r.fault?.reason,
    durationMs: Math.round(r.durationMs * 100) / 100,
  };
  if (r.internalError) logger.error('exchange failed', { ...entry, error: r.internalError });
  else if (r.fault) logger.warn('exchange', entry);
  else logger.info('exchange', entry);
}
