'use strict';
/**
 * Baseline: the least a two-hop relay can cost in node. node:http reads the request and
 * relays a fixed 4.2.2 request to the mock province at UPSTREAM with undici (keep-alive
 * pool of 16, as the gateway's), reads its answer whole, and answers a fixed 4.2.1 response.
 * No XML is parsed, validated or written, nothing is journaled or logged: the ceiling for
 * any gateway doing the two-hop scenario on this machine, in node, with these libraries.
 */
const { createServer } = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { Pool } = require('undici');

const fixtures = path.resolve(__dirname, '../../test/fixtures');
const answer = fs.readFileSync(path.join(fixtures, '4.2.1/ok.response.xml'));
const relayed = fs.readFileSync(path.join(fixtures, '4.2.2/ok.request.xml'), 'utf8');
const upstream = new Pool(process.env.UPSTREAM, { connections: 16, pipelining: 1 });
const headers = { 'content-type': 'text/xml; charset=utf-8', soapaction: '"http://ucrm.chinaunicom.cn/vol10/QueryAccount"' };

const server = createServer((req, res) => {
  req.resume();
  req.on('end', async () => {
    try {
      const province = await upstream.request({ path: '/province/51/4.2.2', method: 'POST', headers, body: relayed });
      await province.body.arrayBuffer();
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': answer.length });
      res.end(answer);
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
