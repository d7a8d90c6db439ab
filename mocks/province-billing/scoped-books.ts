/**
 * The mock provinces' account books, one set per test scope: a suite that opens a scope
 * gets every province's seed accounts afresh, and its payments never show in another
 * suite's balances. The default scope's books live as long as the server; others are made
 * on a scope's first call and dropped by a scope reset, the least recently used first when
 * too many scopes are open.
 */
import { NumberSegmentTable } from '../../src/domain/number-segments';
import { PROVINCE_CODES } from '../../src/domain/provinces';
import { DEFAULT_SCOPE } from '../../src/journal/scope';
import { ScopedState } from '../mock-mode/mock-mode';
import { AccountBook, BookLimits } from './account-book';
import { seedAccounts } from './seed';
import { withGroupMembers } from './group-handlers';

export class ScopedBooks implements ScopedState {
  private readonly byScope = new Map<string, Map<string, AccountBook>>();
  /** Scopes whose books were dropped to stay within maxScopes. */
  evictedScopes = 0;

  constructor(
    private readonly segments: NumberSegmentTable,
    private readonly limits: BookLimits & { maxScopes?: number } = {},
  ) {}

  /** Every province's book in `scope`, made from the seed on first use. */
  of(scope: string = DEFAULT_SCOPE): Map<string, AccountBook> {
    let books = this.byScope.get(scope);
    if (books) {
      this.byScope.delete(scope); // re-inserted last: the map's order is the order of last use
      this.byScope.set(scope, books);
      return books;
    }
    books = new Map(PROVINCE_CODES.map((code) => [code, new AccountBook(code, withGroupMembers(code, seedAccounts(code, this.segments)), this.limits)]));
    this.byScope.set(scope, books);
    this.evict();
    return books;
  }

  scopeNames(): string[] {
    return [...this.byScope.keys()];
  }

  has(scope: string): boolean {
    return this.byScope.has(scope);
  }

  /** The default scope's books are emptied in place (callers hold them); another scope's are dropped. */
  reset(scope: string): number {
    const books = this.byScope.get(scope);
    if (!books) return 0;
    if (scope === DEFAULT_SCOPE) for (const book of books.values()) book.reset(withGroupMembers(book.province, seedAccounts(book.province, this.segments)));
    else this.byScope.delete(scope);
    return books.size;
  }

  private evict(): void {
    const max = this.limits.maxScopes ?? 200;
    for (const scope of this.byScope.keys()) {
      if (this.byScope.size <= max) return;
      if (scope === DEFAULT_SCOPE) continue;
      this.byScope.delete(scope);
      this.evictedScopes += 1;
    }
  }
}
