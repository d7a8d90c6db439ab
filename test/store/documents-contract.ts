/** Contract of DocumentRepository: one document per (kind, key), listed by key prefix. */
import { expect } from 'chai';
import { BusinessDocument } from '../../src/store/ports';
import type { ContractContext } from './store-contract';
import { at, businessDocument, expectPlain, OTHER_KIND, SAMPLE_KIND } from './store-fixtures';

export function describeDocumentsContract(ctx: ContractContext): void {
  describe('documents', function () {
    it('puts a document and gets it back as given, nested data and Dates included', async function () {
      const doc = businessDocument();
      const outcome = await ctx.store().documents.putIfAbsent(doc);
      expect(outcome).to.deep.equal({ inserted: true, record: doc });
      const found = await ctx.store().documents.get(doc.kind, doc.key);
      expect(found).to.deep.equal(doc);
      for (const record of [outcome, found, await ctx.store().documents.list(doc.kind, '', { limit: 1 })]) expectPlain(record);
      expect(found!.data.when).to.be.instanceOf(Date);
      expect(await ctx.store().documents.get(doc.kind, 'nothing')).to.equal(undefined);
      expect(await ctx.store().documents.get(OTHER_KIND, doc.key)).to.equal(undefined);
    });

    it('returns the existing document for the same (kind, key), even with other content', async function () {
      const first = businessDocument();
      await ctx.store().documents.putIfAbsent(first);
      const other = businessDocument({ key: first.key, fingerprint: 'other', data: { other: true }, createdAt: at(9) });
      expect(await ctx.store().documents.putIfAbsent(other)).to.deep.equal({ inserted: false, existing: first });
      expect(await ctx.store().documents.get(first.kind, first.key)).to.deep.equal(first);
    });

    it('takes the same key under another kind as another document', async function () {
      const sample = businessDocument({ kind: SAMPLE_KIND, key: '202402|11' });
      const other = businessDocument({ kind: OTHER_KIND, key: '202402|11' });
      expect((await ctx.store().documents.putIfAbsent(sample)).inserted).to.equal(true);
      expect((await ctx.store().documents.putIfAbsent(other)).inserted).to.equal(true);
      expect(await ctx.store().documents.get(OTHER_KIND, '202402|11')).to.deep.equal(other);
    });

    it('leaves keys given as undefined out of the data', async function () {
      const doc = businessDocument({ data: { kept: 1, dropped: undefined, inner: { dropped: undefined } } });
      await ctx.store().documents.putIfAbsent(doc);
      expect((await ctx.store().documents.get(doc.kind, doc.key))!.data).to.deep.equal({ kept: 1, inner: {} });
    });

    it('of 50 concurrent puts of one (kind, key), exactly one inserts; the rest get its document', async function () {
      const attempts = Array.from({ length: 50 }, (_, i) => businessDocument({ key: 'RACE|1', fingerprint: `fp-${i}` }));
      const outcomes = await Promise.all(attempts.map((d) => ctx.store().documents.putIfAbsent(d)));
      const winners = outcomes.flatMap((o) => (o.inserted ? [o.record] : []));
      expect(winners).to.have.length(1);
      for (const o of outcomes) if (!o.inserted) expect(o.existing).to.deep.equal(winners[0]);
      expect(await ctx.store().documents.list(SAMPLE_KIND, '', { limit: 100 })).to.deep.equal(winners);
    });

    it('lists a kind by key prefix, in key order, the prefix taken literally', async function () {
      const keys = ['p|2', 'q|1', 'p|10', 'p.|1', 'px|1', 'p|1', 'P|1', 'a(b|1'];
      for (const key of keys) await ctx.store().documents.putIfAbsent(businessDocument({ key }));
      await ctx.store().documents.putIfAbsent(businessDocument({ kind: OTHER_KIND, key: 'p|3' }));
      const list = async (prefix: string): Promise<string[]> => (await ctx.store().documents.list(SAMPLE_KIND, prefix, { limit: 100 })).map((d) => d.key);
      expect(await list('p|')).to.deep.equal(['p|1', 'p|10', 'p|2']);
      expect(await list('p.')).to.deep.equal(['p.|1']);
      expect(await list('a(b')).to.deep.equal(['a(b|1']);
      expect(await list('')).to.deep.equal(['P|1', 'a(b|1', 'p.|1', 'px|1', 'p|1', 'p|10', 'p|2', 'q|1']);
      expect(await list('z')).to.deep.equal([]);
    });

    it('lists by a non-ASCII prefix in code-point order', async function () {
      for (const key of ['省份|2', '省|2', '省|1', '县|1']) await ctx.store().documents.putIfAbsent(businessDocument({ key }));
      const list = async (prefix: string): Promise<string[]> => (await ctx.store().documents.list(SAMPLE_KIND, prefix, { limit: 100 })).map((d) => d.key);
      expect(await list('省')).to.deep.equal(['省|1', '省|2', '省份|2']);
      expect(await list('省|')).to.deep.equal(['省|1', '省|2']);
    });

    it('pages the list with limit and skip', async function () {
      for (const key of ['k|3', 'k|1', 'k|4', 'k|2']) await ctx.store().documents.putIfAbsent(businessDocument({ key }));
      const page = async (limit: number, skip?: number): Promise<string[]> =>
        (await ctx.store().documents.list(SAMPLE_KIND, 'k|', { limit, skip })).map((d) => d.key);
      expect(await page(2)).to.deep.equal(['k|1', 'k|2']);
      expect(await page(2, 2)).to.deep.equal(['k|3', 'k|4']);
      expect(await page(5, 3)).to.deep.equal(['k|4']);
      expect(await page(0)).to.deep.equal([]);
    });

    it('hands out copies: changing a put or returned document changes nothing stored', async function () {
      const doc = businessDocument();
      const original: BusinessDocument = structuredClone(doc);
      const outcome = await ctx.store().documents.putIfAbsent(doc);
      (doc.data.deep as { a: { b: string } }).a.b = 'changed';
      if (outcome.inserted) outcome.record.data.month = 'changed';
      const found = (await ctx.store().documents.get(doc.kind, doc.key))!;
      found.createdAt.setTime(0);
      const [listed] = await ctx.store().documents.list(doc.kind, doc.key, { limit: 1 });
      listed.fingerprint = 'changed';
      expect(await ctx.store().documents.get(doc.kind, doc.key)).to.deep.equal(original);
    });
  });
}
