/**
 * The resolver's rules, one pass at a time (runNow, on a clock the test holds still): only
 * a province's own answer settles an unknown outcome; re-sends wait exactly the doubling,
 * capped delay; after resolverMaxAttempts sends the record is left, untouched, for the daily
 * reconciliation. The payments are put in the store as a first send that timed out leaves them.
 */
import { expect } from 'chai';
import { RESOLVER_JOB } from './pending-resolver';
import { resolverTestSystem } from './resolver-test-system';

describe('pending resolver: re-sending unknown outcomes', function () {
  this.timeout(20000);
  const setup = resolverTestSystem(700);
  // pendingPayment: a payment whose first send timed out (PENDING, one attempt made), due now.
  const { clock, payments, activeIn, stored, dueRecord: pendingPayment } = setup;
  const sendsOf = (transIdH: string) => setup.system.records.filter((r) => r.direction === 'outbound' && r.transIdH === transIdH);

  it('a re-send that meets a refused connection leaves the payment PENDING: the first send may have credited the account', async () => {
    const p = await pendingPayment('89', activeIn('89', 0));
    await setup.system.gateway.runNow(RESOLVER_JOB);
    const after = await stored(p.transIdH);
    expect(
      sendsOf(p.transIdH).map((r) => r.fault?.name),
      'the re-send was made and refused',
    ).to.deep.equal(['PROVINCE_UNREACHABLE']);
    expect(after).to.include({ state: 'PENDING', attempts: 2 });
    expect(after).not.to.have.property('answer');
    expect(after.nextAttemptAt!.getTime() - clock.t, 'tried again after the doubled delay').to.equal(2000);
  });

  it('a re-send answered with a SOAP fault leaves the payment PENDING: a fault proves nothing about the first send', async () => {
    const p = await pendingPayment('51', activeIn('51', 0));
    setup.system.mocks.misbehave('51', '5.2.2', { kind: 'fault', times: 1 });
    await setup.system.gateway.runNow(RESOLVER_JOB);
    expect(sendsOf(p.transIdH).map((r) => r.fault?.name)).to.deep.equal(['PROVINCE_FAULT']);
    expect(await stored(p.transIdH)).to.include({ state: 'PENDING', attempts: 2 });
    expect(setup.system.mocks.books.get('51')!.ledger.has(p.transIdH)).to.equal(false);
  });

  it('a reversal re-send that meets a refused connection leaves it REVERSING with its reversal: the first 6.2.2 may have debited', async () => {
    const reversal = {
      sender: 'BILL36',
      transIdO: 'RO-89-1',
      transIdH: 'RH-89-1',
      procId: 'RP-89-1',
      reverseTime: '20260101120000',
      requestedAt: new Date(clock.t),
    };
    const p = await pendingPayment('89', activeIn('89', 1), { state: 'REVERSING', homeSerial: 'HS89', reversal });
    await setup.system.gateway.runNow(RESOLVER_JOB);
    expect(sendsOf(reversal.transIdH).map((r) => `${r.interfaceNumber} ${r.fault?.name}`)).to.deep.equal(['6.2.2 PROVINCE_UNREACHABLE']);
    const after = await stored(p.transIdH);
    expect(after).to.include({ state: 'REVERSING', attempts: 2 });
    expect(after.reversal).to.deep.include({ sender: 'BILL36', transIdO: 'RO-89-1', transIdH: 'RH-89-1', procId: 'RP-89-1' });
  });

  it("a re-send the province answers settles the payment with the province's answer, credited once", async () => {
    const number = activeIn('51', 1);
    const p = await pendingPayment('51', number);
    const run = await setup.system.gateway.runNow(RESOLVER_JOB);
    expect(run.counts).to.deep.include({ settled: 1 });
    const entry = setup.system.mocks.books.get('51')!.ledger.get(p.transIdH)!;
    const after = await stored(p.transIdH);
    expect(after).to.include({ state: 'SUCCESS', attempts: 2, homeSerial: entry.homeSerial, balanceAfter: entry.balanceAfter });
    expect(after.answer).to.deep.include({ rspCode: '0000' });
    expect(after).not.to.have.property('nextAttemptAt');
    const refused = await pendingPayment('51', '13051009999');
    await setup.system.gateway.runNow(RESOLVER_JOB);
    expect(await stored(refused.transIdH), "the province's definite refusal settles it").to.include({ state: 'FAILED' });
    expect((await stored(refused.transIdH)).answer).to.deep.include({ rspCode: '1002' });
  });

  it('re-sends stop at resolverMaxAttempts: the doubling, capped delays, then the payment is left PENDING for reconciliation', async () => {
    const p = await pendingPayment('89', activeIn('89', 2));
    const start = clock.t;
    await setup.system.gateway.runNow(RESOLVER_JOB);
    expect((await stored(p.transIdH)).nextAttemptAt!.getTime() - start, 'after the 2nd send: base × 2').to.equal(2000);
    clock.t = start + 1999;
    await setup.system.gateway.runNow(RESOLVER_JOB);
    expect((await stored(p.transIdH)).attempts, 'not due a millisecond early').to.equal(2);
    clock.t = start + 2000;
    await setup.system.gateway.runNow(RESOLVER_JOB);
    const third = await stored(p.transIdH);
    expect(third.attempts).to.equal(3);
    expect(third.nextAttemptAt!.getTime() - clock.t, 'after the 3rd send: base × 4, capped at the maximum').to.equal(3000);
    clock.t += 3000;
    const gaveUp = await setup.system.gateway.runNow(RESOLVER_JOB);
    expect(gaveUp.counts).to.deep.include({ 'given-up': 1 });
    const left = await stored(p.transIdH);
    expect(left).to.include({ state: 'PENDING', attempts: 3 });
    expect(left, 'no longer due: reconciliation decides it').not.to.have.property('nextAttemptAt');
    clock.t += 3_600_000;
    await setup.system.gateway.runNow(RESOLVER_JOB);
    expect(sendsOf(p.transIdH), 'sends in all: the 2nd and 3rd (the 1st was the handler’s)').to.have.length(2);
    expect((await payments().due(['PENDING'], new Date(clock.t), 100)).map((x) => x.transIdH)).not.to.include(p.transIdH);
  });

  it('a reversal that has had resolverMaxAttempts sends is not sent again but left REVERSING, with its reversal, for reconciliation', async () => {
    const reversal = {
      sender: 'BILL36',
      transIdO: 'RO-89-2',
      transIdH: 'RH-89-2',
      procId: 'RP-89-2',
      reverseTime: '20260101120000',
      requestedAt: new Date(clock.t),
    };
    const p = await pendingPayment('89', activeIn('89', 3), { state: 'REVERSING', attempts: 3, homeSerial: 'HS89', reversal });
    const run = await setup.system.gateway.runNow(RESOLVER_JOB);
    expect(run.counts).to.deep.include({ 'given-up': 1 });
    expect(sendsOf(reversal.transIdH)).to.have.length(0);
    const left = await stored(p.transIdH);
    expect(left).to.include({ state: 'REVERSING', attempts: 3 });
    expect(left).not.to.have.property('nextAttemptAt');
    expect(left.reversal).to.deep.include({ sender: 'BILL36', transIdO: 'RO-89-2', transIdH: 'RH-89-2', procId: 'RP-89-2' });
  });
});
