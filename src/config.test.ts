import { expect } from 'chai';
import { ConfigError, GatewayConfig, loadConfig, SettingsReader } from './config';

/** The problems loadConfig reports for this environment (none: it returned a config). */
function problemsOf(env: Record<string, string>, sections: Parameters<typeof loadConfig>[1] = []): string[] {
  try {
    loadConfig(env, sections);
    return [];
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

describe('config: the environment, checked at start', () => {
  it('runs on a bare machine with no variable set', () => {
    const config: GatewayConfig = loadConfig({});
    expect(config).to.deep.include({
      host: '0.0.0.0',
      port: 8080,
      mockPort: 8081,
      startMocks: true,
      instanceId: '01',
      logLevel: 'info',
      bodyLimitBytes: 1024 * 1024,
    });
    expect(config.provinceUrlTemplate).to.equal('http://127.0.0.1:8081/province/{code}');
    expect(config.mongodbUri).to.equal(undefined);
    expect(config.server).to.deep.equal({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, shutdownGraceMs: 10_000 });
    expect(config.readiness).to.deep.equal({ provinces: 'all', cacheMs: 5_000 });
    expect(config.jobs).to.deep.equal({ schedules: {}, leaseTtlMs: 30_000, modules: [] });
    expect(config.deliveries).to.deep.equal({ maxAttempts: 8, baseDelayMs: 60_000, maxDelayMs: 3_600_000, retryIntervalMs: 10_000 });
  });

  it('reads job schedules (cron in CST, with or without seconds), the lease, job modules and delivery retries', () => {
    const config = loadConfig({
      JOB_SCHEDULES: ' sample.daily=0 2 * * * ; other-job=*/30 * * * * *;',
      JOB_LEASE_TTL_MS: '1500',
      JOB_MODULES: `${__filename}, ${__filename}`,
      DELIVERY_MAX_ATTEMPTS: '3',
      DELIVERY_BASE_DELAY_MS: '100',
      DELIVERY_MAX_DELAY_MS: '100',
      DELIVERY_RETRY_INTERVAL_MS: '50',
    });
    expect(config.jobs).to.deep.equal({
      schedules: { 'sample.daily': '0 2 * * *', 'other-job': '*/30 * * * * *' },
      leaseTtlMs: 1500,
      modules: [__filename, __filename],
    });
    expect(config.deliveries).to.deep.equal({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 100, retryIntervalMs: 50 });
  });

  it('takes valid values', () => {
    const config = loadConfig({
      PORT: '0',
      MOCK_PORT: '0',
      START_MOCKS: 'FALSE',
      HOST: '127.0.0.1',
      INSTANCE_ID: 'A7',
      PUBLIC_URL: 'https://hq.example/',
      PROVINCE_URL_TEMPLATE: 'http://bill{code}.example:8080/p/{code}',
      MONGODB_URI: 'mongodb://db:27017/ucrm',
      LOG_LEVEL: 'debug',
      HEADERS_TIMEOUT_MS: '2000',
      REQUEST_TIMEOUT_MS: '2000',
      KEEP_ALIVE_TIMEOUT_MS: '65000',
      SHUTDOWN_GRACE_MS: '0',
      READY_PROVINCES: 'any',
      READY_CACHE_MS: '0',
    });
    expect(config).to.deep.include({
      port: 0,
      mockPort: 0,
      startMocks: false,
      host: '127.0.0.1',
      instanceId: 'A7',
      publicUrl: 'https://hq.example',
      logLevel: 'debug',
    });
    expect(config.server).to.deep.equal({ headersTimeoutMs: 2000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 65000, shutdownGraceMs: 0 });
    expect(config.readiness).to.deep.equal({ provinces: 'any', cacheMs: 0 });
  });

  it('reads ADMIN_TOKEN, and without it leaves the admin API to loopback clients', () => {
    expect(loadConfig({}).admin).to.deep.equal({ token: undefined });
    expect(loadConfig({ ADMIN_TOKEN: '' }).admin).to.deep.equal({ token: undefined });
    expect(loadConfig({ ADMIN_TOKEN: 'f3a9c2-0b1d.4e~5f+6a/7b8c9d0e==' }).admin).to.deep.equal({ token: 'f3a9c2-0b1d.4e~5f+6a/7b8c9d0e==' });
    expect(problemsOf({ ADMIN_TOKEN: 'hunter2' })[0], 'a refused token is not echoed (it may be almost the real one)').not.to.contain('hunter2');
  });

  // One mistake per variable: [what, environment, words the message must contain].
  const mistakes: Array<[string, Record<string, string>, string]> = [
    ['PORT not a number', { PORT: 'eighty' }, 'PORT="eighty" must be a whole number from 0 to 65535'],
    ['ADMIN_TOKEN too short', { ADMIN_TOKEN: 'secret' }, 'ADMIN_TOKEN must be at least 16 characters'],
    ['ADMIN_TOKEN with a space', { ADMIN_TOKEN: 'correct horse battery staple' }, 'ADMIN_TOKEN must be at least 16 characters: letters, digits'],
    ['PORT out of range', { PORT: '70000' }, 'PORT="70000" must be a whole number'],
    ['PORT in hex', { PORT: '0x1F90' }, 'PORT="0x1F90" must be a whole number'],
    ['MOCK_PORT negative', { MOCK_PORT: '-1' }, 'MOCK_PORT="-1" must be a whole number'],
    ['PORT = MOCK_PORT with the mocks started', { PORT: '9000', MOCK_PORT: '9000' }, 'PORT and MOCK_PORT are both 9000'],
    [
      'MOCK_PORT=0 with the mocks started and the default template',
      { MOCK_PORT: '0' },
      'MOCK_PORT=0 with the mock provinces started would have the gateway call them on port 0',
    ],
    ['START_MOCKS not a boolean', { START_MOCKS: 'yes' }, 'START_MOCKS="yes" must be true or false'],
    ['HOST empty', { HOST: '' }, 'HOST="" must be a host name or an IP address'],
    ['HOST with a scheme', { HOST: 'http://0.0.0.0' }, 'HOST="http://0.0.0.0"'],
    ['PUBLIC_URL not a URL', { PUBLIC_URL: 'hq.example' }, 'PUBLIC_URL="hq.example" must be an http(s) URL'],
    ['MOCK_PUBLIC_URL not a URL', { MOCK_PUBLIC_URL: 'ftp://mocks' }, 'MOCK_PUBLIC_URL="ftp://mocks" must be an http(s) URL'],
    ['PROVINCE_URL_TEMPLATE without {code}', { PROVINCE_URL_TEMPLATE: 'http://bill.example/p' }, 'must contain {code}'],
    ['PROVINCE_URL_TEMPLATE not a URL', { PROVINCE_URL_TEMPLATE: 'bill{code}.example' }, 'PROVINCE_URL_TEMPLATE="bill{code}.example" must be an http(s) URL'],
    ['PROVINCES_FILE missing', { PROVINCES_FILE: '/nonexistent/provinces.json' }, 'PROVINCES_FILE="/nonexistent/provinces.json" does not exist'],
    ['PROVINCE_TIMEOUT_MS zero', { PROVINCE_TIMEOUT_MS: '0' }, 'PROVINCE_TIMEOUT_MS="0" must be a whole number from 1'],
    ['BODY_LIMIT_BYTES too small', { BODY_LIMIT_BYTES: '100' }, 'BODY_LIMIT_BYTES="100" must be a whole number from 1024'],
    ['BODY_LIMIT_BYTES with a unit', { BODY_LIMIT_BYTES: '1mb' }, 'BODY_LIMIT_BYTES="1mb"'],
    ['INSTANCE_ID too long', { INSTANCE_ID: '001' }, 'INSTANCE_ID="001" must be two characters'],
    ['INSTANCE_ID lower case', { INSTANCE_ID: 'ab' }, 'INSTANCE_ID="ab"'],
    ['MONGODB_URI not a MongoDB URI', { MONGODB_URI: 'postgres://db/ucrm' }, 'MONGODB_URI must start with mongodb://'],
    ['LOG_LEVEL unknown', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL="loud" must be one of error, warn, info'],
    ['HEADERS_TIMEOUT_MS too small', { HEADERS_TIMEOUT_MS: '10' }, 'HEADERS_TIMEOUT_MS="10" must be a whole number from 100'],
    ['REQUEST_TIMEOUT_MS not a number', { REQUEST_TIMEOUT_MS: '30s' }, 'REQUEST_TIMEOUT_MS="30s"'],
    [
      'HEADERS_TIMEOUT_MS above REQUEST_TIMEOUT_MS',
      { HEADERS_TIMEOUT_MS: '9000', REQUEST_TIMEOUT_MS: '1000' },
      'HEADERS_TIMEOUT_MS (9000) must not be longer than REQUEST_TIMEOUT_MS (1000)',
    ],
    ['KEEP_ALIVE_TIMEOUT_MS fractional', { KEEP_ALIVE_TIMEOUT_MS: '5000.5' }, 'KEEP_ALIVE_TIMEOUT_MS="5000.5"'],
    ['SHUTDOWN_GRACE_MS negative', { SHUTDOWN_GRACE_MS: '-5' }, 'SHUTDOWN_GRACE_MS="-5" must be a whole number from 0'],
    ['READY_PROVINCES unknown', { READY_PROVINCES: 'most' }, 'READY_PROVINCES="most" must be one of all, any, none'],
    ['READY_CACHE_MS not a number', { READY_CACHE_MS: 'soon' }, 'READY_CACHE_MS="soon"'],
    ['JOB_SCHEDULES without =', { JOB_SCHEDULES: 'sample.daily 0 2 * * *' }, 'JOB_SCHEDULES entry "sample.daily 0 2 * * *" must be job=cron expression'],
    [
      'JOB_SCHEDULES with a bad job name',
      { JOB_SCHEDULES: 'Sample Daily=0 2 * * *' },
      'JOB_SCHEDULES entry "Sample Daily=0 2 * * *" must be job=cron expression',
    ],
    [
      'JOB_SCHEDULES with a bad cron expression',
      { JOB_SCHEDULES: 'sample.daily=0 25 * * *' },
      'JOB_SCHEDULES: "0 25 * * *" for sample.daily is not a cron expression croner reads',
    ],
    ['JOB_SCHEDULES with too few fields', { JOB_SCHEDULES: 'sample.daily=0 2 *' }, 'JOB_SCHEDULES: "0 2 *" for sample.daily is not a cron expression'],
    ['JOB_SCHEDULES naming a job twice', { JOB_SCHEDULES: 'a=0 2 * * *;a=0 3 * * *' }, 'JOB_SCHEDULES names a twice'],
    ['JOB_LEASE_TTL_MS too short', { JOB_LEASE_TTL_MS: '100' }, 'JOB_LEASE_TTL_MS="100" must be a whole number from 500'],
    ['JOB_MODULES missing', { JOB_MODULES: '/nonexistent/jobs.js' }, 'JOB_MODULES names "/nonexistent/jobs.js", which does not exist'],
    ['DELIVERY_MAX_ATTEMPTS zero', { DELIVERY_MAX_ATTEMPTS: '0' }, 'DELIVERY_MAX_ATTEMPTS="0" must be a whole number from 1'],
    ['DELIVERY_BASE_DELAY_MS not a number', { DELIVERY_BASE_DELAY_MS: '1m' }, 'DELIVERY_BASE_DELAY_MS="1m"'],
    [
      'DELIVERY_BASE_DELAY_MS above DELIVERY_MAX_DELAY_MS',
      { DELIVERY_BASE_DELAY_MS: '5000', DELIVERY_MAX_DELAY_MS: '1000' },
      'DELIVERY_BASE_DELAY_MS (5000) must not be longer than DELIVERY_MAX_DELAY_MS (1000)',
    ],
    ['DELIVERY_RETRY_INTERVAL_MS too small', { DELIVERY_RETRY_INTERVAL_MS: '1' }, 'DELIVERY_RETRY_INTERVAL_MS="1" must be a whole number from 10'],
    ['WSSE_MODE unknown', { WSSE_MODE: 'strict' }, 'WSSE_MODE="strict" must be off, verify'],
    ['WSSE_WINDOW_SECONDS zero', { WSSE_WINDOW_SECONDS: '0' }, 'WSSE_WINDOW_SECONDS="0" must be a whole number from 1'],
  ];
  for (const [what, env, message] of mistakes) {
    it(`names the mistake: ${what}`, () => {
      const problems = problemsOf(env);
      expect(problems, JSON.stringify(problems)).to.have.length(1);
      expect(problems[0]).to.contain(message);
    });
  }

  it("reads a family's section with the rest, its mistakes reported with the others", () => {
    const section = { configure: (read: SettingsReader) => ({ limit: read.int('SECTION_LIMIT', 5, 1, 9) }) };
    expect(problemsOf({ PORT: 'x', SECTION_LIMIT: '10' }, [section])).to.deep.equal([
      'PORT="x" must be a whole number from 0 to 65535',
      'SECTION_LIMIT="10" must be a whole number from 1 to 9',
    ]);
    expect(loadConfig({ SECTION_LIMIT: '7' }, [section]).env.SECTION_LIMIT).to.equal('7');
  });

  it('reports every mistake at once, one line each', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', READY_PROVINCES: 'most' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems).to.have.length(3);
    expect(error?.message.split('\n')).to.deep.equal([
      'invalid configuration:',
      '  - PORT="x" must be a whole number from 0 to 65535',
      '  - LOG_LEVEL="loud" must be one of error, warn, info, http, verbose, debug, silly, silent',
      '  - READY_PROVINCES="most" must be one of all, any, none',
    ]);
  });
});
