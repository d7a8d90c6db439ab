import { expect } from 'chai';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { DeadlineError, postXml } from './post-xml';

/** A server answering each POST after `delayMs`, in the pieces given, echoing the request body's length. */
function server(delayMs: number, pieces: string[] = ['<a>', 'ok', '</a>']): Promise<{ url: string; srv: Server; seen: string[] }> {
  const seen: string[] = [];
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push(`${req.headers.soapaction} ${body}`);
      setTimeout(() => {
        res.writeHead(201, { 'content-type': 'text/xml; charset=GBK' });
        for (const p of pieces) res.write(p);
        res.end();
      }, delayMs);
    });
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, srv, seen })));
}

const post = (timeoutMs: number) => ({ path: '/x', headers: { 'content-type': 'text/xml', soapaction: '"A"' }, body: '<q>月</q>', timeoutMs });

describe('one POST, read whole, with a deadline', () => {
  const opened: Array<{ srv: Server; pool: Pool }> = [];
  afterEach(async () => {
    for (const { srv, pool } of opened.splice(0)) {
      await pool.destroy();
      srv.closeAllConnections();
      srv.close();
    }
  });

  async function start(delayMs: number, connections = 4, pieces?: string[]) {
    const s = await server(delayMs, pieces);
    const pool = new Pool(s.url, { connections });
    opened.push({ srv: s.srv, pool });
    return { ...s, pool };
  }

  it('sends the body and headers and gives back status, content type and all the bytes', async () => {
    const { pool, seen } = await start(0, 4, ['<a>', 'o', 'k', '</a>']);
    const answer = await postXml(pool, post(2000));
    expect(answer.status).to.equal(201);
    expect(answer.contentType).to.equal('text/xml; charset=GBK');
    expect(answer.bytes.toString()).to.equal('<a>ok</a>');
    expect(seen).to.deep.equal(['"A" <q>月</q>']);
  });

  it('gives up at the deadline with a DeadlineError', async () => {
    const { pool } = await start(500);
    const t0 = Date.now();
    const error = await postXml(pool, post(100)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(DeadlineError);
    expect(Date.now() - t0).to.be.within(90, 400);
  });

  it('gives up at the deadline on a request still waiting for a connection, and never sends it', async () => {
    const { pool, seen } = await start(400, 1);
    const first = postXml(pool, post(2000));
    const queued = await postXml(pool, post(100)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(queued).to.be.instanceOf(DeadlineError);
    expect((await first).status).to.equal(201);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).to.have.length(1);
  });

  it('passes a connection refusal on with its code', async () => {
    const s = await server(0);
    const url = s.url;
    await new Promise((r) => s.srv.close(r));
    const pool = new Pool(url);
    const error = await postXml(pool, post(1000)).then(
      () => undefined,
      (e: unknown) => e,
    );
    await pool.destroy();
    expect((error as { code?: string }).code).to.equal('ECONNREFUSED');
  });
});
