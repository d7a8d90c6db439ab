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
  close(): Promise<void>;
}

export interface GatewayParts {
  contracts?: ContractCatalogue;
  segments?: NumberSegmentTable;
  registry?: ProvinceRegistry;
  /** Also told of every exchange (tests use it to look at what was journaled). */
  observe?: ExchangeObserver;
}

export function createGateway(config: GatewayConfig, logger: Logger, parts: GatewayParts = {}): Gateway {
  const contracts = parts.contracts ?? ContractCatalogue.load();
  const segments = parts.segments ?? NumberSegmentTable.fromCsvFile();
  const registry = parts.registry ?? (config.provincesFile
    ? ProvinceRegistry.fromFile(config.provincesFile, config.provinceTimeoutMs)
    : ProvinceRegistry.fromTemplate(config.provinceUrlTemplate, config.provinceTimeoutMs));
  const observe: ExchangeObserver = (record) => {
    logExchange(logger, record);
    parts.observe?.(record);
  };
  const provinces = new ProvinceClient(registry, observe);
  const dispatcher = new Dispatcher(allHandlers({ contracts, provinces }), segments, new TransIdHGenerator(config.instanceId));
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
  return { app, contracts, segments, registry, implemented, close: () => provinces.close() };
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
