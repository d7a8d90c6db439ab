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

/** A payment or reversal as the province applied it; keyed by HQ's TransIDH. */
export interface LedgerEntry {
  transIdH: string;
  transIdO: string; // the collecting province's, carried by HQ
  kind: 'PAY' | 'REVERSE';
  serviceNumber: string;
  collectProvince: string;
  amount: number;
  homeSerial: string;
  balanceAfter: number;
  tradeTime: string;
  origTransIdH?: string; // for reversals
  reversedBy?: string; // for payments: the reversal's TransIDH
}

export class AccountBook {
  /** Applied payments and reversals by TransIDH: a re-sent TransIDH gets the same result. */
  readonly ledger = new Map<string, LedgerEntry>();
  private serial = 0;
  private readonly accounts = new Map<string, SeedAccount>();
  /** Documents HQ delivered (reconciliation results, statements, group bills…), oldest first. */
  readonly deliveries: Delivery[] = [];

  constructor(
    readonly province: string,
    seed: SeedAccount[],
  ) {
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

  /** Credits an account: arrears are paid off first, a suspended user with none left is active again. */
  credit(account: SeedAccount, amount: number): void {
    const toArrears = Math.min(account.arrears, Math.max(0, amount));
    account.arrears -= toArrears;
    account.balance += amount - toArrears;
    if (account.userStatus === '1' && account.arrears === 0) account.userStatus = '0';
  }

  /** Takes a reversed payment back off the balance (which may go negative: the province's problem). */
  debit(account: SeedAccount, amount: number): void {
    account.balance -= amount;
  }

  nextSerial(tradeTime: string): string {
    this.serial += 1;
    return `${this.province}${tradeTime.slice(0, 8)}${String(this.serial).padStart(8, '0')}`;
  }

  fileDelivery(interfaceNumber: string, body: XmlRecord): void {
    this.deliveries.push({ interfaceNumber, body, receivedAt: Date.now() });
  }

  billItems(serviceNumber: string, cycle: string) {
    return billItems(serviceNumber, cycle);
  }
}
