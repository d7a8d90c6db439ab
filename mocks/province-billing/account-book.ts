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

/** How much a book keeps: a long partner session must not grow the mocks without end. */
export interface BookLimits {
  maxLedgerEntries?: number;
  maxDeliveries?: number;
}

/** A Map that forgets its oldest entries past `max`, counting them. */
export class BoundedMap<K, V> extends Map<K, V> {
  dropped = 0;

  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    super.set(key, value);
    if (this.size > this.max) {
      this.delete(this.keys().next().value!);
      this.dropped += 1;
    }
    return this;
  }
}

export class AccountBook {
  /** Applied payments and reversals by TransIDH: a re-sent TransIDH gets the same result (within the last maxLedgerEntries). */
  readonly ledger: BoundedMap<string, LedgerEntry>;
  private serial = 0;
  private readonly accounts = new Map<string, SeedAccount>();
  /** Documents HQ delivered (reconciliation results, statements, group bills…), oldest first. */
  readonly deliveries: Delivery[] = [];
  /** Deliveries dropped, oldest first, to stay within maxDeliveries. */
  droppedDeliveries = 0;
  private readonly maxDeliveries: number;

  constructor(
    readonly province: string,
    seed: SeedAccount[],
    limits: BookLimits = {},
  ) {
    this.ledger = new BoundedMap(limits.maxLedgerEntries ?? 50_000);
    this.maxDeliveries = limits.maxDeliveries ?? 1_000;
    this.reset(seed);
  }

  /** Back to the seed: no payments, no deliveries. */
  reset(seed: SeedAccount[]): void {
    this.accounts.clear();
    for (const a of seed) this.accounts.set(a.serviceNumber, { ...a });
    this.ledger.clear();
    this.deliveries.length = 0;
    this.serial = 0;
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
    if (this.deliveries.length > this.maxDeliveries) {
      this.deliveries.shift();
      this.droppedDeliveries += 1;
    }
  }

  billItems(serviceNumber: string, cycle: string) {
    return billItems(serviceNumber, cycle);
  }
}
