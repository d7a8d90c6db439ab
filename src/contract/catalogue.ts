/**
 * Every interface contract under wsdl/, loaded and compiled once at start-up.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InterfaceContract, loadInterfaceContract } from './interface-contract';

export const DEFAULT_WSDL_DIR = resolve(__dirname, '../../../wsdl');

export class ContractCatalogue {
  private readonly byNumber: Map<string, InterfaceContract>;

  constructor(
    readonly contracts: InterfaceContract[],
    readonly wsdlDir: string,
  ) {
    this.byNumber = new Map(contracts.map((c) => [c.number, c]));
  }

  static load(wsdlDir = DEFAULT_WSDL_DIR): ContractCatalogue {
    const files = readdirSync(wsdlDir).filter((f) => f.endsWith('.wsdl'));
    const contracts = files.map((f) => loadInterfaceContract(join(wsdlDir, f))).sort((a, b) => compareNumbers(a.number, b.number));
    return new ContractCatalogue(contracts, wsdlDir);
  }

  get(number: string): InterfaceContract {
    const contract = this.byNumber.get(number);
    if (!contract) throw new Error(`no WSDL for interface ${number}`);
    return contract;
  }

  has(number: string): boolean {
    return this.byNumber.has(number);
  }

  byDirection(direction: InterfaceContract['direction']): InterfaceContract[] {
    return this.contracts.filter((c) => c.direction === direction);
  }
}

export function compareNumbers(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}
