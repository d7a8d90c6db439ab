import { expect } from 'chai';
import { writeTurn } from './write-batch';

describe('writes gathered per turn of the event loop', () => {
  it('gives every writer of one turn the same moment: after the turn, not within it', async () => {
    const order: string[] = [];
    // Stands for the turn's socket callbacks that node runs before the check phase.
    setImmediate(() => order.push('work queued earlier in the turn'));
    const first = writeTurn().then(() => order.push('first writes'));
    const second = writeTurn().then(() => order.push('second writes'));
    void Promise.resolve().then(() => order.push('a microtask of this turn'));
    setImmediate(() => order.push('work queued after the writers'));
    await Promise.all([first, second]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).to.deep.equal([
      'a microtask of this turn',
      'work queued earlier in the turn',
      'first writes',
      'second writes',
      'work queued after the writers',
    ]);
  });

  it('starts a new batch in the next turn', async () => {
    const a = writeTurn();
    await a;
    const b = writeTurn();
    expect(b).to.not.equal(a);
    await b;
  });

  it('lets a socket read in this turn join the batch of this turn', async () => {
    const batch = writeTurn();
    // An I/O callback of this turn (here: one queued before the check phase runs) still joins.
    const joined = await new Promise<boolean>((resolve) => process.nextTick(() => resolve(writeTurn() === batch)));
    expect(joined).to.equal(true);
    await batch;
  });
});
