import { expect } from 'chai';
import express from 'express';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { accessGuard } from '../admin/access';
import { ExchangeRecord } from '../journal/exchange-record';
import { consoleRouter } from './console-router';
import { eventStream } from './event-stream';
import { LiveExchanges } from './live-exchanges';

const record = (n: number): ExchangeRecord => ({
  interfaceNumber: '5.2.1',
  direction: 'inbound',
  rspCode: '0000',
  receivedAt: 1_000 + n,
  durationMs: 1,
  requestXml: `<r n="${n}"/>`,
  responseXml: '<a/>',
  internalError: 'Error: secret stack',
});

async function serve(app: express.Express): Promise<{ url: string; server: Server }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('console: live exchanges', () => {
  it('keeps nothing while nobody watches; while a console is open, gives another the latest first, then each new one', () => {
    const live = new LiveExchanges(2);
    live.publish(record(1)); // nobody watching: not kept
    const first: number[] = [];
    const stopFirst = live.subscribe((e) => first.push(e.record.receivedAt));
    live.publish(record(2));
    live.publish(record(3));
    live.publish(record(4));
    const second: number[] = [];
    const stopSecond = live.subscribe((e) => second.push(e.record.receivedAt));
    live.publish(record(5));
    stopSecond();
    live.publish(record(6));
    stopFirst();
    live.publish(record(7));
    expect(first).to.deep.equal([1002, 1003, 1004, 1005, 1006]);
    expect(second).to.deep.equal([1003, 1004, 1005]);
    expect(live.subscribers).to.equal(0);
  });

  it('streams them as server-sent events and ends every stream when the gateway stops', async () => {
    const live = new LiveExchanges();
    const watching = live.subscribe(() => undefined); // a console already open, so the first is kept for the next
    live.publish(record(1));
    const app = express();
    app.get('/events', eventStream(live));
    const { url, server } = await serve(app);
    try {
      const res = await fetch(`${url}/events`);
      expect(res.headers.get('content-type')).to.match(/^text\/event-stream/);
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
      live.publish(record(2));
      live.close(); // as the drain does
      watching();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
      const events = text.split('\n\n').filter((e) => e.startsWith('event: exchange'));
      expect(events).to.have.length(2);
      const data = JSON.parse(events[1].split('\ndata: ')[1]);
      expect(data).to.include({ seq: 2, requestXml: '<r n="2"/>' });
      expect(data).not.to.have.property('internalError');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('console: pages behind the admin access check', () => {
  it('asks a browser for the token by Basic authentication, and serves the pages and the chart library with it', async () => {
    const app = express();
    app.use('/console', consoleRouter(accessGuard({ token: 'console-token-0123' })));
    const { url, server } = await serve(app);
    try {
      const refused = await fetch(`${url}/console/`);
      expect(refused.status).to.equal(401);
      expect(refused.headers.get('www-authenticate')).to.match(/^Basic realm=/);
      const auth = { authorization: `Basic ${Buffer.from('ops:console-token-0123').toString('base64')}` };
      const page = await fetch(`${url}/console/`, { headers: auth });
      expect(page.status).to.equal(200);
      expect(await page.text()).to.include('<script type="module" src="app.js">');
      expect(page.headers.get('content-security-policy')).to.include("default-src 'self'");
      const chart = await fetch(`${url}/console/vendor/uplot/uPlot.esm.js`, { headers: auth });
      expect(chart.status).to.equal(200);
    } finally {
      server.close();
    }
  });
});
