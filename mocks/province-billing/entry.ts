/**
 * The mock provinces as the gateway's entry point starts them (src/mock-provinces-module.ts),
 * when START_MOCKS asks: found by path, so the production entry imports nothing from mocks/.
 */
import { MockProvincesEntry } from '../../src/mock-provinces-module';
import { MockMode } from '../mock-mode/mock-mode';
import { loadScenarioFiles } from '../mock-mode/scenario-files';
import { createMockProvinces } from './server';

export const startMockProvinces: MockProvincesEntry['startMockProvinces'] = ({ contracts, segments, publicUrl, observe }) => {
  const mockMode = new MockMode();
  // The mocks' own setting, read where they are composed: the production entry knows nothing of scenarios.
  loadScenarioFiles(mockMode, process.env.MOCK_SCENARIOS);
  const provinces = createMockProvinces({ contracts, segments, publicUrl, observe, mockMode });
  return { app: provinces.app, provinces: provinces.books.size, adminResources: provinces.adminResources, scopeOfSender: provinces.scopeOfSender };
};
