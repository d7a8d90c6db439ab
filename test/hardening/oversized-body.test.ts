/**
 * An oversized request from a client that writes its whole body before it reads anything
 * (Python's http.client, many legacy Java clients): the gateway answers 413 as soon as the
 * Content-Length is over the limit, and must then linger — read and discard what the client
 * is still sending, for a bounded time and size — so the client can finish writing and read
 * the fault, instead of meeting a reset and a broken pipe halfway through its body.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { LINGER } from '../../src/transport/body-reader';
import { HttpServer } from '../../src/transport/http-server';
import { RunningSystem, startSystem } from '../support/system';
import { expectClientFaultAnswer, expectStillServing, SOAP11_CT } from './hostile-input-support';

const PYTHON = '/usr/bin/python3';
const BODY_LIMIT = 64 * 1024;
const QUERY_ACTION = '"http://ucrm.chinaunicom.cn/vol10/QueryRemoteAccount"';

/** http.client sends the headers, then the whole body (sendall), and only then reads the answer. */
const WHOLE_BODY_CLIENT = `
import http.client, json, sys
host, port, path, size, action, ctype = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6]
body = b'<!--' + b'x' * (size - 7) + b'-->'
c = http.client.HTTPConnection(host, port, timeout=20)
try:
    c.request('POST', path, body=body, headers={'Content-Type': ctype, 'SOAPAction': action})
    r = c.getresponse()
    print(json.dumps({'status': r.status, 'connection': r.getheader('Connection'), 'body': r.read().decode('utf-8', 'replace')}))
except Exception as e:
    print(json.dumps({'error': type(e).__name__ + ': ' + str(e)}))
`;

function postWholeBody(url: string, path: string, size: number): Promise<{ status?: number; connection?: string; body?: string; error?: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) =>
    execFile(PYTHON, ['-c', WHOLE_BODY_CLIENT, hostname, port, path, String(size), QUERY_ACTION, SOAP11_CT], { timeout: 30_000 }, (error, stdout, stderr) =>
      error ? fail(new Error(`${error.message}: ${stderr}`)) : done(JSON.parse(stdout)),
    ),
  );
}

describe('hardening: an oversized request reaches a client that writes its whole body first', function () {
  this.timeout(15_000);
  let system: RunningSystem;
  let server: HttpServer;

  before(async function () {
    if (!existsSync(PYTHON)) this.skip();
    system = await startSystem({ env: { BODY_LIMIT_BYTES: String(BODY_LIMIT) } });
    server = new HttpServer(system.gateway.app, {
      headersTimeoutMs: 5000,
      requestTimeoutMs: 20_000,
      keepAliveTimeoutMs: 5000,
      observe: system.gateway.observe,
    });
    await server.listen(0, '127.0.0.1');
  });
  after(async () => {
    await server?.drain(0);
    await system?.close();
  });

  for (const [what, size] of [
    ['20 MB', 20 * 1024 * 1024],
    ['4 MB', 4 * 1024 * 1024],
  ] as const) {
    it(`answers a ${what} body, declared by Content-Length, with the 413 fault the client then reads`, async () => {
      const answer = await postWholeBody(server.url, '/ucrm/4.2.1', size);
      expect(answer.error, 'the client got a broken pipe or a reset instead of the answer').to.equal(undefined);
      expectClientFaultAnswer({ status: answer.status!, body: answer.body! }, 413, /larger than this gateway accepts/);
      expect(answer.connection).to.equal('close');
      await expectStillServing(server.url);
    });
  }

  describe('within bounds', () => {
    const bounds = { ...LINGER };
    afterEach(() => Object.assign(LINGER, bounds));

    it('cuts a client that goes on sending past the linger size', async () => {
      LINGER.maxBytes = 1024 * 1024;
      const answer = await postWholeBody(server.url, '/ucrm/4.2.1', 16 * 1024 * 1024);
      expect(answer.error).to.match(/BrokenPipeError|ConnectionResetError/);
      await expectStillServing(server.url);
    });

    it('cuts a client that stops sending, once the linger time is over', async () => {
      LINGER.maxMs = 300;
      const { hostname, port } = new URL(server.url);
      const socket = connect({ host: hostname, port: Number(port) });
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
      socket.on('error', () => undefined);
      socket.write(`POST /ucrm/4.2.1 HTTP/1.1\r\nHost: gateway\r\nContent-Type: ${SOAP11_CT}\r\nContent-Length: ${10 * BODY_LIMIT}\r\n\r\n<!--`);
      // The test's timeout is the bound: without the linger's end the connection would stay up to the request timeout (20 s).
      await new Promise((done) => socket.once('close', done));
      expect(received).to.match(/^HTTP\/1\.1 413 /);
    });
  });
});
