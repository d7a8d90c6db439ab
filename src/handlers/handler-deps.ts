/** What every handler may use: the contracts, the province client, the store, the clock. A family adds its own (families/family.ts). */
import { ContractCatalogue } from '../contract/catalogue';
import { ProvinceClient } from '../provinces/province-client';
import { Store } from '../store/ports';

export interface HandlerDeps {
  contracts: ContractCatalogue;
  provinces: ProvinceClient;
  store: Store;
  now?: () => number; // tests move time; defaults to Date.now
}
