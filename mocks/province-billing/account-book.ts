/**
 * One mock province's billing state: its accounts, kept in memory.
 */
import { cstCycle, previousCycle } from '../../src/domain/cst-time';
import { XmlRecord } from '../../src/contract/schema-model';
import { billItems, FIRST_BILL_CYCLE, SeedAccount } from './seed';

export interface Delivery {
  interfaceNumber: string;
  body: XmlRecord;
  receivedAt: number;
}

export class AccountBook {
  private readonly accounts = new Map<string, SeedAccount>();
  /** Documents HQ delivered (reconciliation results, statements, group bills…), oldest first. */
  readonly deliveries: Delivery[] = [];

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

  fileDelivery(interfaceNumber: string, body: XmlRecord): void {
    this.deliveries.push({ interfaceNumber, body, receivedAt: Date.now() });
  }

  billItems(serviceNumber: string, cycle: string) {
    return billItems(serviceNumber, cycle);
  }
}
