/**
 * Starts the gateway's production entry point (dist/src/main.js) as a process of its own, on
 * a free port, and resolves once it listens: for tests of what only a real process shows
 * (its exit, its signals, its heap).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const MAIN = resolve(__dirname, '../../src/main.js');

export interface Child {
  process: ChildProcess;
  url: string;
  logs: Array<Record<string, unknown>>;
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `nodeArgs` go to node itself, e.g. the heap size `npm start` gives. */
export async function startGatewayProcess(env: Record<string, string>, nodeArgs: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', START_MOCKS: 'false', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const state = { stderr: '' };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  let buffered = '';
  child.stdout!.on('data', (c: Buffer) => {
    buffered += c.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line.trim()) logs.push(JSON.parse(line));
  });
  child.stderr!.on('data', (c: Buffer) => (state.stderr += c.toString('utf8')));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const listening = logs.find((l) => l.message === 'gateway listening');
    if (listening)
      return {
        process: child,
        url: `http://127.0.0.1:${listening.port}`,
        logs,
        get stderr() {
          return state.stderr;
        },
        exited,
      };
    const early = await Promise.race([exited, sleep(20).then(() => undefined)]);
    if (early || Date.now() > deadline) throw new Error(`gateway did not start (${JSON.stringify(early)}): ${state.stderr}`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
