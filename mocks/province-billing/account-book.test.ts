/** A mock province's book stays bounded in a long session, and a scope's books reset to the seed. */
import { expect } from 'chai';
import { NumberSegmentTable } from '../../src/domain/number-segments';
import { AccountBook, BoundedMap } from './account-book';
import { ScopedBooks } from './scoped-books';
import { seedAccounts } from './seed';

describe('mock provinces: bounded, resettable books', () => {
  const segments = NumberSegmentTable.fromCsvFile();

  it('forgets the oldest ledger entries and deliveries past their limits, counting them', () => {
    const book = new AccountBook('51', seedAccounts('51', segments), { maxLedgerEntries: 3, maxDeliveries: 2 });
    for (let i = 1; i <= 5; i++) book.ledger.set(`H${i}`, { transIdH: `H${i}` } as never);
    for (let i = 1; i <= 4; i++) book.fileDelivery('8.2.1', { n: i });
    expect([...book.ledger.keys()]).to.deep.equal(['H3', 'H4', 'H5']);
    expect(book.ledger.dropped).to.equal(2);
    expect(book.deliveries.map((d) => d.body.n)).to.deep.equal([3, 4]);
    expect(book.droppedDeliveries).to.equal(2);
  });

  it('a BoundedMap re-set keeps its size', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('a', 2).set('b', 3);
    expect([...map.entries()]).to.deep.equal([
      ['a', 2],
      ['b', 3],
    ]);
    expect(map.dropped).to.equal(0);
  });

  it("gives each scope its own books from the seed; a reset restores the default scope's in place and drops another's", () => {
    const books = new ScopedBooks(segments, { maxScopes: 3 });
    const number = seedAccounts('51', segments)[0].serviceNumber;
    const seeded = books.of().get('51')!.find(number)!.balance;
    const defaultBook = books.of().get('51')!;
    defaultBook.find(number)!.balance += 7;
    books.of('suite').get('51')!.find(number)!.balance += 9;
    expect(books.of('suite').get('51')!.find(number)!.balance).to.equal(seeded + 9);
    expect(books.reset('default')).to.equal(31);
    expect(defaultBook.find(number)!.balance).to.equal(seeded);
    expect(books.reset('suite')).to.equal(31);
    expect(books.of('suite').get('51')!.find(number)!.balance).to.equal(seeded);
    expect(books.reset('never-opened')).to.equal(0);
  });

  it('drops the least recently used scope past maxScopes, never the default', () => {
    const books = new ScopedBooks(segments, { maxScopes: 3 });
    books.of();
    books.of('a');
    books.of('b');
    books.of('a');
    books.of('c');
    expect(books.scopeNames().sort()).to.deep.equal(['a', 'c', 'default']);
    expect(books.evictedScopes).to.equal(1);
  });
});
