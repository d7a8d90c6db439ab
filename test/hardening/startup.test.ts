/**
 * Starts of the real process (`node dist/src/main.js` as a child) that cannot go on because of
 * the machine or its settings, not the code: a port already taken, MongoDB not there, a
 * PROVINCES_FILE or WSSE_MODE that is wrong. Each must end with a message naming the variable
 * to change and no stack trace; a taken port also with nothing half-started (no log line on
 * stdout: the mocks log once they listen, and the store and the resolver start after them).
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve(__dirname, '../../src/main.js');

interface Ended {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(env: Record<string, string>): Promise<Ended> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ended = { stdout: '', stderr: '' };
  child.stdout.on('data', (c: Buffer) => (ended.stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (ended.stderr += c.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000); // a start that went on would not end by itself
  return new Promise((done) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      done({ code, ...ended });
    }),
  );
}

/** A port another process (this one) is listening on. */
async function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { port: (server.address() as { port: number }).port, server };
}

describe('hardening: a start that cannot go on', function () {
  this.timeout(30_000);
  const held: Server[] = [];
  const hold = async () => {
    const { port, server } = await holdPort();
    held.push(server);
    return String(port);
  };
  after(async () => {
    for (const server of held) await new Promise((done) => server.close(done));
  });

  it('PORT already in use: one line naming PORT, exit code 2, and the mocks not started', async () => {
    const port = await hold();
    const ended = await run({ PORT: port, MOCK_PORT: '0', PROVINCE_URL_TEMPLATE: 'http://127.0.0.1:9/province/{code}' });
    expect(ended.code).to.equal(2);
    expect(ended.stderr).to.equal(`ucrm: port ${port} is already in use (PORT); stop the other process or choose another port\n`);
    expect(ended.stdout).to.equal('');
  });

  it('MOCK_PORT already in use: one line naming MOCK_PORT, exit code 2', async () => {
    const mockPort = await hold();
    const ended = await run({ PORT: '0', MOCK_PORT: mockPort });
    expect(ended.code).to.equal(2);
    expect(ended.stderr).to.equal(`ucrm: port ${mockPort} is already in use (MOCK_PORT); stop the other process or choose another port\n`);
    expect(ended.stdout).to.equal('');
  });

  it('both in use: a line for each', async () => {
    const [port, mockPort] = [await hold(), await hold()];
    const ended = await run({ PORT: port, MOCK_PORT: mockPort });
    expect(ended.code).to.equal(2);
    expect(ended.stderr.trimEnd().split('\n')).to.deep.equal([
      `ucrm: port ${port} is already in use (PORT); stop the other process or choose another port`,
      `ucrm: port ${mockPort} is already in use (MOCK_PORT); stop the other process or choose another port`,
    ]);
  });

  it('MongoDB not reachable at MONGODB_URI: one line naming MONGODB_URI, no stack trace, exit code 1', async () => {
    const dead = await holdPort();
    await new Promise((done) => dead.server.close(done)); // nothing listens there now
    const ended = await run({ PORT: '0', START_MOCKS: 'false', MONGODB_URI: `mongodb://127.0.0.1:${dead.port}/ucrm` });
    expect(ended.code).to.equal(1);
    expect(ended.stderr.trimEnd().split('\n')).to.have.length(1);
    expect(ended.stderr).to.match(/^ucrm: MongoDB unavailable during connect: .*ECONNREFUSED.* \(MONGODB_URI\); /);
  });

  it('PROVINCES_FILE that is not JSON, or WSSE_MODE without credentials: a configuration mistake, exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ucrm-startup-'));
    try {
      const file = join(dir, 'provinces.json');
      writeFileSync(file, '[{"code": "51",');
      const mistakes: Array<Record<string, string>> = [{ PROVINCES_FILE: file }, { WSSE_MODE: 'require' }];
      for (const env of mistakes) {
        const ended = await run({ PORT: '0', START_MOCKS: 'false', ...env });
        expect(ended.code, ended.stderr).to.equal(2);
        expect(ended.stderr).to.match(/^invalid configuration:\n {2}- (PROVINCES_FILE=|WSSE_MODE=require but no province has a password)/);
        expect(ended.stderr).not.to.match(/^\s+at /m);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
