/**
 * Who the admin API answers, over HTTP. On one machine every real connection comes from a
 * loopback address, so what the tests can show with real sockets is the allowed side
 * (127.0.0.1, another 127/8 source, ::1); a client elsewhere is played by the gateway's
 * injected peer address (GatewayParts.adminRemoteAddress), which stands in for the socket's
 * remoteAddress and is the only thing the check reads — headers such as X-Forwarded-For
 * are sent along to show they change nothing.
 */
import { expect } from 'chai';
import { createServer, request, RequestListener, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { close, RunningSystem, startSystem } from '../support/system';
import { startGatewayProcess } from '../support/gateway-process';
import { AdminClient } from './admin-client';

const TOKEN = 'test-admin-token-0123456789abcdef';

describe('admin API: access', function () {
  this.timeout(20_000);
  let system: RunningSystem | undefined;
  afterEach(async () => {
    await system?.close();
    system = undefined;
  });

  it('with ADMIN_TOKEN: 401 without a bearer token, 403 with another, answered with it — the document as well', async () => {
    system = await startSystem({ env: { ADMIN_TOKEN: TOKEN } });
    const admin = new AdminClient(system.gatewayUrl, TOKEN);
    for (const path of ['/jobs', '/openapi.json', '/runs?limit=1', '/no/such/path']) {
      const none = await admin.get(path, { token: null });
      expect([none.status, none.body.error], path).to.deep.equal([401, 'unauthorized']);
      // Both ways in: a script's bearer token, a browser's Basic prompt (the console).
      expect(none.headers.get('www-authenticate'))
        .to.match(/Bearer realm=/)
        .and.match(/Basic realm=/);
      const wrong = await admin.get(path, { token: `${TOKEN}x` });
      expect([wrong.status, wrong.body.error], path).to.deep.equal([403, 'forbidden']);
    }
    // The token as the password of Basic authentication is what a browser sends for the console.
    expect(
      (await admin.get('/jobs', { token: null, headers: { Authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` } })).status,
    ).to.equal(200);
    expect(
      (await admin.get('/jobs', { token: null, headers: { Authorization: `Basic ${Buffer.from(`admin:${TOKEN}x`).toString('base64')}` } })).status,
    ).to.equal(403);
    expect((await admin.get('/jobs')).status).to.equal(200);
    expect((await admin.get('/jobs', { token: null, headers: { Authorization: `bearer ${TOKEN}` } })).status).to.equal(200);
  });

  it('with ADMIN_TOKEN: a client elsewhere is answered when it has the token, refused without it', async () => {
    system = await startSystem({ env: { ADMIN_TOKEN: TOKEN }, adminRemoteAddress: () => '203.0.113.7' });
    const admin = new AdminClient(system.gatewayUrl, TOKEN);
    expect((await admin.get('/jobs')).status).to.equal(200);
    expect((await admin.get('/jobs', { token: null })).status).to.equal(401);
  });

  it('without a token: a client elsewhere is refused (403) whatever its headers say, and nothing runs', async () => {
    system = await startSystem({ adminRemoteAddress: () => '203.0.113.7' });
    const admin = new AdminClient(system.gatewayUrl);
    const spoofed = { 'X-Forwarded-For': '127.0.0.1', 'X-Real-IP': '127.0.0.1', Forwarded: 'for=127.0.0.1' };
    const refused = await admin.post('/jobs/payments.resolve-pending/runs', undefined, { headers: spoofed });
    expect(refused.status).to.equal(403);
    expect(refused.body).to.deep.equal({
      error: 'forbidden',
      message: 'no ADMIN_TOKEN is configured: the admin API answers requests from the loopback interface only',
    });
    expect((await admin.get('/openapi.json', { headers: spoofed })).status).to.equal(403);
    expect((await admin.get('/jobs', { token: 'anything-at-all-0123456789' })).status, 'a token opens nothing when none is configured').to.equal(403);
    expect(await system.gateway.jobs.runs({ job: 'payments.resolve-pending' })).to.deep.equal([]);
  });

  it('without a token: answers a loopback client — 127.0.0.1, another 127/8 source address, IPv4 seen as ::ffff:127.0.0.1', async () => {
    system = await startSystem();
    expect((await new AdminClient(system.gatewayUrl).get('/jobs')).status).to.equal(200);
    expect(await statusFrom(system.gatewayUrl, '/admin/jobs', '127.0.0.5')).to.equal(200);
    const mapped = await startSystem({ adminRemoteAddress: () => '::ffff:127.0.0.1' });
    try {
      expect((await new AdminClient(mapped.gatewayUrl).get('/jobs')).status).to.equal(200);
    } finally {
      await mapped.close();
    }
  });

  it('without a token: answers a client on ::1, when this machine has IPv6 loopback', async function () {
    system = await startSystem();
    const v6 = await listenOn(system.gateway.app, '::1').catch(() => undefined);
    if (!v6) this.skip();
    try {
      expect(await statusFrom(`http://[::1]:${v6.port}`, '/admin/jobs')).to.equal(200);
    } finally {
      await close(v6.server);
    }
  });

  it('the real process says at start how the admin API is protected, never the token itself', async () => {
    for (const [env, mode] of [
      [{}, 'loopback-only'],
      [{ ADMIN_TOKEN: TOKEN }, 'token'],
    ] as const) {
      const child = await startGatewayProcess(env);
      try {
        const line = child.logs.find((l) => typeof l.message === 'string' && l.message.startsWith('admin API'));
        expect(line, JSON.stringify(child.logs)).to.deep.include({ adminAccess: mode, level: 'info' });
        expect(JSON.stringify(child.logs)).not.to.contain(TOKEN);
        expect((await new AdminClient(child.url, TOKEN).get('/jobs')).status).to.equal(200);
      } finally {
        child.process.kill('SIGTERM');
        await child.exited;
      }
    }
  });
});

/** A GET from a chosen local source address (a real socket, so the gateway sees that address). */
function statusFrom(baseUrl: string, path: string, localAddress?: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(`${baseUrl}${path}`, { localAddress }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end();
  });
}

async function listenOn(app: RequestListener, host: string): Promise<{ server: Server; port: number }> {
  const server = createServer(app);
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, host, done);
  });
  return { server, port: (server.address() as AddressInfo).port };
}
