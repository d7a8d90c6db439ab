/**
 * What payment-records.ts decides for a copy of a payment, taken directly: the bounded wait
 * for the original (awaitOriginal) on a clock the test holds (Date.now and the pauses are
 * replaced for the wait, so the pauses are read, not timed), the 3002 and 2001 answers of
 * answerOf, and settle when another settled the record first.
 */
import { expect } from 'chai';
import { RSP } from '../../contract/rsp-codes';
import { awaitOriginal, answerOf, InFlight, PayAnswer, settle } from './payment-records';
import { MemoryPayments } from './memory-payments';
import { payment } from './payment-fixtures';
import { PaymentDeps } from './payment-deps';

/** These functions read only the records and duplicateWaitMs of their deps. */
const depsWith = (duplicateWaitMs: number, payments = new MemoryPayments(100)): PaymentDeps =>
  ({ payments, settings: { duplicateWaitMs } }) as unknown as PaymentDeps;

/**
 * Runs `work` with a held clock: every pause awaitOriginal takes is recorded and moves the
 * clock by its length at once (on the next turn of the event loop), so a wait of N ms takes
 * no real time and its pauses are exact.
 */
async function onHeldClock<T>(work: (pauses: number[]) => Promise<T>): Promise<T> {
  const realNow = Date.now;
  const realTimeout = globalThis.setTimeout;
  const pauses: number[] = [];
  let t = 1_000_000;
  Date.now = () => t;
  globalThis.setTimeout = ((fn: () => void, ms: number) => {
    pauses.push(ms);
    return setImmediate(() => {
      t += ms;
      fn();
    });
  }) as unknown as typeof setTimeout;
  try {
    return await work(pauses);
  } finally {
    Date.now = realNow;
    globalThis.setTimeout = realTimeout;
  }
}

describe('payment records: a copy waiting for its original', () => {
  it('waits with pauses doubling from 10 ms up to 200 ms, reading the record after each, until duplicateWaitMs is over', async () => {
    let reads = 0;
    const { result, pauses } = await onHeldClock(async (pauses) => {
      const result = await awaitOriginal(depsWith(1000), new InFlight<string>(), 'k', async () => void reads++);
      return { result, pauses };
    });
    expect(result, 'no outcome within the bound').to.equal(undefined);
    expect(pauses).to.deep.equal([10, 20, 40, 80, 160, 200, 200, 200, 200]);
    expect(reads, 'one read after each pause').to.equal(pauses.length);
  });

  it('does not read again once duplicateWaitMs is over: a wait of zero answers at once', async () => {
    let reads = 0;
    const result = await onHeldClock(() => awaitOriginal(depsWith(0), new InFlight<string>(), 'k', async () => String(++reads)));
    expect(result).to.equal(undefined);
    expect(reads).to.equal(0);
  });

  it('answers with the outcome read from the record as soon as there is one, not before', async () => {
    const answers = [undefined, undefined, 'settled'];
    const result = await onHeldClock(() => awaitOriginal(depsWith(1000), new InFlight<string>(), 'k', async () => answers.shift()));
    expect(result).to.equal('settled');
    expect(answers, 'no read after the answer').to.deep.equal([]);
  });

  it("takes the original's own outcome when the original runs in this process, even with no time left to wait", async () => {
    const inFlight = new InFlight<string>();
    let finish: (v: string) => void = () => undefined;
    const original = inFlight.run('k', () => new Promise<string>((resolve) => (finish = resolve)));
    const copy = awaitOriginal(depsWith(0), inFlight, 'k', async () => undefined);
    finish('the original answer');
    expect(await copy).to.equal('the original answer');
    expect(await original).to.equal('the original answer');
  });

  it('takes the outcome of an original that started in this process while the copy was waiting', async () => {
    const inFlight = new InFlight<string>();
    const result = await onHeldClock(() =>
      awaitOriginal(depsWith(1000), inFlight, 'k', async () => {
        // Still running when the copy looks: it ends on a later turn of the event loop.
        if (!inFlight.get('k')) void inFlight.run('k', () => new Promise<string>((resolve) => setImmediate(() => resolve('started meanwhile'))));
        return undefined;
      }),
    );
    expect(result).to.equal('started meanwhile');
  });
});

describe('payment records: the answer to a copy of a payment', () => {
  it('a copy still unsettled after duplicateWaitMs is answered 3002 with the number, home province and amount echoed', async () => {
    const p = payment({ serviceNumber: '13051000007', homeProvince: '51', amount: 4200 });
    const payments = new MemoryPayments(100);
    await payments.insertIfAbsent(p);
    const answer = await answerOf(depsWith(30, payments), new InFlight(), p, p.fingerprint);
    expect(answer).to.deep.include({ rspCode: RSP.RESULT_UNKNOWN, transIdH: p.transIdH });
    expect(answer.rspDesc).to.contain('TransIDO');
    expect(answer.body).to.deep.equal({ ServiceNumber: '13051000007', HomeProvince: '51', PayAmount: 4200 });
  });

  it('a copy whose record cannot be read back waits and answers 3002 rather than failing', async () => {
    const p = payment();
    const answer = await answerOf(depsWith(30), new InFlight(), p, p.fingerprint);
    expect(answer.rspCode).to.equal(RSP.RESULT_UNKNOWN);
  });

  it('a request reusing a TransIDO with other content is answered 2001 naming that TransIDO', async () => {
    const p = payment({ transIdO: 'O-REUSED-77' });
    const answer = await answerOf(depsWith(0), new InFlight(), p, 'another fingerprint');
    expect(answer.rspCode).to.equal(RSP.TRANSIDO_REUSED);
    expect(answer.rspDesc).to.contain('O-REUSED-77');
  });
});

describe('payment records: settling once', () => {
  const answer = (serial: string): PayAnswer => ({ rspCode: RSP.SUCCESS, body: { HomeSerial: serial } });

  it('a settle that finds the record already moved by another answers with the stored answer of that other', async () => {
    const payments = new MemoryPayments(100);
    const p = payment();
    await payments.insertIfAbsent(p);
    await payments.transition(p.transIdH, ['PENDING'], { state: 'SUCCESS', answer: answer('THEIRS') });
    const result = await settle(depsWith(0, payments), p, 'PENDING', { state: 'SUCCESS', answer: answer('MINE') });
    expect(result).to.deep.include({ rspCode: RSP.SUCCESS, transIdH: p.transIdH });
    expect(result.body.HomeSerial).to.equal('THEIRS');
  });

  it('a settle whose record cannot be read back answers with its own outcome', async () => {
    const p = payment();
    const result = await settle(depsWith(0), p, 'PENDING', { state: 'SUCCESS', answer: answer('MINE') });
    expect(result).to.deep.include({ rspCode: RSP.SUCCESS, transIdH: p.transIdH });
    expect(result.body.HomeSerial).to.equal('MINE');
  });
});
