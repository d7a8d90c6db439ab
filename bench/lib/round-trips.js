'use strict';
/**
 * Database round trips per payment: the gateway talks to MongoDB through a TCP proxy that
 * counts the requests (OP_MSG messages, by command name) the driver sends. Payments are sent
 * one at a time, so each one's round trips are its own (concurrent payments share journal
 * batches); the background (the resolver's due query, the driver's heartbeats) is measured
 * over an idle window of the same length and taken off.
 */
const net = require('node:net');
const http = require('node:http');

/** A proxy to `upstream` (host:port) counting client → server messages by command name. */
async function countingProxy(upstream) {
  const [host, port] = upstream.split(':');
  const counts = new Map();
  const server = net.createServer((client) => {
    const db = net.connect(Number(port), host);
    client.pipe(db);
    db.pipe(client);
    let pending = Buffer.alloc(0);
    client.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 16) {
        const length = pending.readInt32LE(0);
        if (pending.length < length) break;
        const opCode = pending.readInt32LE(12);
        const name = opCode === 2013 && pending[20] === 0 ? commandName(pending, 21) : `op${opCode}`;
        counts.set(name, (counts.get(name) ?? 0) + 1);
        pending = pending.subarray(length);
      }
    });
    const end = () => {
      client.destroy();
      db.destroy();
    };
    client.on('error', end);
    db.on('error', end);
    client.on('close', end);
    db.on('close', end);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${server.address().port}`,
    snapshot: () => new Map(counts),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The first element's name of the BSON document at `offset`: an OP_MSG's command. */
function commandName(buf, offset) {
  const start = offset + 5; // int32 size, type byte
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end);
}

const diff = (after, before) => {
  const out = {};
  for (const [k, v] of after) if (v - (before.get(k) ?? 0) > 0) out[k] = v - (before.get(k) ?? 0);
  return out;
};

function post(url, body, action) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` }, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends `n` payments one at a time through `gatewayUrl` (whose MONGODB_URI goes through
 * `proxy`) and returns the commands per payment, background taken off.
 */
async function roundTripsPerPayment({ proxy, gatewayUrl, body, action, n, uniqueId }) {
  let bad = 0;
  const before = proxy.snapshot();
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    const answer = await post(gatewayUrl, body.replace(/(<[\w]*:?TransIDO>)[^<]*(<\/)/, `$1${uniqueId(i)}$2`), action);
    if (answer.status !== 200 || !answer.text.includes('RspCode>0000<')) bad++;
  }
  const busyMs = Date.now() - t0;
  const endBusy = proxy.snapshot();
  const during = diff(endBusy, before);
  await new Promise((r) => setTimeout(r, busyMs)); // as long again, idle: the background's share
  const idle = diff(proxy.snapshot(), endBusy);
  const perPayment = {};
  for (const [k, v] of Object.entries(during)) {
    const net = v - (idle[k] ?? 0);
    if (net > 0) perPayment[k] = Math.round((net / n) * 100) / 100;
  }
  const total = Object.values(perPayment).reduce((a, b) => a + b, 0);
  return { n, bad, busyMs, perPayment, total: Math.round(total * 100) / 100, idle, msPerPayment: busyMs / n };
}

module.exports = { countingProxy, roundTripsPerPayment };
