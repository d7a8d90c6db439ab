/**
 * `npm start`: the gateway (PORT) and, unless START_MOCKS=false, the mock provinces
 * (MOCK_PORT) it is wired to. Works on a bare machine: no database needed.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config';
import { ContractCatalogue } from './contract/catalogue';
import { NumberSegmentTable } from './domain/number-segments';
import { createGateway } from './gateway';
import { createLogger } from './logging/logger';
import { createMockProvinces } from '../mocks/province-billing/server';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const started = Date.now();
  const contracts = ContractCatalogue.load();
  const segments = NumberSegmentTable.fromCsvFile();
  const servers: Server[] = [];

  if (config.startMocks) {
    const mocks = createMockProvinces({ contracts, segments, publicUrl: config.mockPublicUrl });
    servers.push(await listen(createServer(mocks.app), config.host, config.mockPort));
    logger.info('mock provinces listening', { port: config.mockPort, provinces: mocks.books.size });
  }
  const gateway = createGateway(config, logger, { contracts, segments });
  servers.push(await listen(createServer(gateway.app), config.host, config.port));
  logger.info('gateway listening', {
    port: (servers[servers.length - 1].address() as AddressInfo).port,
    interfaces: contracts.contracts.length,
    store: 'memory (not persisted)',
    startupMs: Date.now() - started,
  });

  const stop = async (signal: string) => {
    logger.info('stopping', { signal });
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await gateway.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

function listen(server: Server, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
