/**
 * Contract of DocumentRepository beyond put/get/list: registered kinds only, conditional
 * transitions (of concurrent ones exactly one wins) and streaming reads in key order.
 */
import { expect } from 'chai';
import { BusinessDocument } from '../../src/store/ports';
import type { ContractContext } from './store-contract';
import { at, businessDocument, expectPlain, LIFECYCLE_KIND, lifecycleDocument, rejectionOf, SAMPLE_KIND } from './store-fixtures';

export function describeDocumentLifecycleContract(ctx: ContractContext): void {
  const docs = () => ctx.store().documents;
  const keysOf = async (stream: AsyncIterable<BusinessDocument>): Promise<string[]> => {
    const keys: string[] = [];
    for await (const doc of stream) keys.push(doc.key);
    return keys;
  };

  describe('documents: registered kinds', function () {
    it('refuses a kind nobody registered, on every operation, naming it', async function () {
      const stray = businessDocument({ kind: 'not-registered' });
      for (const attempt of [
        docs().putIfAbsent(stray),
        docs().get('not-registered', 'k'),
        docs().list('not-registered', '', { limit: 1 }),
        docs().transition('not-registered', 'k', ['open'], { state: 'closed' }),
        docs().stream({ kind: 'not-registered' }).next(),
      ]) {
        expect((await rejectionOf(attempt)).message).to.contain('document kind "not-registered" is not registered');
      }
    });

    it('refuses a lifecycle document without a state, or with a state its kind does not have', async function () {
      expect((await rejectionOf(docs().putIfAbsent(lifecycleDocument({ state: undefined })))).message).to.contain('needs a state');
      expect((await rejectionOf(docs().putIfAbsent(lifecycleDocument({ state: 'opne' })))).message).to.contain('has no state "opne"');
      const doc = lifecycleDocument();
      await docs().putIfAbsent(doc);
      expect(await rejectionOf(docs().transition(doc.kind, doc.key, ['open'], { state: 'shut' })))
        .to.have.property('message')
        .that.contains('has no state "shut"');
      expect(await rejectionOf(docs().transition(doc.kind, doc.key, ['opened'], { state: 'closed' })))
        .to.have.property('message')
        .that.contains('has no state "opened"');
      expect((await docs().get(doc.kind, doc.key))!.state).to.equal('open');
    });
  });

  describe('documents: transition', function () {
    it('applies only from the states named, and returns the document as changed', async function () {
      const doc = lifecycleDocument({ dueAt: at(5) });
      await docs().putIfAbsent(doc);
      expect(await docs().transition(doc.kind, doc.key, ['draft', 'closed'], { state: 'void' })).to.equal(undefined);
      const changed = await docs().transition(doc.kind, doc.key, ['draft', 'open'], { state: 'closed', data: { note: 'second', extra: { at: at(7) } } });
      expectPlain(changed);
      expect(changed).to.deep.include({ state: 'closed', dueAt: at(5), fingerprint: doc.fingerprint, createdAt: doc.createdAt });
      expect(changed!.data).to.deep.equal({ attempts: 0, note: 'second', extra: { at: at(7) } });
      expect(changed!.updatedAt).to.be.instanceOf(Date);
      expect(await docs().get(doc.kind, doc.key)).to.deep.equal(changed);
      expect(await docs().transition(doc.kind, doc.key, ['open'], { state: 'void' }), 'no longer open').to.equal(undefined);
    });

    it('removes data fields and the due time given as undefined, and can keep the state', async function () {
      const doc = lifecycleDocument({ dueAt: at(5) });
      await docs().putIfAbsent(doc);
      const changed = await docs().transition(doc.kind, doc.key, ['open'], { data: { note: undefined, attempts: 1 }, dueAt: undefined });
      expect(changed!.state).to.equal('open');
      expect(changed!.data).to.deep.equal({ attempts: 1 });
      expect(changed).not.to.have.property('dueAt');
      const due = await docs().transition(doc.kind, doc.key, ['open'], { dueAt: at(9), fingerprint: 'fp-2' });
      expect(due).to.deep.include({ dueAt: at(9), fingerprint: 'fp-2' });
      expect((await docs().get(doc.kind, doc.key))!.dueAt).to.deep.equal(at(9));
    });

    it('applies only when the data fields of the condition hold those values too', async function () {
      const doc = lifecycleDocument({ data: { attempts: 2, by: 'A', final: false } });
      await docs().putIfAbsent(doc);
      expect(await docs().transition(doc.kind, doc.key, ['open'], { data: { attempts: 3 } }, { data: { attempts: 1 } })).to.equal(undefined);
      expect(await docs().transition(doc.kind, doc.key, ['open'], { data: { attempts: 3 } }, { data: { attempts: 2, by: 'B' } })).to.equal(undefined);
      expect(await docs().transition(doc.kind, doc.key, ['open'], { data: { attempts: 3 } }, { data: { absent: 'x' } })).to.equal(undefined);
      const claimed = await docs().transition(doc.kind, doc.key, ['open'], { data: { attempts: 3 } }, { data: { attempts: 2, by: 'A', final: false } });
      expect(claimed!.data).to.deep.equal({ attempts: 3, by: 'A', final: false });
      expect(await docs().transition(doc.kind, doc.key, ['open'], { data: { attempts: 3 } }, { data: { attempts: 2 } }), 'claimed already').to.equal(undefined);
    });

    it('finds nothing to change for a missing document or one of a kind without states', async function () {
      expect(await docs().transition(LIFECYCLE_KIND, 'missing', ['open'], { state: 'closed' })).to.equal(undefined);
      const plain = businessDocument();
      await docs().putIfAbsent(plain);
      expect(await docs().transition(plain.kind, plain.key, ['open'], { state: 'closed' })).to.equal(undefined);
    });

    it('refuses a data field MongoDB would read as a path or an operator', async function () {
      const doc = lifecycleDocument();
      await docs().putIfAbsent(doc);
      for (const field of ['a.b', '$set', '']) {
        expect((await rejectionOf(docs().transition(doc.kind, doc.key, ['open'], { data: { [field]: 1 } }))).message).to.contain(
          'cannot change or test the data field',
        );
        expect((await rejectionOf(docs().transition(doc.kind, doc.key, ['open'], {}, { data: { [field]: 1 } }))).message).to.contain(
          'cannot change or test the data field',
        );
      }
    });

    it('lets one of two workers that both read the same state win; the other sees the winner', async function () {
      const doc = lifecycleDocument();
      await docs().putIfAbsent(doc);
      // Forced interleaving: both read before either writes, as two instances would.
      const [seenByA, seenByB] = [await docs().get(doc.kind, doc.key), await docs().get(doc.kind, doc.key)];
      expect([seenByA!.state, seenByB!.state]).to.deep.equal(['open', 'open']);
      const a = await docs().transition(doc.kind, doc.key, [seenByA!.state!], { state: 'closed', data: { by: 'A' } });
      const b = await docs().transition(doc.kind, doc.key, [seenByB!.state!], { state: 'closed', data: { by: 'B' } });
      expect(a?.data.by).to.equal('A');
      expect(b).to.equal(undefined);
      expect((await docs().get(doc.kind, doc.key))!.data.by).to.equal('A');
    });

    it('of 30 concurrent transitions from one state, exactly one wins', async function () {
      const why = ctx.limitation('atomic-conditional-update');
      if (why) {
        console.warn(`      !! SKIPPED: ${why}`);
        return this.skip();
      }
      const doc = lifecycleDocument();
      await docs().putIfAbsent(doc);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const attempts = Array.from({ length: 30 }, (_, i) =>
        gate.then(() => docs().transition(doc.kind, doc.key, ['open'], { state: 'closed', data: { by: i } })),
      );
      release(); // all 30 start in the same turn
      const winners = (await Promise.all(attempts)).filter((d) => d !== undefined);
      expect(winners).to.have.length(1);
      expect(await docs().get(doc.kind, doc.key)).to.deep.equal(winners[0]);
    });
  });

  describe('documents: stream', function () {
    const seed = async (): Promise<void> => {
      const seeded: Array<[string, string, number?]> = [
        ['b|2', 'open', 10],
        ['a|1', 'draft'],
        ['b|1', 'closed', 5],
        ['b|10', 'open', 20],
        ['c|1', 'open', 1],
      ];
      for (const [key, state, due] of seeded) await docs().putIfAbsent(lifecycleDocument({ key, state, ...(due !== undefined && { dueAt: at(due) }) }));
      await docs().putIfAbsent(businessDocument({ key: 'b|3' })); // another kind
    };

    it('walks a kind in key order, by key prefix, by state, and by due time', async function () {
      await seed();
      expect(await keysOf(docs().stream({ kind: LIFECYCLE_KIND }))).to.deep.equal(['a|1', 'b|1', 'b|10', 'b|2', 'c|1']);
      expect(await keysOf(docs().stream({ kind: LIFECYCLE_KIND, keyPrefix: 'b|' }))).to.deep.equal(['b|1', 'b|10', 'b|2']);
      expect(await keysOf(docs().stream({ kind: LIFECYCLE_KIND, state: 'open' }))).to.deep.equal(['b|10', 'b|2', 'c|1']);
      expect(await keysOf(docs().stream({ kind: LIFECYCLE_KIND, state: ['draft', 'closed'] }))).to.deep.equal(['a|1', 'b|1']);
      expect(await keysOf(docs().stream({ kind: LIFECYCLE_KIND, keyPrefix: 'b|', state: 'open' }))).to.deep.equal(['b|10', 'b|2']);
      expect(await keysOf(docs().stream({ kind: LIFECYCLE_KIND, state: ['open', 'closed'], dueBy: at(10) }))).to.deep.equal(['b|1', 'b|2', 'c|1']);
      expect(await keysOf(docs().stream({ kind: LIFECYCLE_KIND, keyPrefix: 'z' }))).to.deep.equal([]);
      expect(await keysOf(docs().stream({ kind: SAMPLE_KIND }))).to.deep.equal(['b|3']);
    });

    it('hands out whole documents as copies, and can be left early', async function () {
      await seed();
      const stream = docs().stream({ kind: LIFECYCLE_KIND, keyPrefix: 'b|' });
      const first = await stream.next();
      expect(first.done).to.equal(false);
      expectPlain(first.value);
      expect(first.value).to.deep.equal(await docs().get(LIFECYCLE_KIND, 'b|1'));
      first.value.data.note = 'changed';
      expect(await stream.return!()).to.deep.equal({ done: true, value: undefined });
      expect((await docs().get(LIFECYCLE_KIND, 'b|1'))!.data.note).to.equal('first');
      const all = [];
      for await (const doc of docs().stream({ kind: LIFECYCLE_KIND })) {
        all.push(doc.key);
        if (all.length === 2) break;
      }
      expect(all).to.deep.equal(['a|1', 'b|1']);
    });

    it('walks more documents than one batch holds', async function () {
      const keys = Array.from({ length: 250 }, (_, i) => `many|${String(i).padStart(3, '0')}`);
      for (const key of [...keys].reverse()) await docs().putIfAbsent(lifecycleDocument({ key }));
      expect(await keysOf(docs().stream({ kind: LIFECYCLE_KIND, keyPrefix: 'many|', state: 'open' }))).to.deep.equal(keys);
    });
  });
}
