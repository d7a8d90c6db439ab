import { expect } from 'chai';
import { Lifecycle } from './lifecycle';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('lifecycle: start and stop as named hooks', () => {
  it('starts in order; drains all together, each with the grace; then closes in order', async () => {
    const seen: string[] = [];
    const life = new Lifecycle({ graceMs: 250 });
    life.onStart('store', () => void seen.push('start store'));
    life.onStart('jobs', async () => {
      await sleep(10);
      seen.push('start jobs');
    });
    life.onDrain('readiness', () => void seen.push('drain readiness'));
    life.onDrain('http server', async (grace) => {
      seen.push(`drain http begins (${grace})`);
      await sleep(60);
      seen.push('drain http ends');
    });
    life.onDrain('jobs', async (grace) => {
      seen.push(`drain jobs begins (${grace})`);
      await sleep(20);
      seen.push('drain jobs ends');
    });
    life.onClose('journal', async () => {
      await sleep(10);
      seen.push('close journal');
    });
    life.onClose('store', () => void seen.push('close store'));
    await life.start();
    await life.stop();
    expect(seen).to.deep.equal([
      'start store',
      'start jobs',
      'drain readiness',
      'drain http begins (250)',
      'drain jobs begins (250)',
      'drain jobs ends',
      'drain http ends',
      'close journal',
      'close store',
    ]);
    expect(life.names('close')).to.deep.equal(['journal', 'store']);
  });

  it('runs every close hook even when one fails, then says which failed', async () => {
    const closed: string[] = [];
    const life = new Lifecycle({ graceMs: 10 });
    life.onDrain('jobs', () => {
      throw new Error('stuck');
    });
    life.onClose('journal', () => {
      throw new Error('store away');
    });
    life.onClose('store', () => void closed.push('store'));
    const error = await life.stop().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(closed).to.deep.equal(['store']);
    expect(error?.message).to.equal('the gateway did not stop cleanly: drain jobs: stuck; close journal: store away');
  });

  it('stops once, whoever asks, and starts nothing once stopping', async () => {
    let stops = 0;
    const life = new Lifecycle({ graceMs: 10 });
    life.onClose('store', async () => {
      stops++;
      await sleep(5);
    });
    await Promise.all([life.stop(), life.stop()]);
    expect(stops).to.equal(1);
    expect(
      await life.start().then(
        () => 'started',
        (e: Error) => e.message,
      ),
    ).to.contain('it is stopping');
    expect(() => life.onClose('late', () => undefined)).to.throw('registered while the gateway is stopping');
  });

  it('refuses two hooks of one name in a phase, and names the hook whose start failed', async () => {
    const life = new Lifecycle({ graceMs: 10 });
    life.onClose('store', () => undefined);
    expect(() => life.onClose('store', () => undefined)).to.throw('a close hook named "store" is registered twice');
    life.onStart('jobs', () => {
      throw new Error('JOB_SCHEDULES names no registered job: x');
    });
    expect(
      await life.start().then(
        () => 'started',
        (e: Error) => e.message,
      ),
    ).to.equal('start of jobs failed: JOB_SCHEDULES names no registered job: x');
  });
});
