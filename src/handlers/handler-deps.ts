/** What handlers may use: the contracts, the province client, the store, the limits. */
import { ContractCatalogue } from '../contract/catalogue';
import { ProvinceClient } from '../provinces/province-client';

export interface HandlerDeps {
  contracts: ContractCatalogue;
  provinces: ProvinceClient;
}
