/**
 * The ucrm CLI as a CI runs it: the compiled bin in a child process against a running
 * gateway and mocks (calls from files and flags, services, the SoapUI export, certification,
 * jobs) and against a stand-in admin API that records what it is asked (journal, scenarios,
 * the named jobs), checking output and exit codes (0 ok, 1 not as expected, 2 usage, 3 unreachable).
 */
import { expect } from 'chai';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import express from 'express';
import { request } from 'undici';
import { parseXml } from '../../src/xml/xml-tree';
import { cstDate } from '../../src/domain/cst-time';
import { daysBefore } from '../../src/families/reconciliation/upload-rules';
import { brokenProvince } from '../certification/broken-province';
import { close, contractsAndSegments, listen, RunningSystem, startSystem } from '../support/system';
import { createMockProvinces } from '../../mocks/province-billing/server';
import { readReplayFile } from '../../mocks/mock-mode/proxy-recorder';

const BIN = resolve(__dirname, '../../src/cli/main.js');
const FIXTURES = resolve(__dirname, '../../../test/fixtures');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function ucrm(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const json = (ran: Ran) => JSON.parse(ran.stdout) as Record<string, unknown>;

describe('ucrm CLI', function () {
  this.timeout(60_000);
  let system: RunningSystem;
  let at: string[];
  const dir = mkdtempSync(join(tmpdir(), 'ucrm-cli-'));

  before(async () => {
    system = await startSystem();
    at = ['--url', system.gatewayUrl, '--mock-url', system.mockUrl];
  });

  after(() => system?.close());

  it('lists the services (--json)', async () => {
    const ran = await ucrm([...at, '--json', 'services']);
    expect(ran.code, ran.stderr).to.equal(0);
    const services = JSON.parse(ran.stdout) as Array<{ number: string }>;
    expect(services.map((s) => s.number)).to.include.members(['4.2.1', '5.2.1', '6.2.1']);
  });

  it('calls an interface from a request file: exit 0 on 0000', async () => {
    const ran = await ucrm([...at, '--json', 'call', '4.2.1', '--file', join(FIXTURES, '4.2.1/ok.request.xml')]);
    expect(ran.code, ran.stderr).to.equal(0);
    expect(json(ran)).to.include({ interface: '4.2.1', fault: false, rspCode: '0000' });
  });

  it('calls an interface from flags through the served WSDL, exit 1 on a business error', async () => {
    const ok = await ucrm([...at, '--json', 'call', '4.2.1', '--set', 'ServiceNumber=13051000001', '--set', 'CollectProvince=36']);
    expect(ok.code, ok.stderr + ok.stdout).to.equal(0);
    expect(json(ok)).to.include({ rspCode: '0000' });
    const unknown = await ucrm([...at, '--json', 'call', '4.2.1', '--set', 'ServiceNumber=19900000000', '--set', 'CollectProvince=36']);
    expect(unknown.code).to.equal(1);
    expect(json(unknown)).to.include({ rspCode: '1001' });
  });

  it("calls a province's H→P interface with --province, and needs it", async () => {
    const paid = await ucrm([
      ...at,
      '--json',
      'call',
      '5.2.2',
      '-p',
      '51',
      '-s',
      'ServiceNumber=13051000002',
      '-s',
      'CollectProvince=36',
      '-s',
      'PayAmount=1',
      '-s',
      'PayTime=20261201100000',
    ]);
    expect(paid.code, paid.stderr + paid.stdout).to.equal(0);
    expect(json(paid).body).to.have.property('HomeSerial');
    const missing = await ucrm([...at, 'call', '5.2.2', '-s', 'ServiceNumber=13051000002']);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/--province/);
  });

  it('exports the SoapUI project as the gateway serves it', async () => {
    const file = join(dir, 'project.xml');
    const ran = await ucrm([...at, 'soapui', 'export', '-o', file]);
    expect(ran.code, ran.stderr).to.equal(0);
    const served = await (await request(`${system.gatewayUrl}/soapui-project.xml`)).body.text();
    expect(readFileSync(file, 'utf8')).to.equal(served);
  });

  it('certifies a province: exit 0 and JUnit/JSON files when it passes, 1 when a rule is broken', async () => {
    const number = system.mocks.books
      .get('51')!
      .list()
      .find((a) => a.userStatus === '0')!.serviceNumber;
    const junit = join(dir, 'cert.xml');
    const report = join(dir, 'cert.json');
    const passed = await ucrm(['certify', `${system.mockUrl}/province/51`, '-p', '51', '-n', number, '--junit', junit, '--json-report', report]);
    expect(passed.code, passed.stdout + passed.stderr).to.equal(0);
    expect(passed.stderr).to.match(/\[8\/8\] PASS reverse\.after-day/);
    expect(parseXml(readFileSync(junit, 'utf8')).children[0].attrs.failures).to.equal('0');
    expect(JSON.parse(readFileSync(report, 'utf8'))).to.include({ ok: true, passed: 8 });
    const broken = await listen(brokenProvince(system.mockUrl, 'after-day'));
    try {
      const failed = await ucrm(['certify', `${broken.url}/province/51`, '-p', '51', '-n', number]);
      expect(failed.code).to.equal(1);
      expect(failed.stdout).to.match(/^FAIL {2}reverse\.after-day/m);
    } finally {
      await close(broken.server);
    }
  });

  it('lists and runs jobs on the gateway; a named job that does not exist is a usage error', async () => {
    const list = await ucrm([...at, '--json', 'job', 'list']);
    expect(list.code, list.stderr).to.equal(0);
    expect((JSON.parse(list.stdout) as Array<{ name: string }>).map((j) => j.name)).to.include('payments.resolve-pending');
    const run = await ucrm([...at, '--json', 'job', 'run', 'payments.resolve-pending']);
    expect(run.code, run.stderr + run.stdout).to.equal(0);
    expect(json(run)).to.include({ outcome: 'ok' });
    // The reconciliation job that takes a check date (not its sweep, which takes none).
    const yesterday = daysBefore(cstDate(), 1);
    const reconciled = await ucrm([...at, '--json', 'reconcile', yesterday], { UCRM_RECONCILE_JOB: '' });
    expect(reconciled.code, reconciled.stderr + reconciled.stdout).to.equal(0);
    expect(json(reconciled)).to.deep.include({ job: 'reconciliation.reconcile', params: { checkDate: yesterday }, outcome: 'ok' });
    const none = await ucrm([...at, 'reconcile', yesterday], { UCRM_RECONCILE_JOB: 'no.such.job' });
    expect(none.code).to.equal(2);
    expect(none.stderr).to.match(/no job named no\.such\.job/);
    expect((await ucrm([...at, 'simulate', 'nothing'])).code).to.equal(2);
  });

  it('starts the mock provinces alone in proxy mode, with their own journal and admin API; SIGTERM stops them (exit 0)', async () => {
    const child = spawn(process.execPath, [BIN, 'start', '--mocks-only', '--mock-port', '0', '--proxy', `51=${system.mockUrl}/province/51`], {
      env: { ...process.env, HOST: '127.0.0.1' },
    });
    try {
      const port = await new Promise<string>((ok, fail) => {
        let seen = '';
        child.stderr.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          const m = /listening on port (\d+)/.exec(seen);
          if (m) ok(m[1]);
        });
        child.once('exit', () => fail(new Error(`ucrm start ended: ${seen}`)));
      });
      const mocks = `http://127.0.0.1:${port}`;
      const called = await ucrm(['--mock-url', mocks, '--json', 'call', '4.2.2', '-p', '51', '-s', 'ServiceNumber=13051000001', '-s', 'CollectProvince=36']);
      expect(json(called), called.stderr).to.include({ rspCode: '0000' });
      const recorded = await ucrm(['--mock-url', mocks, '--json', 'record', 'list']);
      expect((JSON.parse(recorded.stdout) as unknown[]).length).to.equal(1);
      const listed = await ucrm(['--url', mocks, '--json', 'scenarios', 'list']);
      expect(listed.code, listed.stderr).to.equal(0);
      const found = await ucrm(['--url', mocks, '--json', 'journal', 'search', '--interface', '4.2.2']);
      expect((JSON.parse(found.stdout) as { entries: unknown[] }).entries.length, found.stderr).to.be.greaterThan(0);
    } finally {
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      child.kill('SIGTERM');
      expect(await exited).to.equal(0);
    }
  });

  it('exits 3 when the gateway cannot be reached, 2 on a usage mistake', async () => {
    const dead = await listen(() => undefined);
    await close(dead.server);
    expect((await ucrm(['--url', dead.url, 'services'])).code).to.equal(3);
    expect((await ucrm(['no-such-command'])).code).to.equal(2);
  });

  describe('in mock mode: scenarios in a scope, the calls of that scope, the journal', () => {
    let mockMode: RunningSystem;
    let here: string[];
    const scope = 'cli-suite';

    before(async () => {
      mockMode = await startSystem({ mockMode: true });
      here = ['--url', mockMode.gatewayUrl, '--mock-url', mockMode.mockUrl];
    });
    after(() => mockMode?.close());

    it("loads a scenario into a scope; the scope's calls get it, the others do not; verify counts the scope's exchanges", async () => {
      const file = join(dir, 'scope-scenario.json');
      writeFileSync(
        file,
        JSON.stringify({ name: 'number gone', match: { interface: '4.2.2', serviceNumber: '13051000003' }, action: { kind: 'rspCode', rspCode: '1002' } }),
      );
      const loaded = await ucrm([...here, 'scenarios', 'load', file, '--scope', scope]);
      expect(loaded.code, loaded.stderr).to.equal(0);
      const listed = await ucrm([...here, '--json', 'scenarios', 'list', '--scope', scope]);
      expect((JSON.parse(listed.stdout) as { scenarios: Array<{ name: string }> }).scenarios.map((s) => s.name)).to.deep.equal(['number gone']);
      const query = ['call', '4.2.1', '-s', 'ServiceNumber=13051000003', '-s', 'CollectProvince=36'];
      const scoped = await ucrm([...here, '--scope', scope, '--json', ...query]);
      expect(scoped.code, scoped.stderr).to.equal(1);
      expect(json(scoped)).to.include({ rspCode: '1002' });
      const unscoped = await ucrm([...here, '--json', ...query]);
      expect(json(unscoped)).to.include({ rspCode: '0000' });
      await mockMode.gateway.journal.flush();
      const once = await ucrm([...here, 'journal', 'verify', '--scope', scope, '--interface', '4.2.2', '--direction', 'inbound', '--count', '1']);
      expect(once.code, once.stdout + once.stderr).to.equal(0);
      expect((await ucrm([...here, 'journal', 'verify', '--scope', scope, '--interface', '4.2.2', '--direction', 'inbound', '--count', '2'])).code).to.equal(1);
      const found = await ucrm([...here, '--json', 'journal', 'search', '--scope', scope, '--interface', '4.2.2']);
      const entries = (JSON.parse(found.stdout) as { entries: Array<{ id: string; rspCode: string }> }).entries;
      expect(entries.map((e) => e.rspCode)).to.include('1002');
      const shown = await ucrm([...here, '--json', 'journal', 'show', entries[0].id]);
      expect(json(shown).requestXml).to.match(/QueryAccountReq/);
      const exported = join(dir, 'journal.jsonl');
      expect((await ucrm([...here, 'journal', 'export', '-o', exported, '--scope', scope])).code).to.equal(0);
      expect(readFileSync(exported, 'utf8').trim().split('\n').length).to.be.greaterThan(0);
      const reset = await ucrm([...here, 'scenarios', 'reset', '--scope', scope]);
      expect(reset.code, reset.stderr).to.equal(0);
    });
  });

  describe('against the admin API of mock mode (a stand-in that records what it is asked)', () => {
    const asked: Array<{ method: string; url: string; body: unknown }> = [];
    let admin: Awaited<ReturnType<typeof listen>>;
    let adminAt: string[];

    before(async () => {
      const app = express();
      app.use(express.json());
      app.use((req, _res, next) => {
        asked.push({ method: req.method, url: req.url, body: req.body });
        next();
      });
      app.get('/admin/journal', (_req, res) => res.json({ items: [{ id: 'j1', interfaceNumber: '5.2.2', rspCode: '0000' }] }));
      app.post('/admin/journal/verify', (req, res) => {
        const expected = (req.body as { expect?: { count?: number } }).expect;
        if (expected?.count !== undefined && expected.count !== 1) res.status(409).json({ error: 'conflict', message: 'not so', count: 1, ok: false });
        else res.json({ count: 1 });
      });
      app.post('/admin/scenarios', (req, res) => res.status(201).json({ id: `s${asked.length}`, ...req.body }));
      app.get('/admin/scenarios', (_req, res) => res.json({ scenarios: [{ id: 's1', name: 'first pay times out' }] }));
      app.post('/admin/scopes/:scope/reset', (_req, res) => res.json({ reset: true }));
      app.get('/admin/jobs', (_req, res) => res.json({ jobs: [{ name: 'reconciliation.daily', params: ['checkDate'] }] }));
      app.post('/admin/jobs/:name/runs', (req, res) => res.status(201).json({ runId: 'r1', job: req.params.name, params: req.body.params, outcome: 'ok' }));
      admin = await listen(app);
      adminAt = ['--url', admin.url];
    });

    after(() => close(admin.server));
    beforeEach(() => (asked.length = 0));

    it('searches the journal with the filters as query parameters', async () => {
      const ran = await ucrm([...adminAt, 'journal', 'search', '--trans-id-o', 'BILL36X', '--interface', '5.2.2', '--rsp-code', '0000', '--limit', '5']);
      expect(ran.code, ran.stderr).to.equal(0);
      expect(asked[0]).to.include({ method: 'GET', url: '/admin/journal?transIdO=BILL36X&interface=5.2.2&rspCode=0000&limit=5' });
      expect(ran.stdout).to.match(/j1/);
    });

    it('verifies a count: exit 0 when it matches, 1 when it does not', async () => {
      const ok = await ucrm([...adminAt, 'journal', 'verify', '--interface', '5.2.2', '--trans-id-o', 'X', '--count', '1']);
      expect(ok.code, ok.stderr).to.equal(0);
      expect(asked[0].body).to.deep.equal({ interface: '5.2.2', transIdO: 'X', expect: { count: 1 } });
      expect((await ucrm([...adminAt, 'journal', 'verify', '--interface', '5.2.2', '--count', '2'])).code).to.equal(1);
    });

    it('loads scenarios from files into a scope, lists them and resets the scope', async () => {
      const file = join(dir, 'scenarios.json');
      writeFileSync(file, JSON.stringify([{ name: 'a' }, { name: 'b' }]));
      const loaded = await ucrm([...adminAt, '--json', 'scenarios', 'load', file, '--scope', 'suite-7']);
      expect(loaded.code, loaded.stderr).to.equal(0);
      expect(asked.map((a) => `${a.method} ${a.url}`)).to.deep.equal(['POST /admin/scenarios?scope=suite-7', 'POST /admin/scenarios?scope=suite-7']);
      expect(asked.map((a) => a.body)).to.deep.equal([{ name: 'a' }, { name: 'b' }]);
      const listed = await ucrm([...adminAt, 'scenarios', 'list', '--scope', 'suite-7']);
      expect(listed.stdout).to.match(/first pay times out/);
      expect((await ucrm([...adminAt, 'scenarios', 'reset', '--scope', 'suite-7'])).code).to.equal(0);
      expect(asked.at(-1)).to.include({ method: 'POST', url: '/admin/scopes/suite-7/reset' });
      expect((await ucrm([...adminAt, 'scenarios', 'load', join(dir, 'missing.json')])).code).to.equal(2);
    });

    it('runs `reconcile <date>` as the job discovered by name, the date as its date parameter', async () => {
      const ran = await ucrm([...adminAt, '--json', 'reconcile', '20261201'], { UCRM_RECONCILE_JOB: '' });
      expect(ran.code, ran.stderr).to.equal(0);
      expect(asked.at(-1)).to.deep.include({ method: 'POST', url: '/admin/jobs/reconciliation.daily/runs', body: { params: { checkDate: '20261201' } } });
      expect((await ucrm([...adminAt, 'settle', '202611'])).code).to.equal(2); // no settlement job here
    });

    it('records through a proxying mock province, exports the replay file and saves the recordings as scenarios', async () => {
      const { contracts, segments } = contractsAndSegments();
      const proxying = createMockProvinces({ contracts, segments, proxy: { targets: { '51': `${system.mockUrl}/province/51` } } });
      const proxy = await listen(proxying.app);
      try {
        const viaProxy = ['--url', admin.url, '--mock-url', proxy.url];
        const called = await ucrm([...viaProxy, 'call', '4.2.2', '-p', '51', '-s', 'ServiceNumber=13051000001', '-s', 'CollectProvince=36']);
        expect(called.code, called.stderr + called.stdout).to.equal(0);
        const listed = await ucrm([...viaProxy, '--json', 'record', 'list']);
        // The WSDL fetch went to the mock itself; the call was passed through and recorded.
        expect((JSON.parse(listed.stdout) as Array<{ interfaceNumber: string }>).map((r) => r.interfaceNumber)).to.deep.equal(['4.2.2']);
        const file = join(dir, 'replay.jsonl');
        expect((await ucrm([...viaProxy, 'record', 'export', '-o', file])).code).to.equal(0);
        expect(readReplayFile(file)).to.have.length(1);
        const saved = await ucrm([...viaProxy, 'record', 'save', '--scope', 'rec']);
        expect(saved.code, saved.stderr).to.equal(0);
        expect(asked.filter((a) => a.method === 'POST').map((a) => a.url)).to.deep.equal(['/admin/scenarios?scope=rec']);
        expect((asked.find((a) => a.method === 'POST')!.body as { match: { interface: string } }).match.interface).to.equal('4.2.2');
      } finally {
        await close(proxy.server);
      }
    });
  });
});
