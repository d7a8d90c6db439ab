/**
 * The resolver on reversals whose 6.2.2 outcome is unknown: only the home province's own
 * answer — applied or refused — settles one; a re-send that proves nothing is counted as a
 * re-send, not as settled. One pass at a time (runNow), on a clock the test holds still.
 */
import { expect } from 'chai';
import { PaymentRecord } from './payment-port';
import { RESOLVER_JOB } from './pending-resolver';
import { resolverTestSystem } from './resolver-test-system';

describe('pending resolver: re-sending reversals whose outcome is unknown', function () {
  this.timeout(20000);
  const setup = resolverTestSystem(900);
  // dueRecord: a record as the first send left it (PENDING, or REVERSING with `reversal`), due now.
  const { clock, payments, activeIn, stored, dueRecord } = setup;
  const reversalOf = (p: PaymentRecord) => ({
    sender: 'BILL36',
    transIdO: `R${p.transIdO}`,
    transIdH: `R${p.transIdH}`,
    procId: `R${p.procId}`,
    reverseTime: `${p.payTime.slice(0, 8)}170000`, // the payment's own day, as 6.2.2 requires
    requestedAt: new Date(clock.t),
  });

  it("a reversal re-send the province applies settles it REVERSED with the province's serial, counted as settled", async () => {
    const p = await dueRecord('51', activeIn('51', 4));
    await setup.system.gateway.runNow(RESOLVER_JOB); // the payment itself is settled first: the province now holds it
    expect(await stored(p.transIdH)).to.include({ state: 'SUCCESS' });
    const reversal = reversalOf(p);
    await payments().transition(p.transIdH, ['SUCCESS'], { state: 'REVERSING', attempts: 1, nextAttemptAt: new Date(clock.t - 1), reversal });
    const run = await setup.system.gateway.runNow(RESOLVER_JOB);
    expect(run.counts).to.deep.include({ settled: 1 });
    const entry = setup.system.mocks.books.get('51')!.ledger.get(reversal.transIdH)!;
    const after = await stored(p.transIdH);
    expect(after).to.include({ state: 'REVERSED', attempts: 2 });
    expect(after.reversal).to.deep.include({ transIdH: reversal.transIdH, homeSerial: entry.homeSerial, balanceAfter: entry.balanceAfter });
  });

  it('a reversal re-send the province refuses settles it back to SUCCESS with the refusal kept, counted as settled', async () => {
    const p = await dueRecord('51', activeIn('51', 5), { state: 'SUCCESS', homeSerial: 'HS-UNKNOWN-AT-51' });
    const reversal = reversalOf(p);
    await payments().transition(p.transIdH, ['SUCCESS'], { state: 'REVERSING', reversal });
    const run = await setup.system.gateway.runNow(RESOLVER_JOB);
    expect(run.counts).to.deep.include({ settled: 1 });
    const after = await stored(p.transIdH);
    expect(after).to.include({ state: 'SUCCESS' });
    expect(after).not.to.have.property('reversal');
    expect(after.refusedReversal).to.deep.include({ transIdO: reversal.transIdO, transIdH: reversal.transIdH });
    expect(after.refusedReversal!.answer.rspCode, 'the province did not know the payment').to.equal('2003');
  });

  it('a reversal re-send that meets a refused connection is counted as a re-send, not as settled', async () => {
    const p = await dueRecord('89', activeIn('89', 4), { state: 'SUCCESS', homeSerial: 'HS89' });
    await payments().transition(p.transIdH, ['SUCCESS'], { state: 'REVERSING', reversal: reversalOf(p) });
    const run = await setup.system.gateway.runNow(RESOLVER_JOB);
    expect(run.counts).to.deep.include({ resent: 1 });
    expect(run.counts).not.to.have.property('settled');
    expect(await stored(p.transIdH)).to.include({ state: 'REVERSING', attempts: 2 });
  });
});
