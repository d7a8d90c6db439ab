/**
 * Configuration from the environment, checked once at start: each mistake is named with
 * the variable and what it should be, and all of them are reported together.
 */
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
  mongodbUri?: string;
  logLevel: string;
  payments: {
    singlePaymentLimitFen: number;
    resolverIntervalMs: number;
    resolverBaseDelayMs: number;
    resolverMaxDelayMs: number;
    resolverMaxAttempts: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
    return n;
  };
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
  const mongodbUri = env.MONGODB_URI || undefined;
  if (mongodbUri && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) problems.push('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  const config: GatewayConfig = {
    host: env.HOST ?? '0.0.0.0',
    port,
    mockPort,
    startMocks: startMocks === 'true' || startMocks === '1',
    publicUrl: url('PUBLIC_URL'),
    mockPublicUrl: url('MOCK_PUBLIC_URL'),
    provincesFile: env.PROVINCES_FILE || undefined,
    provinceUrlTemplate: template,
    provinceTimeoutMs: int('PROVINCE_TIMEOUT_MS', 5000, 1, 600000),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 256 * 1024 * 1024),
    instanceId,
    mongodbUri,
    logLevel: env.LOG_LEVEL ?? 'info',
    payments: {
      singlePaymentLimitFen: int('PAYMENT_LIMIT_FEN', 1_000_000, 1, Number.MAX_SAFE_INTEGER),
      resolverIntervalMs: int('RESOLVER_INTERVAL_MS', 1000, 10, 3_600_000),
      resolverBaseDelayMs: int('RESOLVER_BASE_DELAY_MS', 2000, 1, 3_600_000),
      resolverMaxDelayMs: int('RESOLVER_MAX_DELAY_MS', 60_000, 1, 86_400_000),
      resolverMaxAttempts: int('RESOLVER_MAX_ATTEMPTS', 10, 1, 1000),
    },
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
