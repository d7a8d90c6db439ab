/**
 * `ucrm start`: the gateway with the mock provinces (as `npm start`), the gateway alone
 * (`--no-mocks`), or the mock provinces alone (`--mocks-only`, in this process, with their own
 * journal and admin API at /admin: mocks/mock-mode/standalone-entry.ts). Proxy mode of
 * the mocks: `--proxy 51=https://real/province/51` passes province 51 through to a real
 * system and records it (`--record-file`), `--replay-file` answers from a recording. The
 * gateway runs as `node dist/src/main.js` with the matching environment; signals are passed on
 * and its exit code is ucrm's.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, RequestListener } from 'node:http';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { ContractCatalogue } from '../contract/catalogue';
import { NumberSegmentTable } from '../domain/number-segments';
import { CliError, EXIT, keyValues } from './cli-context';

interface StartOptions {
  mocks: boolean;
  mocksOnly?: boolean;
  port?: string;
  mockPort?: string;
  proxy: Record<string, string>;
  recordFile?: string;
  replayFile?: string;
}

const MAIN = resolve(__dirname, '../main.js');

export function startCommand(program: Command): void {
  program
    .command('start')
    .description('start the gateway and the mock provinces (or either alone)')
    .option('--no-mocks', 'the gateway alone (START_MOCKS=false)')
    .option('--mocks-only', 'the mock provinces alone')
    .option('--port <port>', 'the gateway port (PORT)')
    .option('--mock-port <port>', 'the mock provinces port (MOCK_PORT)')
    .option('--proxy <province=url>', "pass a province's calls through to a real endpoint and record them (repeatable)", keyValues, {})
    .option('--record-file <file>', 'append the recorded exchanges here (a replay file)')
    .option('--replay-file <file>', 'answer calls like the recorded ones from this file')
    .action(async (opts: StartOptions) => {
      const env: NodeJS.ProcessEnv = { ...process.env };
      if (opts.port) env.PORT = opts.port;
      if (opts.mockPort) env.MOCK_PORT = opts.mockPort;
      if (!opts.mocks) env.START_MOCKS = 'false';
      const proxy = Object.entries(opts.proxy).map(([code, url]) => `${code}=${url}`);
      if (proxy.length) env.MOCK_PROXY_TARGETS = proxy.join(',');
      if (opts.recordFile) env.MOCK_RECORD_FILE = resolve(opts.recordFile);
      if (opts.replayFile) env.MOCK_REPLAY_FILE = resolve(opts.replayFile);
      if (opts.mocksOnly) await startMocksOnly(env);
      else await runGateway(env);
    });
}

/** The mocks-alone entry (mocks/mock-mode/standalone-entry.ts), found by path: this build may have no mocks. */
const STANDALONE_ENTRY = resolve(__dirname, '../../mocks/mock-mode/standalone-entry.js');

interface StandaloneEntry {
  startMocksAlone(parts: { contracts: ContractCatalogue; segments: NumberSegmentTable; publicUrl?: string; adminToken?: string; env: NodeJS.ProcessEnv }): {
    app: RequestListener;
    provinces: number;
    access: string;
  };
}

async function startMocksOnly(env: NodeJS.ProcessEnv): Promise<void> {
  const port = Number(env.MOCK_PORT ?? 8081);
  if (!existsSync(STANDALONE_ENTRY)) throw new CliError(`this build has no mock provinces (${STANDALONE_ENTRY})`, EXIT.USAGE);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time, on purpose (the mocks may be absent)
  const entry = require(STANDALONE_ENTRY) as StandaloneEntry;
  const mocks = entry.startMocksAlone({
    contracts: ContractCatalogue.load(),
    segments: NumberSegmentTable.fromCsvFile(),
    publicUrl: env.MOCK_PUBLIC_URL,
    adminToken: env.ADMIN_TOKEN,
    env,
  });
  const server = createServer(mocks.app);
  await new Promise<void>((ok, fail) => {
    server.once('error', (error) => fail(new CliError(`MOCK_PORT ${port}: ${error.message}`, EXIT.USAGE)));
    server.listen(port, env.HOST ?? '0.0.0.0', ok);
  });
  const address = server.address();
  process.stderr.write(
    `mock provinces (${mocks.provinces}) listening on port ${typeof address === 'object' && address ? address.port : port}, admin API at /admin (${mocks.access})\n`,
  );
  await new Promise<void>((done) => {
    const stop = () => {
      server.closeAllConnections();
      server.close(() => done());
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

function runGateway(env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done) => {
    const heap = env.MAX_HEAP_MB ?? '128';
    const child = spawn(process.execPath, [`--max-old-space-size=${heap}`, MAIN], { env, stdio: 'inherit' });
    const pass = (signal: NodeJS.Signals) => () => child.kill(signal);
    process.on('SIGTERM', pass('SIGTERM'));
    process.on('SIGINT', pass('SIGINT'));
    child.on('exit', (code, signal) => {
      process.exitCode = code ?? (signal ? 128 : 1);
      done();
    });
  });
}
