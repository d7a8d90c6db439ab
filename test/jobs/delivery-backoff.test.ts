/**
 * The retry arithmetic of deliveries (src/jobs/deliveries.ts), exactly: on a clock the test
 * holds still, each failed send is due again after DELIVERY_BASE_DELAY_MS × 2^(attempts−1),
 * capped at DELIVERY_MAX_DELAY_MS, and after DELIVERY_MAX_ATTEMPTS sends it is not due again.
 */
import { expect } from 'chai';
import { DELIVERY_RETRY_JOB } from '../../src/jobs';
import { RunningSystem, startSystem } from '../support/system';

describe('jobs: delivery retry delays, exactly', function () {
  this.timeout(20_000);
  let system: RunningSystem;
  const clock = { t: Date.now() };

  before(async () => {
    system = await startSystem({
      downProvinces: ['89'],
      now: () => clock.t,
      env: {
        DELIVERY_RETRY_INTERVAL_MS: '3600000', // passes run when the test says
        DELIVERY_BASE_DELAY_MS: '1000',
        DELIVERY_MAX_DELAY_MS: '5000',
        DELIVERY_MAX_ATTEMPTS: '5',
      },
    });
  });
  after(() => system.close());

  it('waits 1000, 2000, 4000, then 5000 (the cap) after the 1st to 4th failed send, and after the 5th not at all', async () => {
    clock.t = Date.now();
    const deliveries = system.gateway.jobs.deliveries;
    const number = system.mocks.books.get('89')!.list()[0].serviceNumber;
    const { delivery } = await deliveries.deliver({
      interfaceNumber: '4.2.2',
      operation: 'QueryAccount',
      province: '89',
      subject: 'backoff|1',
      body: { ServiceNumber: number, CollectProvince: '36' },
    });
    const waits: number[] = [];
    let current = delivery;
    for (let sends = 1; current.nextAttemptAt && sends <= 10; sends++) {
      waits.push(current.nextAttemptAt.getTime() - clock.t);
      clock.t = current.nextAttemptAt.getTime() - 1;
      await system.gateway.runNow(DELIVERY_RETRY_JOB);
      expect((await deliveries.get('4.2.2', 'backoff|1', '89'))!.attempts, 'not sent a millisecond early').to.equal(current.attempts);
      clock.t += 1;
      await system.gateway.runNow(DELIVERY_RETRY_JOB);
      current = (await deliveries.get('4.2.2', 'backoff|1', '89'))!;
    }
    expect(waits).to.deep.equal([1000, 2000, 4000, 5000]);
    expect(current).to.deep.include({ state: 'failed', attempts: 5 });
  });
});
