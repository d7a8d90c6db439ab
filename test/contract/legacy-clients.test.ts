/**
 * The legacy clients provincial systems are built with, from the WSDLs the gateway serves and
 * with no extra flags: Java (Apache CXF wsdl2java and JAX-WS wsimport, test/toolkits/java) and
 * PHP's SoapClient. Each WSDL binds the UniBSSHead as a part of the operation's own messages,
 * which is what both Java generators need to map it to a method parameter by default.
 * Required under CI=true (.ci/run installs a JDK, Maven, php-cli and php-soap); skipped with
 * one loud line elsewhere.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cstCycle, previousCycle } from '../../src/domain/cst-time';
import { RunningSystem, startSystem } from '../support/system';

const TOOLKITS = resolve(__dirname, '../../../test/toolkits');
const JAVA_PROJECT = join(TOOLKITS, 'java');
const WSDL_COUNT = readdirSync(resolve(TOOLKITS, '../../wsdl')).filter((f) => f.endsWith('.wsdl')).length;

function run(cmd: string, args: string[], cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function requireTools(ctx: Mocha.Context, what: string, tools: string[], install: string): void {
  const missing = tools.filter((t) => spawnSync('sh', ['-c', t]).status !== 0);
  if (missing.length === 0) return;
  if (process.env.CI === 'true') throw new Error(`${what} is required under CI (${install})`);
  console.warn(`      !! SKIPPED ${what} tests: not installed (${install})`);
  ctx.skip();
}

/** The generated port methods of one generator's output: name → its parameter list. */
function portMethods(dir: string): Map<string, string> {
  const methods = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('PortType.java'))) {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const m of source.matchAll(/public \w+ (\w+)\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g)) methods.set(`${file}#${m[1]}`, m[2]);
  }
  return methods;
}

describe('Java clients from the served WSDLs (CXF wsdl2java, JAX-WS wsimport)', function () {
  this.timeout(900000);
  let system: RunningSystem;
  before(async function () {
    requireTools(this, 'Java toolkit', ['command -v mvn', 'command -v javac'], 'apt-get install default-jdk-headless maven');
    const build = await run('mvn', ['-q', '-B', 'compile', 'dependency:build-classpath', '-Dmdep.outputFile=target/classpath.txt'], JAVA_PROJECT);
    expect(build.code, build.stdout + build.stderr).to.equal(0);
    system = await startSystem();
  });
  after(() => system?.close());

  for (const generator of ['cxf/cxf', 'wsimport/wsimport']) {
    it(`${generator.split('/')[0]} maps the UniBSSHead of every operation to a parameter, in and out`, () => {
      const methods = portMethods(join(JAVA_PROJECT, 'target', generator));
      expect(methods.size).to.equal(WSDL_COUNT);
      for (const [method, params] of methods) {
        expect(params, method).to.match(/header = true/);
        expect(params, method).to.match(/Mode\.INOUT/);
        expect(params, method).to.match(/Holder<UniBSSHeadType> head\s*$/);
      }
    });
  }

  it('a wsimport client calls 4.2.1 with the head as a parameter and reads the answer head back', async () => {
    const a = system.mocks.books.get('51')!.list()[0];
    const classpath = readFileSync(join(JAVA_PROJECT, 'target/classpath.txt'), 'utf8').trim();
    const cp = `${join(JAVA_PROJECT, 'target/classes')}:${classpath}`;
    const args = ['-cp', cp, 'ucrm.QueryRemoteAccount', `${system.gatewayUrl}/ucrm/4.2.1?wsdl`, a.serviceNumber, '36', previousCycle(cstCycle())];
    const { code, stdout, stderr } = await run('java', args);
    expect(code, stderr).to.equal(0);
    const [rspCode, transIdH, homeProvince, balance] = stdout.trim().split('\n').pop()!.split(' ');
    expect(rspCode).to.equal('0000');
    expect(transIdH).to.match(/^UCRM\d/);
    expect(homeProvince).to.equal('51');
    expect(Number(balance)).to.equal(a.balance);
  });
});

describe("PHP's SoapClient from the served WSDL", function () {
  this.timeout(60000);
  let system: RunningSystem;
  before(async function () {
    requireTools(this, 'PHP SoapClient', ['command -v php', 'php -m | grep -qx soap'], 'apt-get install php-cli php-soap');
    system = await startSystem();
  });
  after(() => system?.close());

  it('calls 4.2.1 with the UniBSSHead as a SoapHeader and reads the head and body back', async () => {
    const a = system.mocks.books.get('51')!.list()[0];
    const args = [join(TOOLKITS, 'php_query.php'), `${system.gatewayUrl}/ucrm/4.2.1?wsdl`, a.serviceNumber, '36', previousCycle(cstCycle())];
    const { code, stdout, stderr } = await run('php', args);
    expect(code, stderr + stdout).to.equal(0);
    const answer = JSON.parse(stdout);
    expect(answer.functions.join()).to.match(/QueryRemoteAccountRsp QueryRemoteAccount\(QueryRemoteAccountReq \$body/);
    expect(answer.RspCode).to.equal('0000');
    expect(answer.TransIDH).to.match(/^UCRM\d/);
    expect(answer.HomeProvince).to.equal('51');
    expect(answer.Balance).to.equal(a.balance);
  });
});
