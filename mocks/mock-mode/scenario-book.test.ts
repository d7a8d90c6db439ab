/** The scenario book: order, replacement by id within a scope, ids kept apart between scopes, sequences counted per key, bounds. */
import { expect } from 'chai';
import { delayMs } from './province-hooks';
import { ScenarioBook, ScenarioLimitError } from './scenario-book';

const empty = { kind: 'empty' } as const;

describe('mock mode: the scenario book', () => {
  it('orders non-fallbacks by priority, then the order added, then the fallbacks', () => {
    const book = new ScenarioBook();
    book.add('s', [
      { name: 'a', action: empty },
      { name: 'fb', fallback: true, priority: 100, action: empty },
      { name: 'b', priority: 5, action: empty },
      { name: 'c', action: empty },
    ]);
    expect(book.list('s').map((s) => s.name)).to.deep.equal(['b', 'a', 'c', 'fb']);
  });

  it("replaces a scenario by id within its scope and refuses another scope's id", () => {
    const book = new ScenarioBook();
    book.add('s', [{ id: 'x', name: 'first', action: empty }]);
    book.add('s', [{ id: 'x', name: 'second', action: empty }]);
    expect(book.list('s').map((s) => s.name)).to.deep.equal(['second']);
    expect(() => book.add('t', [{ id: 'x', name: 'theirs', action: empty }])).to.throw(ScenarioLimitError, 'taken by scope s');
    expect(book.list('t')).to.deep.equal([]);
  });

  it('bounds scopes, scenarios per scope and the state keys a sequence remembers', () => {
    const book = new ScenarioBook({ maxScopes: 2, maxScenariosPerScope: 2, maxStateKeys: 2 });
    book.add('a', [{ name: '1', action: empty }]);
    expect(() =>
      book.add('a', [
        { name: '2', action: empty },
        { name: '3', action: empty },
      ]),
    ).to.throw(ScenarioLimitError);
    expect(book.list('a')).to.have.length(1);
    book.add('b', [{ name: '1', action: empty }]);
    expect(() => book.add('c', [{ name: '1', action: empty }])).to.throw(ScenarioLimitError, 'at most 2 scopes');
    const [s] = book.list('a');
    for (const key of ['k1', 'k2', 'k1', 'k3']) book.count('a', s, key);
    expect(['k1', 'k2', 'k3'].map((k) => book.counted('a', s.id, k))).to.deep.equal([2, 0, 1]); // k2 least recently used: forgotten
    expect(s.fired).to.equal(4);
    book.reset('a');
    expect(book.list('a')).to.deep.equal([]);
    expect(book.counted('a', s.id, 'k1')).to.equal(0);
  });
});

describe('mock mode: delays', () => {
  it('draws fixed, uniform and log-normal delays from their parameters', () => {
    expect(delayMs({ fixedMs: 250 })).to.equal(250);
    expect(delayMs({ uniformMs: { min: 100, max: 300 } }, () => 0.5)).to.equal(200);
    // u1 = 1 - e^-0.5 gives a standard normal draw of 1 when cos(2π·u2) = 1 (u2 = 0): median · e^sigma.
    const oneSigma = delayMs({ logNormalMs: { median: 100, sigma: 0.5 } }, sequence([1 - Math.exp(-0.5), 0]));
    expect(oneSigma).to.be.closeTo(100 * Math.exp(0.5), 1e-9);
    expect(delayMs({ logNormalMs: { median: 100, sigma: 3, max: 150 } }, sequence([1 - Math.exp(-0.5), 0]))).to.equal(150);
  });
});

function sequence(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}
