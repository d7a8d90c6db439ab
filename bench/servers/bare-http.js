'use strict';
/** Baseline: bare node:http answering every request with the same fixed SOAP response. */
const { createServer } = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const response = fs.readFileSync(path.resolve(__dirname, '../../test/fixtures/4.2.2/ok.response.xml'));
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': response.length });
    res.end(response);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
