/**
 * A legacy-style client that is not node-soap: zeep (Python, Debian's python3-zeep) builds
 * its client from the WSDL the gateway serves and calls 4.2.1 with the UniBSSHead header.
 * Required under CI=true (.ci/run installs zeep); skipped with one loud line elsewhere.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { cstCycle, previousCycle } from '../../src/domain/cst-time';
import { RunningSystem, startSystem } from '../support/system';
import { TRANSIDH_FORMAT } from '../support/heads';

const SCRIPT = resolve(__dirname, '../../../test/toolkits/zeep_query.py');
const PYTHON = '/usr/bin/python3';

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(PYTHON, [SCRIPT, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('zeep (Python SOAP client) against the running gateway', function () {
  this.timeout(60000);
  let system: RunningSystem;
  before(async function () {
    if (spawnSync(PYTHON, ['-c', 'import zeep']).status !== 0) {
      if (process.env.CI === 'true') throw new Error('python3-zeep is required under CI');
      console.warn('      !! SKIPPED zeep client test: python3-zeep not installed (apt-get install python3-zeep)');
      this.skip();
    }
    system = await startSystem();
  });
  after(() => system?.close());

  it('calls 4.2.1 and reads the head and the masked account back', async () => {
    const a = system.mocks.books.get('51')!.list()[0];
    const cycle = previousCycle(cstCycle());
    const { code, stdout, stderr } = await run([`${system.gatewayUrl}/ucrm/4.2.1?wsdl`, a.serviceNumber, '36', cycle]);
    expect(code, stderr).to.equal(0);
    const answer = JSON.parse(stdout);
    expect(answer.RspCode).to.equal('0000');
    expect(answer.TransIDH).to.match(TRANSIDH_FORMAT);
    expect(answer.HomeProvince).to.equal('51');
    expect(answer.CustName).to.equal(Array.from(a.custName)[0] + '*'.repeat(Array.from(a.custName).length - 1));
    expect(answer.Balance).to.equal(a.balance);
    expect(answer.ItemNames).to.include('月租费');
  });
});
