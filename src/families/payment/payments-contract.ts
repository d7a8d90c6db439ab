/**
 * Contract of PaymentRepository: unique keys, conditional transitions, the resolver's list.
 * Run on every store adapter by payment-records.test.ts.
 */
import { expect } from 'chai';
import { StoreUnavailableError } from '../../store/ports';
import type { ContractContext } from '../../../test/store/store-contract';
import { at, expectPlain, rejectionOf, T0 } from '../../../test/store/store-fixtures';
import { payment, settledPayment } from './payment-fixtures';
import { PaymentQuery, PaymentRecord, PaymentRepository } from './payment-port';
import { PAYMENT_RECORDS } from './payment-store';

/** The current test store's payments. */
const paymentsOf = (ctx: ContractContext): PaymentRepository => ctx.store().records(PAYMENT_RECORDS);

export function describePaymentsContract(ctx: ContractContext): void {
  describe('payments', function () {
    describeInserts(ctx);
    describeTransitions(ctx);
    describeDue(ctx);
    describeQueries(ctx);
  });
}

function describeInserts(ctx: ContractContext): void {
  it('inserts a payment and finds it by (sender, transIdO) and by transIdH, as given', async function () {
    const p = settledPayment();
    const outcome = await paymentsOf(ctx).insertIfAbsent(p);
    expect(outcome).to.deep.equal({ inserted: true, record: p });
    const bySender = await paymentsOf(ctx).bySenderTransIdO(p.sender, p.transIdO);
    const byH = await paymentsOf(ctx).byTransIdH(p.transIdH);
    expect(bySender).to.deep.equal(p);
    expect(byH).to.deep.equal(p);
    for (const record of [outcome, bySender, byH, await paymentsOf(ctx).find({}, { limit: 1 })]) expectPlain(record);
    expect(await paymentsOf(ctx).bySenderTransIdO('BILL99', p.transIdO)).to.equal(undefined);
    expect(await paymentsOf(ctx).byTransIdH('nobody')).to.equal(undefined);
  });

  it('leaves optional fields absent, also when they were given as undefined', async function () {
    const p = payment({ homeSerial: undefined, answer: undefined, nextAttemptAt: undefined, reversal: undefined });
    const outcome = await paymentsOf(ctx).insertIfAbsent(p);
    const stored = await paymentsOf(ctx).byTransIdH(p.transIdH);
    for (const record of [outcome.inserted && outcome.record, stored]) {
      for (const key of ['homeSerial', 'balanceAfter', 'answer', 'nextAttemptAt', 'reversal']) expect(record).not.to.have.property(key);
    }
  });

  it('returns the existing payment for the same (sender, transIdO) and stores nothing new', async function () {
    const first = payment();
    await paymentsOf(ctx).insertIfAbsent(first);
    const again = payment({ sender: first.sender, transIdO: first.transIdO, fingerprint: 'other content' });
    expect(await paymentsOf(ctx).insertIfAbsent(again)).to.deep.equal({ inserted: false, existing: first });
    expect(await paymentsOf(ctx).byTransIdH(again.transIdH)).to.equal(undefined);
    expect(await paymentsOf(ctx).count({})).to.equal(1);
  });

  it('takes the same transIdO from another sender as another payment', async function () {
    const first = payment({ sender: 'BILL11' });
    const other = payment({ sender: 'BILL31', transIdO: first.transIdO });
    expect((await paymentsOf(ctx).insertIfAbsent(first)).inserted).to.equal(true);
    expect((await paymentsOf(ctx).insertIfAbsent(other)).inserted).to.equal(true);
    expect(await paymentsOf(ctx).count({})).to.equal(2);
  });

  it('refuses a new payment whose transIdH is taken (a caller bug, not a duplicate), naming the TransIDH', async function () {
    const first = payment();
    await paymentsOf(ctx).insertIfAbsent(first);
    const error = await rejectionOf(paymentsOf(ctx).insertIfAbsent(payment({ transIdH: first.transIdH })));
    expect(error.message).to.contain(`duplicate TransIDH ${first.transIdH}`);
    expect(error).not.to.be.instanceOf(StoreUnavailableError);
    expect(await paymentsOf(ctx).count({})).to.equal(1);
  });

  it('of 50 concurrent inserts of one (sender, transIdO), exactly one inserts; the rest get its record', async function () {
    const attempts = Array.from({ length: 50 }, (_, i) => payment({ transIdO: 'RACE-O', fingerprint: `fp-${i}` }));
    const outcomes = await Promise.all(attempts.map((p) => paymentsOf(ctx).insertIfAbsent(p)));
    const winners = outcomes.flatMap((o) => (o.inserted ? [o.record] : []));
    expect(winners).to.have.length(1);
    for (const o of outcomes) if (!o.inserted) expect(o.existing).to.deep.equal(winners[0]);
    expect(await paymentsOf(ctx).count({})).to.equal(1);
    expect(await paymentsOf(ctx).bySenderTransIdO('BILL11', 'RACE-O')).to.deep.equal(winners[0]);
  });

  it('hands out copies: changing an inserted or returned payment changes nothing stored', async function () {
    const p = settledPayment();
    const original = structuredClone(p);
    const outcome = await paymentsOf(ctx).insertIfAbsent(p);
    p.state = 'FAILED';
    p.answer!.body.HomeSerial = 'changed';
    if (outcome.inserted) outcome.record.reversal!.requestedAt.setTime(0);
    const found = (await paymentsOf(ctx).byTransIdH(p.transIdH))!;
    found.amount = 1;
    found.createdAt.setTime(0);
    expect(await paymentsOf(ctx).byTransIdH(p.transIdH)).to.deep.equal(original);
  });
}

function describeTransitions(ctx: ContractContext): void {
  it('transitions only from the named states, stamping updatedAt', async function () {
    const p = payment({ state: 'PENDING' });
    await paymentsOf(ctx).insertIfAbsent(p);
    const answer = { rspCode: '0000', body: {} };
    const after = await paymentsOf(ctx).transition(p.transIdH, ['PENDING', 'REVERSING'], { state: 'SUCCESS', homeSerial: 'HS', answer });
    expect(after).to.deep.equal({ ...p, state: 'SUCCESS', homeSerial: 'HS', answer, updatedAt: after?.updatedAt });
    expect(after!.updatedAt).to.be.instanceOf(Date);
    expect(after!.updatedAt.getTime()).to.be.greaterThan(T0.getTime());
    expect(await paymentsOf(ctx).byTransIdH(p.transIdH)).to.deep.equal(after);
    expectPlain(after);
  });

  it('refuses a transition from any other state and changes nothing', async function () {
    const p = settledPayment({ state: 'FAILED' });
    await paymentsOf(ctx).insertIfAbsent(p);
    expect(await paymentsOf(ctx).transition(p.transIdH, ['SUCCESS', 'PENDING'], { state: 'REVERSING', attempts: 9 })).to.equal(undefined);
    expect(await paymentsOf(ctx).transition(p.transIdH, [], { state: 'REVERSING' })).to.equal(undefined);
    expect(await paymentsOf(ctx).byTransIdH(p.transIdH)).to.deep.equal(p);
  });

  it('answers undefined for a payment that does not exist', async function () {
    expect(await paymentsOf(ctx).transition('nobody', ['PENDING'], { state: 'SUCCESS' })).to.equal(undefined);
    expect(await paymentsOf(ctx).count({})).to.equal(0);
  });

  it('removes a field given as undefined, and replaces nested records whole', async function () {
    const p = settledPayment({ state: 'REVERSING' });
    await paymentsOf(ctx).insertIfAbsent(p);
    const reversal = { ...p.reversal!, homeSerial: undefined, requestedAt: new Date('2024-05-05T05:05:05.555Z') };
    const after = await paymentsOf(ctx).transition(p.transIdH, ['REVERSING'], {
      state: 'REVERSED',
      nextAttemptAt: undefined,
      balanceAfter: undefined,
      reversal,
    });
    const { nextAttemptAt: _n, balanceAfter: _b, ...kept } = p;
    const { homeSerial: _h, ...expectedReversal } = reversal;
    expect(after).to.deep.equal({ ...kept, state: 'REVERSED', reversal: expectedReversal, updatedAt: after?.updatedAt });
    expect(await paymentsOf(ctx).byTransIdH(p.transIdH)).to.deep.equal(after);
    const cleared = await paymentsOf(ctx).transition(p.transIdH, ['REVERSED'], { reversal: undefined });
    expect(cleared).not.to.have.property('reversal');
  });

  it('keeps a refused reversal, its answer whole, beside the payment back in SUCCESS', async function () {
    const p = settledPayment({ state: 'REVERSING' });
    await paymentsOf(ctx).insertIfAbsent(p);
    const refusedReversal = {
      sender: 'BILL11',
      transIdO: 'R1',
      transIdH: 'RH1',
      answer: { rspCode: '3001', rspDesc: 'the home province refused', body: { ServiceNumber: p.serviceNumber, OrigTransIDH: p.transIdH } },
    };
    await paymentsOf(ctx).transition(p.transIdH, ['REVERSING'], { state: 'SUCCESS', reversal: undefined, refusedReversal });
    const stored = await paymentsOf(ctx).byTransIdH(p.transIdH);
    expect(stored).to.include({ state: 'SUCCESS' });
    expect(stored).not.to.have.property('reversal');
    expect(stored!.refusedReversal).to.deep.equal(refusedReversal);
  });

  it('finds a payment by the sender and TransIDO of its reversal, in progress or refused, and no other', async function () {
    const reversing = settledPayment({ state: 'REVERSING' });
    const refused = settledPayment();
    await paymentsOf(ctx).insertIfAbsent(reversing);
    await paymentsOf(ctx).insertIfAbsent(refused);
    const reversal = { sender: 'BILL77', transIdO: 'RV-1', transIdH: 'RVH-1', procId: 'RP-1', reverseTime: '20240301170000', requestedAt: at(60) };
    await paymentsOf(ctx).transition(reversing.transIdH, ['REVERSING'], { reversal });
    const refusedReversal = { sender: 'BILL77', transIdO: 'RV-2', transIdH: 'RVH-2', answer: { rspCode: '2005', rspDesc: 'no', body: {} } };
    await paymentsOf(ctx).transition(refused.transIdH, ['SUCCESS'], { refusedReversal });
    expect((await paymentsOf(ctx).byReversal('BILL77', 'RV-1'))?.transIdH).to.equal(reversing.transIdH);
    expect((await paymentsOf(ctx).byReversal('BILL77', 'RV-2'))?.transIdH).to.equal(refused.transIdH);
    expect(await paymentsOf(ctx).byReversal('BILL78', 'RV-1')).to.equal(undefined);
    expect(await paymentsOf(ctx).byReversal('BILL77', reversing.transIdO)).to.equal(undefined); // a payment's own TransIDO is not a reversal's
  });

  it('of 20 concurrent transitions out of SUCCESS, exactly one wins', async function () {
    const reason = ctx.limitation('atomic-conditional-update');
    if (reason) {
      console.warn(`      ! skipped: ${reason}`);
      this.skip();
    }
    const p = settledPayment({ state: 'SUCCESS' });
    await paymentsOf(ctx).insertIfAbsent(p);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => paymentsOf(ctx).transition(p.transIdH, ['SUCCESS'], { state: 'REVERSING', attempts: 100 + i })),
    );
    const winners = results.filter((r): r is PaymentRecord => r !== undefined);
    expect(winners).to.have.length(1);
    expect(winners[0].state).to.equal('REVERSING');
    expect(await paymentsOf(ctx).byTransIdH(p.transIdH)).to.deep.equal(winners[0]);
  });

  it('claims by attempt count: of 10 concurrent claims of one attempt, exactly one wins; a stale count loses', async function () {
    const reason = ctx.limitation('atomic-conditional-update');
    if (reason) {
      console.warn(`      ! skipped: ${reason}`);
      this.skip();
    }
    const p = settledPayment({ state: 'PENDING', attempts: 2 });
    await paymentsOf(ctx).insertIfAbsent(p);
    const results = await Promise.all(Array.from({ length: 10 }, () => paymentsOf(ctx).transition(p.transIdH, ['PENDING'], { attempts: 3 }, 2)));
    expect(results.filter((r) => r !== undefined)).to.have.length(1);
    expect(await paymentsOf(ctx).transition(p.transIdH, ['PENDING'], { attempts: 4 }, 2)).to.equal(undefined);
    expect((await paymentsOf(ctx).byTransIdH(p.transIdH))?.attempts).to.equal(3);
  });
}

function describeDue(ctx: ContractContext): void {
  it("lists due payments in the given states, oldest first, up to the limit (the resolver's work)", async function () {
    const now = at(50);
    const ps = {
      p30: payment({ state: 'PENDING', nextAttemptAt: at(30), homeProvince: '17' }),
      p10: payment({ state: 'PENDING', nextAttemptAt: at(10) }),
      r20: payment({ state: 'REVERSING', nextAttemptAt: at(20) }),
      future: payment({ state: 'PENDING', nextAttemptAt: at(51) }),
      never: payment({ state: 'PENDING' }),
      settled: payment({ state: 'SUCCESS', nextAttemptAt: at(5) }),
      exactlyNow: payment({ state: 'PENDING', nextAttemptAt: now }),
    };
    for (const p of Object.values(ps)) await paymentsOf(ctx).insertIfAbsent(p);
    const due = async (states: PaymentRecord['state'][], limit: number): Promise<string[]> =>
      (await paymentsOf(ctx).due(states, now, limit)).map((p) => p.transIdH);
    expect(await due(['PENDING', 'REVERSING'], 10)).to.deep.equal([ps.p10, ps.r20, ps.p30, ps.exactlyNow].map((p) => p.transIdH));
    expect(await due(['PENDING', 'REVERSING'], 2)).to.deep.equal([ps.p10, ps.r20].map((p) => p.transIdH));
    expect(await due(['REVERSING'], 10)).to.deep.equal([ps.r20.transIdH]);
    expect(await due(['PENDING'], 0)).to.deep.equal([]);
    expect(await due([], 10)).to.deep.equal([]);
    expect((await paymentsOf(ctx).due(['PENDING'], now, 1))[0]).to.deep.equal(ps.p10);
    const elsewhere = (await paymentsOf(ctx).due(['PENDING', 'REVERSING'], now, 10, ['17'])).map((p) => p.transIdH);
    expect(elsewhere, 'none of an excepted home province').to.deep.equal([ps.p10, ps.r20, ps.exactlyNow].map((p) => p.transIdH));
    const noneExcepted = (await paymentsOf(ctx).due(['PENDING', 'REVERSING'], now, 10, [])).map((p) => p.transIdH);
    expect(noneExcepted, 'an empty exception list excludes none').to.deep.equal([ps.p10, ps.r20, ps.p30, ps.exactlyNow].map((p) => p.transIdH));
  });
}

function describeQueries(ctx: ContractContext): void {
  it('finds and counts by serviceNumber, state, provinces, accountingDate and time range, oldest first', async function () {
    const a = payment({ serviceNumber: 'S1', collectProvince: '11', homeProvince: '36', accountingDate: '20240301', createdAt: at(0), state: 'PENDING' });
    const b = payment({ serviceNumber: 'S2', collectProvince: '11', homeProvince: '51', accountingDate: '20240301', createdAt: at(1000), state: 'SUCCESS' });
    const c = payment({ serviceNumber: 'S1', collectProvince: '31', homeProvince: '36', accountingDate: '20240302', createdAt: at(2000), state: 'SUCCESS' });
    const d = payment({ serviceNumber: 'S1', collectProvince: '11', homeProvince: '36', accountingDate: '20240302', createdAt: at(3000), state: 'FAILED' });
    for (const p of [d, b, c, a]) await paymentsOf(ctx).insertIfAbsent(p);
    const cases: Array<[PaymentQuery, PaymentRecord[]]> = [
      [{}, [a, b, c, d]],
      [{ serviceNumber: 'S1' }, [a, c, d]],
      [{ state: 'SUCCESS' }, [b, c]],
      [{ collectProvince: '11' }, [a, b, d]],
      [{ homeProvince: '36' }, [a, c, d]],
      [{ accountingDate: '20240302' }, [c, d]],
      [{ collectProvince: '11', accountingDate: '20240301' }, [a, b]],
      [{ homeProvince: '36', accountingDate: '20240302', state: 'FAILED' }, [d]],
      [{ from: at(1000) }, [b, c, d]],
      [{ to: at(2000) }, [a, b]],
      [{ from: at(1000), to: at(3000), serviceNumber: 'S1' }, [c]],
      [{ serviceNumber: 'S3' }, []],
    ];
    for (const [query, expected] of cases) {
      const found = await paymentsOf(ctx).find(query, { limit: 100 });
      expect(found, JSON.stringify(query)).to.deep.equal(expected);
      expect(await paymentsOf(ctx).count(query), JSON.stringify(query)).to.equal(expected.length);
    }
  });

  it('pages with limit and skip; equal createdAt in transIdH code-unit order', async function () {
    const ps = ['HQ-a', 'HQ-B', 'HQ-1', 'HQ-0'].map((transIdH, i) => payment({ transIdH, createdAt: i === 3 ? at(-1) : at(0) }));
    for (const p of ps) await paymentsOf(ctx).insertIfAbsent(p);
    const page = async (limit: number, skip?: number): Promise<string[]> => (await paymentsOf(ctx).find({}, { limit, skip })).map((p) => p.transIdH);
    expect(await page(10)).to.deep.equal(['HQ-0', 'HQ-1', 'HQ-B', 'HQ-a']);
    expect(await page(2)).to.deep.equal(['HQ-0', 'HQ-1']);
    expect(await page(2, 2)).to.deep.equal(['HQ-B', 'HQ-a']);
    expect(await page(2, 3)).to.deep.equal(['HQ-a']);
    expect(await page(2, 4)).to.deep.equal([]);
    expect(await page(0)).to.deep.equal([]);
  });

  it('keeps amounts and Dates exact', async function () {
    const p = settledPayment({ amount: 12_345_678_901, balanceAfter: -1, createdAt: new Date('2024-02-29T16:00:00.001Z') });
    await paymentsOf(ctx).insertIfAbsent(p);
    const found = (await paymentsOf(ctx).byTransIdH(p.transIdH))!;
    expect(found.amount).to.equal(12_345_678_901);
    expect(found.balanceAfter).to.equal(-1);
    expect(found.createdAt).to.be.instanceOf(Date);
    expect(found.createdAt.toISOString()).to.equal('2024-02-29T16:00:00.001Z');
    expect(found.reversal!.requestedAt).to.be.instanceOf(Date);
    expect(found.nextAttemptAt).to.deep.equal(p.nextAttemptAt);
  });
}
