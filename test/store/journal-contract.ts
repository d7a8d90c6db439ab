/** Contract of JournalRepository: append-only, queried newest first. */
import { expect } from 'chai';
import { JournalEntry, JournalQuery } from '../../src/store/ports';
import type { ContractContext } from './store-contract';
import { at, expectPlain, journalEntry } from './store-fixtures';

export function describeJournalContract(ctx: ContractContext): void {
  describe('journal', function () {
    it('appends entries and finds them newest first, exactly as given', async function () {
      const [older, newest, middle] = [journalEntry({ receivedAt: at(0) }), journalEntry({ receivedAt: at(2) }), journalEntry({ receivedAt: at(1) })];
      await ctx.store().journal.appendMany([older, newest, middle]);
      const found = await ctx.store().journal.find({}, { limit: 10 });
      expect(found).to.deep.equal([newest, middle, older]);
      expectPlain(found);
      expect(await ctx.store().journal.count({})).to.equal(3);
    });

    it('treats appending nothing as a no-op', async function () {
      await ctx.store().journal.appendMany([]);
      expect(await ctx.store().journal.count({})).to.equal(0);
      expect(await ctx.store().journal.find({}, { limit: 10 })).to.deep.equal([]);
    });

    it('leaves optional fields absent, also when they were given as undefined', async function () {
      const entry = journalEntry({ operation: undefined, sender: undefined, fault: undefined, httpStatus: undefined });
      await ctx.store().journal.appendMany([entry]);
      const [found] = await ctx.store().journal.find({}, { limit: 1 });
      for (const key of ['operation', 'sender', 'fault', 'httpStatus']) expect(found).not.to.have.property(key);
      expect(found).to.include({ transIdH: entry.transIdH, rspCode: entry.rspCode, truncated: false });
    });

    it('finds and counts by transIdO, transIdH, procId, serviceNumber and interfaceNumber', async function () {
      const a = journalEntry({ receivedAt: at(0), serviceNumber: 'S1', interfaceNumber: '5.2.1' });
      const b = journalEntry({ receivedAt: at(1), serviceNumber: 'S1', interfaceNumber: '4.2.1', transIdO: a.transIdO });
      const c = journalEntry({ receivedAt: at(2), serviceNumber: 'S2', interfaceNumber: '5.2.1', procId: a.procId });
      const d = journalEntry({ receivedAt: at(3), serviceNumber: undefined, transIdH: undefined, transIdO: undefined });
      await ctx.store().journal.appendMany([a, b, c, d]);
      const hs = (query: JournalQuery): Promise<Array<string | undefined>> => findHs(ctx, query);
      expect(await hs({ transIdO: a.transIdO })).to.deep.equal([b.transIdH, a.transIdH]);
      expect(await hs({ transIdH: c.transIdH })).to.deep.equal([c.transIdH]);
      expect(await hs({ procId: a.procId })).to.deep.equal([c.transIdH, a.transIdH]);
      expect(await hs({ serviceNumber: 'S1' })).to.deep.equal([b.transIdH, a.transIdH]);
      expect(await hs({ interfaceNumber: '5.2.1' })).to.deep.equal([c.transIdH, a.transIdH]);
      expect(await hs({ serviceNumber: 'S1', interfaceNumber: '5.2.1' })).to.deep.equal([a.transIdH]);
      expect(await hs({ transIdH: 'nobody' })).to.deep.equal([]);
      expect(await ctx.store().journal.count({ serviceNumber: 'S1' })).to.equal(2);
      expect(await ctx.store().journal.count({ procId: a.procId, serviceNumber: 'S2' })).to.equal(1);
    });

    it('finds and counts by time range: from inclusive, to exclusive', async function () {
      const entries = [0, 1000, 2000, 3000].map((ms) => journalEntry({ receivedAt: at(ms), serviceNumber: ms === 2000 ? 'S9' : 'S1' }));
      await ctx.store().journal.appendMany(entries);
      const [e0, e1, e2, e3] = entries.map((e) => e.transIdH);
      expect(await findHs(ctx, { from: at(1000) })).to.deep.equal([e3, e2, e1]);
      expect(await findHs(ctx, { to: at(2000) })).to.deep.equal([e1, e0]);
      expect(await findHs(ctx, { from: at(1000), to: at(3000) })).to.deep.equal([e2, e1]);
      expect(await findHs(ctx, { from: at(1000), to: at(3000), serviceNumber: 'S1' })).to.deep.equal([e1]);
      expect(await ctx.store().journal.count({ from: at(1), to: at(3001) })).to.equal(3);
    });

    it('pages with limit and skip in one stable order, equal times included', async function () {
      const times = [5, 1, 3, 3, 3, 0, 3, 4];
      await ctx.store().journal.appendMany(times.map((ms) => journalEntry({ receivedAt: at(ms) })));
      const all = await ctx.store().journal.find({}, { limit: 100 });
      expect(all.map((e) => e.receivedAt.getTime() - at(0).getTime())).to.deep.equal([5, 4, 3, 3, 3, 3, 1, 0]);
      const pages: JournalEntry[] = [];
      for (let skip = 0; skip < all.length; skip += 3) pages.push(...(await ctx.store().journal.find({}, { limit: 3, skip })));
      expect(pages).to.deep.equal(all);
      expect(await ctx.store().journal.find({}, { limit: 3, skip: 8 })).to.deep.equal([]);
      expect(await ctx.store().journal.find({}, { limit: 0 })).to.deep.equal([]);
    });

    it('hands out copies: changing an appended or returned entry changes nothing stored', async function () {
      const entry = journalEntry();
      const original = structuredClone(entry);
      await ctx.store().journal.appendMany([entry]);
      entry.rspCode = 'changed';
      entry.receivedAt.setTime(0);
      const [found] = await ctx.store().journal.find({}, { limit: 1 });
      found.rspCode = 'changed again';
      found.receivedAt.setTime(1);
      expect(await ctx.store().journal.find({}, { limit: 1 })).to.deep.equal([original]);
    });

    it('finds and counts by province, RspCode, direction, the scenario fired and the scope (default: also none named)', async function () {
      const fired = { id: 'sc-1', name: 'unknown user', reason: 'matched match.serviceNumber = 1' };
      const miss = { id: 'sc-2', name: 'other', failed: 'match.interface', expected: '5.2.2', actual: '4.2.2', matched: 0 };
      const a = journalEntry({ receivedAt: at(0), province: '51', rspCode: '1002', scope: 'suite-a', scenario: fired });
      const b = journalEntry({ receivedAt: at(1), province: '17', direction: 'outbound', scope: 'suite-a', nearMisses: [miss] });
      const c = journalEntry({ receivedAt: at(2), province: '51' });
      const d = journalEntry({ receivedAt: at(3), scope: 'default' });
      await ctx.store().journal.appendMany([a, b, c, d]);
      expect(await findHs(ctx, { province: '51' })).to.deep.equal([c.transIdH, a.transIdH]);
      expect(await findHs(ctx, { rspCode: '1002' })).to.deep.equal([a.transIdH]);
      expect(await findHs(ctx, { direction: 'outbound' })).to.deep.equal([b.transIdH]);
      expect(await findHs(ctx, { scenario: 'sc-1' })).to.deep.equal([a.transIdH]);
      expect(await findHs(ctx, { scope: 'suite-a' })).to.deep.equal([b.transIdH, a.transIdH]);
      expect(await findHs(ctx, { scope: 'default' })).to.deep.equal([d.transIdH, c.transIdH]);
      expect(await ctx.store().journal.count({ scope: 'suite-a', province: '51' })).to.equal(1);
      const [found] = await ctx.store().journal.find({ transIdH: b.transIdH }, { limit: 1 });
      expect(found).to.deep.equal(b);
      expect((await ctx.store().journal.find({ transIdH: a.transIdH }, { limit: 1 }))[0].scenario).to.deep.equal(fired);
    });

    it('gives each entry an id that reads it back, and none for what it does not hold', async function () {
      const entries = [0, 1, 2].map((ms) => journalEntry({ receivedAt: at(ms) }));
      await ctx.store().journal.appendMany(entries);
      const found = await ctx.store().journal.findIdentified({}, { limit: 10 });
      expect(found.map((f) => f.entry)).to.deep.equal([...entries].reverse());
      expect(new Set(found.map((f) => f.id)).size).to.equal(3);
      for (const f of found) expect(await ctx.store().journal.get(f.id)).to.deep.equal(f);
      for (const id of ['', 'nope', '999999999', '0123456789abcdef01234567']) expect(await ctx.store().journal.get(id), id).to.equal(undefined);
    });

    it("removes a scope's entries, and only those; the default scope's are also those that name none", async function () {
      const entries = [
        journalEntry({ receivedAt: at(0), scope: 'suite-a' }),
        journalEntry({ receivedAt: at(1), scope: 'suite-b' }),
        journalEntry({ receivedAt: at(2) }),
        journalEntry({ receivedAt: at(3), scope: 'suite-a' }),
      ];
      await ctx.store().journal.appendMany(entries);
      const [kept] = await ctx.store().journal.findIdentified({ scope: 'suite-b' }, { limit: 1 });
      const [gone] = await ctx.store().journal.findIdentified({ scope: 'suite-a' }, { limit: 1 });
      expect(await ctx.store().journal.removeScope('suite-a')).to.equal(2);
      expect(await ctx.store().journal.removeScope('suite-a')).to.equal(0);
      expect(await findHs(ctx, {})).to.deep.equal([entries[2].transIdH, entries[1].transIdH]);
      expect(await ctx.store().journal.get(gone.id)).to.equal(undefined);
      expect(await ctx.store().journal.get(kept.id)).to.deep.equal(kept);
      expect(await ctx.store().journal.removeScope('default')).to.equal(1);
      expect(await findHs(ctx, {})).to.deep.equal([entries[1].transIdH]);
      await ctx.store().journal.appendMany([journalEntry({ receivedAt: at(4) })]);
      expect(await ctx.store().journal.count({})).to.equal(2);
    });

    it('keeps Dates as Dates, to the millisecond', async function () {
      const entry = journalEntry({ receivedAt: new Date('2024-12-31T23:59:59.999Z') });
      await ctx.store().journal.appendMany([entry]);
      const [found] = await ctx.store().journal.find({}, { limit: 1 });
      expect(found.receivedAt).to.be.instanceOf(Date);
      expect(found.receivedAt.toISOString()).to.equal('2024-12-31T23:59:59.999Z');
    });
  });
}

async function findHs(ctx: ContractContext, query: JournalQuery): Promise<Array<string | undefined>> {
  return (await ctx.store().journal.find(query, { limit: 100 })).map((e) => e.transIdH);
}
