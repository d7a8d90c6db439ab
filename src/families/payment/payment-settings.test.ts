/** The payment family's section of the configuration: each mistake named, as the rest of the configuration's. */
import { expect } from 'chai';
import { ConfigError, loadConfig, readSettings } from '../../config';
import { paymentFamily } from '.';
import { paymentSettings } from './payment-settings';

function problemsOf(env: Record<string, string>): string[] {
  try {
    readSettings(env, paymentSettings);
    return [];
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

describe('payment settings: the environment, checked at start', () => {
  it('has defaults', () => {
    expect(readSettings({}, paymentSettings)).to.deep.equal({
      singlePaymentLimitFen: 1_000_000,
      resolverIntervalMs: 1000,
      resolverBaseDelayMs: 2000,
      resolverMaxDelayMs: 60_000,
      resolverMaxAttempts: 10,
      resolverProvinceConcurrency: 4,
    });
  });

  it('takes valid values', () => {
    expect(readSettings({ RESOLVER_BASE_DELAY_MS: '500', RESOLVER_MAX_DELAY_MS: '500' }, paymentSettings)).to.include({
      resolverBaseDelayMs: 500,
      resolverMaxDelayMs: 500,
    });
  });

  // One mistake per variable: [what, environment, words the message must contain].
  const mistakes: Array<[string, Record<string, string>, string]> = [
    ['PAYMENT_LIMIT_FEN in yuan', { PAYMENT_LIMIT_FEN: '100.50' }, 'PAYMENT_LIMIT_FEN="100.50" must be a whole number'],
    ['RESOLVER_INTERVAL_MS too small', { RESOLVER_INTERVAL_MS: '1' }, 'RESOLVER_INTERVAL_MS="1" must be a whole number from 10'],
    ['RESOLVER_BASE_DELAY_MS zero', { RESOLVER_BASE_DELAY_MS: '0' }, 'RESOLVER_BASE_DELAY_MS="0"'],
    ['RESOLVER_MAX_DELAY_MS too large', { RESOLVER_MAX_DELAY_MS: '999999999' }, 'RESOLVER_MAX_DELAY_MS="999999999"'],
    [
      'RESOLVER_BASE_DELAY_MS above RESOLVER_MAX_DELAY_MS',
      { RESOLVER_BASE_DELAY_MS: '5000', RESOLVER_MAX_DELAY_MS: '1000' },
      'RESOLVER_BASE_DELAY_MS (5000) must not be longer than RESOLVER_MAX_DELAY_MS (1000)',
    ],
    ['RESOLVER_MAX_ATTEMPTS zero', { RESOLVER_MAX_ATTEMPTS: '0' }, 'RESOLVER_MAX_ATTEMPTS="0" must be a whole number from 1'],
  ];
  for (const [what, env, message] of mistakes) {
    it(`names the mistake: ${what}`, () => {
      const problems = problemsOf(env);
      expect(problems, JSON.stringify(problems)).to.have.length(1);
      expect(problems[0]).to.contain(message);
    });
  }

  it('is reported with the rest of the configuration when main.ts loads it', () => {
    expect(() => loadConfig({ PORT: 'x', RESOLVER_MAX_ATTEMPTS: '0' }, [paymentFamily]))
      .to.throw(ConfigError)
      .with.property('problems')
      .that.deep.equals(['PORT="x" must be a whole number from 0 to 65535', 'RESOLVER_MAX_ATTEMPTS="0" must be a whole number from 1 to 1000']);
  });
});
