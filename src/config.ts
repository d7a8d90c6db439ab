/**
 * Configuration from the environment, checked once at start: each mistake is named with
 * the variable and what it should be, and all of them are reported together.
 */
import { existsSync } from 'node:fs';
import { cronProblem } from './jobs/schedule';
import { WSSE_MODES, WsseMode } from './wire/security/token-verifier';

export interface GatewayConfig {
  host: string;
  port: number;
  mockPort: number;
  startMocks: boolean;
  publicUrl?: string;
  mockPublicUrl?: string;
  provincesFile?: string;
  provinceUrlTemplate: string;
  provinceTimeoutMs: number;
  bodyLimitBytes: number;
  instanceId: string;
  /** WORKERS: processes on this host (node:cluster); worker k is INSTANCE_ID + k (workers.ts). */
  workers: number;
  mongodbUri?: string;
  logLevel: string;
  /** The HTTP server: slow-client limits and how long SIGTERM waits for requests in flight. */
  server: {
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
    shutdownGraceMs: number;
  };
  /** GET /ready: which province endpoints must be reachable, and how long a probe is reused. */
  readiness: {
    provinces: ReadyProvinces;
    cacheMs: number;
  };
  /** HQ-started work: cron schedules (CST) by job name, off unless given; the lease; extra job modules. */
  jobs: {
    schedules: Record<string, string>;
    leaseTtlMs: number;
    modules: string[];
  };
  /** Requests HQ starts to provinces: how often a failed one is tried again, and for how long. */
  deliveries: {
    maxAttempts: number;
    baseDelayMs: number;
    maxDelayMs: number;
    retryIntervalMs: number;
  };
  /** The admin API (/admin): its bearer token; unset, it answers loopback requests only. */
  admin: {
    token?: string;
  };
  /** WS-Security UsernameToken on requests to HQ: off (ignored), verify (when present), require. */
  wsse: {
    mode: WsseMode;
    windowSeconds: number; // how far wsu:Created may lie from now, either way
  };
  /** The environment this was read from: each family reads its own section from it when it is made (families/family.ts). */
  env: Readonly<Record<string, string | undefined>>;
}

export type ReadyProvinces = 'all' | 'any' | 'none';
const READY_PROVINCES: ReadyProvinces[] = ['all', 'any', 'none'];
const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly', 'silent'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** How a section of the configuration (a family's) reads the environment, its problems reported with every other. */
export interface SettingsReader {
  /** A whole number from `min` to `max`; `fallback` when unset. */
  int(name: string, fallback: number, min: number, max: number): number;
  /** A problem of values that are each valid alone but not together. */
  problem(message: string): void;
}

export function settingsReader(env: Readonly<Record<string, string | undefined>>, problems: string[]): SettingsReader {
  return {
    int(name, fallback, min, max) {
      const raw = env[name];
      if (raw === undefined || raw === '') return fallback;
      const n = Number(raw);
      // Digits only: Number() would also take "1e3", "0x10" or " 5 ".
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
      return n;
    },
    problem: (message) => void problems.push(message),
  };
}

/** A section read from the environment, or a ConfigError naming each of its problems. */
export function readSettings<S>(env: Readonly<Record<string, string | undefined>>, read: (reader: SettingsReader) => S): S {
  const problems: string[] = [];
  const settings = read(settingsReader(env, problems));
  if (problems.length) throw new ConfigError(problems);
  return settings;
}

/**
 * The configuration. `sections` (the families, in main.ts) are read here too, so that their
 * mistakes are reported with the rest; each family reads its section again when it is made.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, sections: ReadonlyArray<{ configure(read: SettingsReader): unknown }> = []): GatewayConfig {
  const problems: string[] = [];
  const reader = settingsReader(env, problems);
  const int = reader.int;
  const url = (name: string): string | undefined => {
    const raw = env[name];
    if (!raw) return undefined;
    if (!/^https?:\/\/[^/]+/.test(raw)) problems.push(`${name}="${raw}" must be an http(s) URL such as http://gateway.example:8080`);
    return raw.replace(/\/+$/, '');
  };
  const port = int('PORT', 8080, 0, 65535);
  const mockPort = int('MOCK_PORT', 8081, 0, 65535);
  const startMocks = (env.START_MOCKS ?? 'true').toLowerCase();
  if (!['true', 'false', '1', '0'].includes(startMocks)) problems.push(`START_MOCKS="${env.START_MOCKS}" must be true or false`);
  const instanceId = env.INSTANCE_ID ?? '01';
  if (!/^[0-9A-Z]{2}$/.test(instanceId)) problems.push(`INSTANCE_ID="${instanceId}" must be two characters 0-9 / A-Z (it is part of every TransIDH)`);
  const template = env.PROVINCE_URL_TEMPLATE ?? `http://127.0.0.1:${mockPort}/province/{code}`;
  if (!template.includes('{code}')) problems.push(`PROVINCE_URL_TEMPLATE="${template}" must contain {code}`);
  if (!/^https?:\/\/[^/]+/.test(template))
    problems.push(`PROVINCE_URL_TEMPLATE="${template}" must be an http(s) URL such as http://bill{code}.example:8080/province/{code}`);
  const host = env.HOST ?? '0.0.0.0';
  if (!/^[\w.:-]+$/.test(host)) problems.push(`HOST="${host}" must be a host name or an IP address such as 0.0.0.0`);
  if (startMocks !== 'false' && startMocks !== '0' && port !== 0 && port === mockPort)
    problems.push(`PORT and MOCK_PORT are both ${port}; the mock provinces need a port of their own (or START_MOCKS=false)`);
  const provincesFile = env.PROVINCES_FILE || undefined;
  if (provincesFile && !existsSync(provincesFile)) problems.push(`PROVINCES_FILE="${provincesFile}" does not exist`);
  // The default template is built from MOCK_PORT, and 0 is not the port the mocks end up on.
  if (startMocks !== 'false' && startMocks !== '0' && mockPort === 0 && env.PROVINCE_URL_TEMPLATE === undefined && !provincesFile) {
    problems.push(
      'MOCK_PORT=0 with the mock provinces started would have the gateway call them on port 0; give MOCK_PORT a port, or set PROVINCE_URL_TEMPLATE',
    );
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL="${logLevel}" must be one of ${LOG_LEVELS.join(', ')}`);
  const readyProvinces = (env.READY_PROVINCES || 'all') as ReadyProvinces;
  if (!READY_PROVINCES.includes(readyProvinces)) problems.push(`READY_PROVINCES="${readyProvinces}" must be one of ${READY_PROVINCES.join(', ')}`);
  const wsseMode = (env.WSSE_MODE || 'off').toLowerCase() as WsseMode;
  if (!WSSE_MODES.includes(wsseMode))
    problems.push(`WSSE_MODE="${env.WSSE_MODE}" must be off, verify (check a UsernameToken when present) or require (every request must carry one)`);
  const mongodbUri = env.MONGODB_URI || undefined;
  if (mongodbUri && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) problems.push('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  const jobModules = (env.JOB_MODULES ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const file of jobModules) if (!existsSync(file)) problems.push(`JOB_MODULES names "${file}", which does not exist`);
  const adminToken = env.ADMIN_TOKEN || undefined;
  // RFC 6750's token characters, and long enough not to be guessed.
  if (adminToken !== undefined && !/^[A-Za-z0-9._~+/-]{16,}=*$/.test(adminToken))
    problems.push('ADMIN_TOKEN must be at least 16 characters: letters, digits and - . _ ~ + / (a bearer token), e.g. from `openssl rand -hex 32`');
  const config: GatewayConfig = {
    host,
    port,
    mockPort,
    startMocks: startMocks === 'true' || startMocks === '1',
    publicUrl: url('PUBLIC_URL'),
    mockPublicUrl: url('MOCK_PUBLIC_URL'),
    provincesFile,
    provinceUrlTemplate: template,
    provinceTimeoutMs: int('PROVINCE_TIMEOUT_MS', 5000, 1, 600000),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 256 * 1024 * 1024),
    instanceId,
    workers: int('WORKERS', 1, 1, 64),
    mongodbUri,
    logLevel,
    server: {
      headersTimeoutMs: int('HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
      requestTimeoutMs: int('REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
      keepAliveTimeoutMs: int('KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
      shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    },
    readiness: {
      provinces: readyProvinces,
      cacheMs: int('READY_CACHE_MS', 5_000, 0, 600_000),
    },
    admin: { token: adminToken },
    wsse: {
      mode: wsseMode,
      windowSeconds: int('WSSE_WINDOW_SECONDS', 300, 1, 86_400),
    },
    jobs: {
      schedules: jobSchedules(env.JOB_SCHEDULES, problems),
      leaseTtlMs: int('JOB_LEASE_TTL_MS', 30_000, 500, 3_600_000),
      modules: jobModules,
    },
    deliveries: {
      maxAttempts: int('DELIVERY_MAX_ATTEMPTS', 8, 1, 1000),
      baseDelayMs: int('DELIVERY_BASE_DELAY_MS', 60_000, 1, 86_400_000),
      maxDelayMs: int('DELIVERY_MAX_DELAY_MS', 3_600_000, 1, 86_400_000),
      retryIntervalMs: int('DELIVERY_RETRY_INTERVAL_MS', 10_000, 10, 3_600_000),
    },
    env: { ...env },
  };
  checkOrder(problems, config);
  for (const section of sections) section.configure(reader);
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/**
 * JOB_SCHEDULES: `job=cron expression` pairs separated by `;`, the expressions read in CST
 * (5 fields, or 6 with seconds first), e.g. `sample.daily=0 2 * * *;other=30 1 1 * *`.
 * Unset, no job runs by cron. Which names are jobs is known only once they are registered:
 * the jobs runtime refuses an unknown one at start.
 */
function jobSchedules(raw: string | undefined, problems: string[]): Record<string, string> {
  const schedules: Record<string, string> = {};
  for (const pair of (raw ?? '')
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq).trim();
    const expression = eq < 0 ? '' : pair.slice(eq + 1).trim();
    if (!/^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/.test(name) || expression === '') {
      problems.push(`JOB_SCHEDULES entry "${pair}" must be job=cron expression (e.g. sample.daily=0 2 * * *)`);
      continue;
    }
    if (Object.hasOwn(schedules, name)) problems.push(`JOB_SCHEDULES names ${name} twice`);
    const problem = cronProblem(expression);
    if (problem) problems.push(`JOB_SCHEDULES: "${expression}" for ${name} is not a cron expression croner reads: ${problem}`);
    schedules[name] = expression;
  }
  return schedules;
}

/** Limits that are each valid alone but not together. */
function checkOrder(problems: string[], config: GatewayConfig): void {
  const { server, deliveries } = config;
  if (deliveries.baseDelayMs > deliveries.maxDelayMs) {
    problems.push(`DELIVERY_BASE_DELAY_MS (${deliveries.baseDelayMs}) must not be longer than DELIVERY_MAX_DELAY_MS (${deliveries.maxDelayMs})`);
  }
  // node refuses a headers timeout longer than the whole-request timeout.
  if (server.headersTimeoutMs > server.requestTimeoutMs) {
    problems.push(`HEADERS_TIMEOUT_MS (${server.headersTimeoutMs}) must not be longer than REQUEST_TIMEOUT_MS (${server.requestTimeoutMs})`);
  }
}
