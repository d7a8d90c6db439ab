/**
 * One mock province's billing state: its accounts, kept in memory.
 */
import { cstCycle, previousCycle } from '../../src/domain/cst-time';
import { billItems, FIRST_BILL_CYCLE, SeedAccount } from './seed';

export class AccountBook {
  private readonly accounts = new Map<string, SeedAccount>();

  constructor(readonly province: string, seed: SeedAccount[]) {
    for (const a of seed) this.accounts.set(a.serviceNumber, { ...a });
  }

  find(serviceNumber: string): SeedAccount | undefined {
    return this.accounts.get(serviceNumber);
  }

  /** Closed accounts are "not active": the contract answers them like unknown ones (1002). */
  findActive(serviceNumber: string): SeedAccount | undefined {
    const account = this.accounts.get(serviceNumber);
    return account && account.userStatus !== '2' ? account : undefined;
  }

  list(): SeedAccount[] {
    return [...this.accounts.values()].map((a) => ({ ...a }));
  }

  /** Bills exist for closed cycles from FIRST_BILL_CYCLE up to last month (CST). */
  isBillCycleAvailable(cycle: string, now = Date.now()): boolean {
    return cycle >= FIRST_BILL_CYCLE && cycle <= previousCycle(cstCycle(now));
  }

  billItems(serviceNumber: string, cycle: string) {
    return billItems(serviceNumber, cycle);
  }
}
