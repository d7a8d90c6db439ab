/**
 * The mock provinces alone as `ucrm start --mocks-only` starts them (src/cli/start-command.ts,
 * which finds this module by path, as the gateway finds the mocks): standalone.ts (their own
 * journal and admin API) with proxy mode from MOCK_PROXY_TARGETS, MOCK_RECORD_FILE and
 * MOCK_REPLAY_FILE.
 */
import { RequestListener } from 'node:http';
import { ContractCatalogue } from '../../src/contract/catalogue';
import { NumberSegmentTable } from '../../src/domain/number-segments';
import { proxyOptionsFromEnv } from './proxy-recorder';
import { startStandaloneMocks } from './standalone';

export interface StandaloneEntryParts {
  contracts: ContractCatalogue;
  segments: NumberSegmentTable;
  publicUrl?: string;
  adminToken?: string;
  env: NodeJS.ProcessEnv;
}

export function startMocksAlone(parts: StandaloneEntryParts): { app: RequestListener; provinces: number; access: string } {
  const running = startStandaloneMocks({ ...parts, proxy: proxyOptionsFromEnv(parts.env) });
  return { app: running.app, provinces: running.mocks.books.size, access: running.access };
}
