/**
 * Contract of LeaseRepository and JobRunRepository: one holder per lease name until it
 * expires, renew and release only by the holding token; runs recorded, closed once, listed
 * newest first.
 */
import { expect } from 'chai';
import type { ContractContext } from './store-contract';
import { at, expectPlain, jobRun } from './store-fixtures';

const TTL = 10_000;

export function describeLeasesContract(ctx: ContractContext): void {
  const leases = () => ctx.store().leases;

  describe('leases', function () {
    it('gives a free lease to the first asker and tells the next who holds it', async function () {
      const first = await leases().acquire('job#a=1', 'A1', 'token-a', at(0), TTL);
      expect(first).to.deep.equal({ acquired: true, lease: { name: 'job#a=1', owner: 'A1', token: 'token-a', acquiredAt: at(0), expiresAt: at(TTL) } });
      const second = await leases().acquire('job#a=1', 'B1', 'token-b', at(1000), TTL);
      expect(second).to.deep.equal({ acquired: false, heldBy: { name: 'job#a=1', owner: 'A1', token: 'token-a', acquiredAt: at(0), expiresAt: at(TTL) } });
      expect((await leases().acquire('job#a=2', 'B1', 'token-c', at(1000), TTL)).acquired, 'another name is another lease').to.equal(true);
      expectPlain(await leases().get('job#a=1'));
    });

    it('is taken over once it has expired, saying whose it was', async function () {
      await leases().acquire('job#x', 'A1', 'token-a', at(0), TTL);
      expect((await leases().acquire('job#x', 'B1', 'token-b', at(TTL - 1), TTL)).acquired, 'not yet expired').to.equal(false);
      const taken = await leases().acquire('job#x', 'B1', 'token-b', at(TTL), TTL);
      expect(taken).to.deep.include({ acquired: true, lease: { name: 'job#x', owner: 'B1', token: 'token-b', acquiredAt: at(TTL), expiresAt: at(2 * TTL) } });
      expect(taken.acquired && taken.tookOver).to.deep.include({ owner: 'A1', token: 'token-a', expiresAt: at(TTL) });
    });

    it('is renewed only by its holding token; a renewal keeps others out', async function () {
      await leases().acquire('job#r', 'A1', 'token-a', at(0), TTL);
      expect(await leases().renew('job#r', 'token-a', at(8000), TTL)).to.deep.include({ owner: 'A1', expiresAt: at(8000 + TTL) });
      expect((await leases().acquire('job#r', 'B1', 'token-b', at(TTL + 1), TTL)).acquired, 'renewed, so not expired').to.equal(false);
      await leases().acquire('job#r', 'B1', 'token-b', at(8000 + TTL), TTL);
      expect(await leases().renew('job#r', 'token-a', at(8000 + TTL), TTL), 'taken over: the old holder cannot renew').to.equal(undefined);
      expect(await leases().renew('job#none', 'token-a', at(0), TTL)).to.equal(undefined);
    });

    it('is released only by its holding token, and is free after', async function () {
      await leases().acquire('job#l', 'A1', 'token-a', at(0), TTL);
      expect(await leases().release('job#l', 'token-other')).to.equal(false);
      expect((await leases().get('job#l'))?.owner).to.equal('A1');
      expect(await leases().release('job#l', 'token-a')).to.equal(true);
      expect(await leases().get('job#l')).to.equal(undefined);
      expect(await leases().release('job#l', 'token-a')).to.equal(false);
      expect((await leases().acquire('job#l', 'B1', 'token-b', at(1), TTL)).acquired).to.equal(true);
    });

    it('of 20 concurrent askers for a free lease, or for an expired one, exactly one gets it', async function () {
      const why = ctx.limitation('atomic-conditional-update');
      if (why) {
        console.warn(`      !! SKIPPED: ${why}`);
        return this.skip();
      }
      for (const [name, now] of [
        ['job#free', at(0)],
        ['job#free', at(TTL)],
      ] as const) {
        const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => leases().acquire(name, `I${i}`, `token-${now.getTime()}-${i}`, now, TTL)));
        const winners = outcomes.filter((o) => o.acquired);
        expect(winners, `at ${now.toISOString()}`).to.have.length(1);
        const holder = await leases().get(name);
        expect(winners[0].acquired && winners[0].lease.token).to.equal(holder!.token);
        for (const o of outcomes) if (!o.acquired) expect(o.heldBy.token).to.equal(holder!.token);
      }
    });
  });

  describe('job runs', function () {
    const runs = () => ctx.store().runs;

    it('records a run and closes it once, with counts and error as given', async function () {
      const run = jobRun({ params: { day: '20240301', province: '11' }, paramsKey: 'day=20240301&province=11' });
      await runs().insert(run);
      expect(await runs().get(run.runId)).to.deep.equal(run);
      const closed = await runs().finish(run.runId, { outcome: 'failed', counts: { sent: 3, refused: 1 }, finishedAt: at(500), error: 'province 11 refused' });
      expect(closed).to.deep.equal({ ...run, outcome: 'failed', counts: { sent: 3, refused: 1 }, finishedAt: at(500), error: 'province 11 refused' });
      expectPlain(closed);
      expect(await runs().finish(run.runId, { outcome: 'ok', counts: {}, finishedAt: at(600) }), 'closed already').to.equal(undefined);
      expect(await runs().get(run.runId)).to.deep.equal(closed);
      expect(await runs().finish('no-such-run', { outcome: 'ok', counts: {}, finishedAt: at(600) })).to.equal(undefined);
    });

    it('lists newest first, by job, params key and outcome, in pages', async function () {
      await runs().insert(jobRun({ runId: 'r1', job: 'a', startedAt: at(1), outcome: 'ok' }));
      await runs().insert(jobRun({ runId: 'r3', job: 'b', startedAt: at(3), outcome: 'skipped-lease-held', heldBy: 'B1' }));
      await runs().insert(jobRun({ runId: 'r2', job: 'a', startedAt: at(2), paramsKey: 'day=20240302' }));
      await runs().insert(jobRun({ runId: 'r4', job: 'a', startedAt: at(2) }));
      const ids = async (q: Parameters<ReturnType<typeof runs>['list']>[0], limit = 10, skip?: number) =>
        (await runs().list(q, { limit, skip })).map((r) => r.runId);
      expect(await ids({})).to.deep.equal(['r3', 'r4', 'r2', 'r1']);
      expect(await ids({ job: 'a' })).to.deep.equal(['r4', 'r2', 'r1']);
      expect(await ids({ job: 'a', paramsKey: 'day=20240302' })).to.deep.equal(['r2']);
      expect(await ids({ outcome: 'skipped-lease-held' })).to.deep.equal(['r3']);
      expect(await ids({ job: 'a' }, 2, 1)).to.deep.equal(['r2', 'r1']);
      expect(await ids({}, 0)).to.deep.equal([]);
      expect((await runs().list({ job: 'b' }, { limit: 1 }))[0]).to.deep.include({ heldBy: 'B1' });
    });
  });
}
