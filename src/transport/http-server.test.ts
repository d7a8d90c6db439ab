/**
 * The HTTP server's drain, on a raw kept-alive connection: a client that picks an idle
 * kept-alive connection just as the drain begins must get its answer (with `Connection:
 * close`), not a reset for a request the server never read; an idle connection nobody uses
 * is still closed, after a short grace, well before the drain's own grace is over.
 */
import { expect } from 'chai';
import { connect, Socket } from 'node:net';
import { HttpServer } from './http-server';

const OPTIONS = { headersTimeoutMs: 5000, requestTimeoutMs: 10_000, keepAliveTimeoutMs: 30_000 };
const REQUEST = 'GET /x HTTP/1.1\r\nHost: gateway\r\n\r\n';

/** A raw connection that collects what the server sends, and knows when the server hung up. */
class RawClient {
  received = '';
  readonly closed: Promise<string | undefined>;
  private readonly socket: Socket;

  constructor(port: number) {
    this.socket = connect({ host: '127.0.0.1', port });
    this.socket.on('data', (chunk: Buffer) => (this.received += chunk.toString('latin1')));
    this.closed = new Promise((done) => {
      this.socket.once('error', (error: NodeJS.ErrnoException) => done(error.code));
      this.socket.once('close', () => done(undefined));
    });
  }

  send(text: string): void {
    this.socket.write(text);
  }

  /** Resolves once `count` whole answers (each 'ok', Content-Length 2) have arrived. */
  async answers(count: number): Promise<void> {
    const complete = () => (this.received.match(/\r\n\r\nok/g) ?? []).length >= count;
    while (!complete()) {
      const outcome = await Promise.race([this.closed.then((code) => `closed (${code ?? 'EOF'})`), new Promise((done) => setTimeout(done, 5))]);
      if (typeof outcome === 'string' && !complete()) throw new Error(`the connection was ${outcome} after: ${JSON.stringify(this.received)}`);
    }
  }

  destroy(): void {
    this.socket.destroy();
  }
}

describe('transport: the HTTP server drains without resetting kept-alive clients', function () {
  this.timeout(10_000);
  let server: HttpServer;
  let port: number;
  const clients: RawClient[] = [];

  beforeEach(async () => {
    server = new HttpServer((_req, res) => res.writeHead(200, { 'Content-Length': 2 }).end('ok'), OPTIONS);
    port = (await server.listen(0, '127.0.0.1')).port;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server.drain(0);
  });

  const client = async (): Promise<RawClient> => {
    const c = new RawClient(port);
    clients.push(c);
    c.send(REQUEST);
    await c.answers(1); // now idle and kept alive
    return c;
  };

  it('answers a request sent on an idle kept-alive connection just after the drain began, with Connection: close', async () => {
    const c = await client();
    expect(c.received)
      .to.match(/^HTTP\/1\.1 200/)
      .and.not.match(/connection: close/i);
    const drained = server.drain(60_000);
    c.send(REQUEST);
    await c.answers(2);
    const second = c.received.slice(c.received.indexOf('ok') + 2);
    expect(second).to.match(/^HTTP\/1\.1 200/);
    expect(second).to.match(/\r\nconnection: close\r\n/i);
    expect(await c.closed, 'the server hung up cleanly after the answer').to.equal(undefined);
    expect(await drained).to.deep.equal({ abandoned: 0 });
  });

  it('closes an idle kept-alive connection after a short grace, long before the drain grace ends', async () => {
    const c = await client();
    // The test's own timeout (10 s) is far shorter than this grace: only the idle grace can end the drain.
    const drained = server.drain(60_000);
    expect(await c.closed).to.equal(undefined);
    expect(await drained).to.deep.equal({ abandoned: 0 });
  });
});
