/**
 * The mock provinces as the gateway's entry point starts them (src/mock-provinces-module.ts),
 * when START_MOCKS asks: found by path, so the production entry imports nothing from mocks/.
 */
import { MockProvincesEntry } from '../../src/mock-provinces-module';
import { createMockProvinces } from './server';

export const startMockProvinces: MockProvincesEntry['startMockProvinces'] = ({ contracts, segments, publicUrl, observe }) => {
  const provinces = createMockProvinces({ contracts, segments, publicUrl, observe });
  return { app: provinces.app, provinces: provinces.books.size, adminResources: provinces.adminResources };
};
