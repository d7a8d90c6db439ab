import { expect } from 'chai';
import { createServer, Server } from 'node:net';
import { checkPortsFree, listenProblem, StartError } from './ports';

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('ports: checked before the start, named by their variable', () => {
  let held: Server;
  let heldPort: number;
  before(async () => {
    held = createServer();
    await new Promise<void>((done) => held.listen(0, '127.0.0.1', done));
    heldPort = (held.address() as { port: number }).port;
  });
  after(() => new Promise((done) => held.close(done)));

  it('says what each listen error means and which variable to change', () => {
    const port = { variable: 'MOCK_PORT', port: 80 };
    expect(listenProblem(errno('EADDRINUSE'), port, '0.0.0.0')).to.equal(
      'ucrm: port 80 is already in use (MOCK_PORT); stop the other process or choose another port',
    );
    expect(listenProblem(errno('EACCES'), port, '0.0.0.0'))
      .to.contain('(MOCK_PORT)')
      .and.contain('above 1023');
    expect(listenProblem(errno('EADDRNOTAVAIL'), port, '192.0.2.1')).to.contain('192.0.2.1 is not an address of this machine (HOST)');
    expect(listenProblem(errno('EMFILE'), port, '0.0.0.0')).to.equal(undefined); // not the operator's setting: the caller throws it as it is
  });

  it('lets free ports and port 0 pass, and gives them back', async () => {
    await checkPortsFree([{ variable: 'PORT', port: 0 }], '127.0.0.1');
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const free = (probe.address() as { port: number }).port;
    await new Promise((done) => probe.close(done));
    await checkPortsFree([{ variable: 'PORT', port: free }], '127.0.0.1');
    await checkPortsFree([{ variable: 'PORT', port: free }], '127.0.0.1'); // the probe did not keep it
  });

  it('refuses a port in use with a StartError of exit code 2', async () => {
    const error = await checkPortsFree([{ variable: 'PORT', port: heldPort }], '127.0.0.1').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(StartError);
    expect((error as StartError).exitCode).to.equal(2);
    expect((error as StartError).message).to.equal(`ucrm: port ${heldPort} is already in use (PORT); stop the other process or choose another port`);
  });

  it('names a HOST that is not on this machine once, not once per port', async function () {
    const ports = [
      { variable: 'PORT', port: 40_001 },
      { variable: 'MOCK_PORT', port: 40_002 },
    ];
    const error = await checkPortsFree(ports, '192.0.2.1').then(
      () => undefined,
      (e: unknown) => e,
    ); // TEST-NET-1, never local
    if (!error) this.skip(); // net.ipv4.ip_nonlocal_bind=1 lets any address be bound
    expect((error as StartError).message).to.equal('ucrm: 192.0.2.1 is not an address of this machine (HOST); use 0.0.0.0 or one of its addresses');
  });
});
