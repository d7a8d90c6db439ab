import { expect } from 'chai';
import { DocumentKindRegistry } from './document-kinds';

describe('document kinds: registered by their families', () => {
  it('refuses the same kind twice, naming both who registered it', () => {
    const kinds = new DocumentKindRegistry();
    kinds.register({ kind: 'sample-result', owner: 'family A' });
    expect(() => kinds.register({ kind: 'sample-result', owner: 'family B' })).to.throw(
      'document kind "sample-result" is registered twice: by family A and by family B',
    );
    expect(kinds.all().map((k) => k.owner)).to.deep.equal(['family A']);
  });

  it('names the registered kinds when asked for another', () => {
    const kinds = new DocumentKindRegistry();
    kinds.register({ kind: 'b-kind', owner: 'x' });
    kinds.register({ kind: 'a.kind', owner: 'y' });
    expect(() => kinds.definitionOf('c-kind')).to.throw('document kind "c-kind" is not registered (registered: a.kind, b-kind)');
    expect(kinds.has('a.kind')).to.equal(true);
  });

  it('refuses a malformed kind name and states that repeat or are missing', () => {
    const kinds = new DocumentKindRegistry();
    for (const kind of ['', 'Upper', 'has space', 'trailing-', '1st'])
      expect(() => kinds.register({ kind, owner: 'x' }), kind).to.throw('must be lower-case words');
    expect(() => kinds.register({ kind: 'k', owner: 'x', states: ['a', 'a'] })).to.throw('must name its states once each');
    expect(() => kinds.register({ kind: 'k', owner: 'x', states: [] })).to.throw('must name its states once each');
  });

  it('checks states against the kind that has a lifecycle, and lets one without any be', () => {
    const kinds = new DocumentKindRegistry();
    kinds.register({ kind: 'with-states', owner: 'x', states: ['open', 'closed'] });
    kinds.register({ kind: 'without', owner: 'x' });
    expect(() => kinds.checkStates('with-states', ['open', undefined, 'closed'])).not.to.throw();
    expect(() => kinds.checkStates('with-states', ['gone'])).to.throw('document kind "with-states" has no state "gone" (its states: open, closed)');
    expect(() => kinds.checkStates('without', ['anything'])).not.to.throw();
  });
});
