/**
 * The mock provinces, for `npm start` and the demo image: loaded only when START_MOCKS asks
 * for them, from a module the production entry never imports, so an image can be built and
 * run without mocks/ at all. The module is found by path at run time (dist/mocks/…), not by an
 * import the compiler follows.
 */
import { existsSync } from 'node:fs';
import { RequestListener } from 'node:http';
import { resolve } from 'node:path';
import { ContractCatalogue } from './contract/catalogue';
import { NumberSegmentTable } from './domain/number-segments';
import { StartError } from './transport/ports';
import { AdminResourceFactory } from './admin/operation';
import { ExchangeObserver } from './journal/exchange-record';

export interface MockProvincesParts {
  contracts: ContractCatalogue;
  segments: NumberSegmentTable;
  publicUrl?: string;
  /** Where the mocks' exchanges go (the gateway's journal), so they are searched like its own. */
  observe?: ExchangeObserver;
}

/** What the mocks' entry module (mocks/province-billing/entry.ts) exports. */
export interface MockProvincesEntry {
  /** adminResources: the scenario and scope endpoints, for the gateway's admin API. */
  startMockProvinces(parts: MockProvincesParts): {
    app: RequestListener;
    provinces: number;
    adminResources?: AdminResourceFactory[];
    /** The open test scope a MsgSender names (GatewayParts.scopeOfSender). */
    scopeOfSender?: (msgSender: string) => string | undefined;
  };
}

export const MOCKS_ENTRY = resolve(__dirname, '../mocks/province-billing/entry.js');

/** The mock provinces' entry, or a StartError saying this build has none. */
export function loadMockProvinces(entry = MOCKS_ENTRY): MockProvincesEntry {
  if (!existsSync(entry)) {
    throw new StartError(
      `ucrm: this build has no mock provinces (${entry}); set START_MOCKS=false and point PROVINCE_URL_TEMPLATE or PROVINCES_FILE at real provinces`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time, on purpose
  return require(entry) as MockProvincesEntry;
}
