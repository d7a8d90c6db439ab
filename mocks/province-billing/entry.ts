/**
 * The mock provinces as the gateway's entry point starts them (src/mock-provinces-module.ts),
 * when START_MOCKS asks: found by path, so the production entry imports nothing from mocks/.
 */
import { MockProvincesEntry } from '../../src/mock-provinces-module';
import { MockMode } from '../mock-mode/mock-mode';
import { loadScenarioFiles } from '../mock-mode/scenario-files';
import { createMockProvinces } from './server';
import { proxyOptionsFromEnv } from '../mock-mode/proxy-recorder';

export const startMockProvinces: MockProvincesEntry['startMockProvinces'] = ({ contracts, segments, publicUrl, observe }) => {
  const mockMode = new MockMode();
  // The mocks' own settings, read where they are composed: the production entry knows nothing of scenarios.
  loadScenarioFiles(mockMode, process.env.MOCK_SCENARIOS);
  // Proxy mode from MOCK_PROXY_TARGETS / MOCK_RECORD_FILE / MOCK_REPLAY_FILE (README, "Record and replay").
  const provinces = createMockProvinces({ contracts, segments, publicUrl, observe, mockMode, proxy: proxyOptionsFromEnv(process.env) });
  return { app: provinces.app, provinces: provinces.books.size, adminResources: provinces.adminResources, scopeOfSender: provinces.scopeOfSender };
};
