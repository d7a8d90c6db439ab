/**
 * The gateway the resolver suites drive one pass at a time (runNow, on a clock the test holds
 * still), with 89 down and the payments put in the store as a first send that timed out leaves
 * them. Called inside a describe: it registers that suite's hooks.
 */
import { expect } from 'chai';
import { RunningSystem, startSystem } from '../../../test/support/system';
import { payment } from './payment-fixtures';
import { PaymentRecord } from './payment-port';
import { PAYMENT_RECORDS } from './payment-store';

/** `amount` is what every record `dueRecord` makes pays. */
export function resolverTestSystem(amount: number) {
  let system: RunningSystem;
  const clock = { t: Date.now() };
  const payments = () => system.gateway.store.records(PAYMENT_RECORDS);

  before(async () => {
    system = await startSystem({
      downProvinces: ['89'],
      now: () => clock.t,
      env: {
        PROVINCE_TIMEOUT_MS: '400',
        RESOLVER_INTERVAL_MS: '3600000', // passes run when the test says, not by the schedule
        RESOLVER_BASE_DELAY_MS: '1000',
        RESOLVER_MAX_DELAY_MS: '3000',
        RESOLVER_MAX_ATTEMPTS: '3',
      },
    });
  });
  after(() => system.close());
  beforeEach(() => {
    clock.t = Date.now();
  });
  // What a test left unresolved is taken off the due list, so no later pass (another test's) re-sends it.
  const made: PaymentRecord[] = [];
  afterEach(async () => {
    for (const p of made.splice(0)) await payments().transition(p.transIdH, ['PENDING', 'REVERSING'], { nextAttemptAt: undefined });
  });

  const activeIn = (province: string, index: number) =>
    system.mocks.books
      .get(province)!
      .list()
      .filter((a) => a.userStatus === '0')[index].serviceNumber;
  const stored = async (transIdH: string) => (await payments().byTransIdH(transIdH))!;
  /** A record as the first send left it (PENDING unless `overrides` say otherwise, one attempt made), due now. */
  const dueRecord = async (homeProvince: string, serviceNumber: string, overrides: Partial<PaymentRecord> = {}) => {
    const p = payment({
      sender: 'BILL36',
      collectProvince: '36',
      homeProvince,
      serviceNumber,
      amount,
      attempts: 1,
      nextAttemptAt: new Date(clock.t - 1),
      ...overrides,
    });
    expect((await payments().insertIfAbsent(p)).inserted).to.equal(true);
    made.push(p);
    return p;
  };

  return {
    /** The running gateway (from the suite's `before` on). */
    get system(): RunningSystem {
      return system;
    },
    clock,
    payments,
    activeIn,
    stored,
    dueRecord,
  };
}
