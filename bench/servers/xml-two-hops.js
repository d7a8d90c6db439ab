'use strict';
/**
 * Baseline: the bare two-hop relay (bare-two-hops.js) plus exactly the XML work the gateway
 * must do for a 4.2.1 query, done with the gateway's own code (dist/): decode, parse and
 * validate the 4.2.1 request (envelope, head, body); serialise the 4.2.2 request; decode,
 * parse and validate the province's 4.2.2 answer; serialise and encode the 4.2.1 answer.
 * Nothing else: no dispatcher, no handler rules, no journal, no log, no metrics, no
 * error handling beyond a 500. It is the ceiling of any gateway built on this XML engine
 * with validation on; the gateway's "two hops" can only be slower. Run `npx tsc -p .` first.
 */
const { createServer } = require('node:http');
const path = require('node:path');
const { Pool } = require('undici');

const dist = path.resolve(__dirname, '../../dist/src');
const { ContractCatalogue } = require(`${dist}/contract/catalogue.js`);
const { validateElement } = require(`${dist}/contract/validator.js`);
const { serializeElement } = require(`${dist}/contract/serializer.js`);
const { parseXml } = require(`${dist}/xml/xml-tree.js`);
const { openEnvelope, writeEnvelope, CONTRACT_PREFIX, SOAP11 } = require(`${dist}/transport/soap-envelope.js`);
const { decodeStrictly, messageCharset, UTF8 } = require(`${dist}/wire/charset.js`);
const { hqRequestHead, responseHead } = require(`${dist}/domain/message-head.js`);
const { postXml } = require(`${dist}/provinces/post-xml.js`);

const contracts = ContractCatalogue.load();
const remoteQuery = contracts.get('4.2.1').operations.get('QueryRemoteAccount');
const accountQuery = contracts.get('4.2.2');
const queryOp = accountQuery.operations.get('QueryAccount');
const upstream = new Pool(process.env.UPSTREAM, { connections: 16, pipelining: 1 });
const headers = { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${queryOp.soapAction}"` };
let serial = 0;

/** Envelope → validated head and body, as the gateway reads both of its inbound messages. */
function read(bytes, contentType, op, bodyDecl) {
  const envelope = openEnvelope(parseXml(decodeStrictly(bytes, messageCharset(bytes, contentType))));
  const headEl = envelope.headerBlocks.find((b) => b.ns === op.header.ns && b.local === op.header.name);
  return { head: validateElement(headEl, op.header), body: validateElement(envelope.body, bodyDecl) };
}

async function relay(bytes, contentType) {
  const request = read(bytes, contentType, remoteQuery, remoteQuery.request);
  const transIdH = `H${String(++serial).padStart(12, '0')}`;
  const head = hqRequestHead('4.2.2', '51', { procId: request.head.ProcID, transIdO: request.head.TransIDO, transIdH, testFlag: request.head.TestFlag });
  const body = { ServiceNumber: request.body.ServiceNumber, CollectProvince: request.body.CollectProvince, BillCycle: request.body.BillCycle };
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11.ns}" xmlns:v="${accountQuery.namespace}">` +
    `<soapenv:Header>${serializeElement(queryOp.header, head, 'v')}</soapenv:Header>` +
    `<soapenv:Body>${serializeElement(queryOp.request, body, 'v')}</soapenv:Body></soapenv:Envelope>`;
  const posted = await postXml(upstream, { path: '/province/51/4.2.2', headers, body: xml, timeoutMs: 5000 });
  const answer = read(posted.bytes, posted.contentType, queryOp, queryOp.response);
  const reply = {
    ServiceNumber: body.ServiceNumber,
    HomeProvince: '51',
    AccountInfo: answer.body.AccountInfo,
    BillCycle: answer.body.BillCycle,
    BillItem: answer.body.BillItem,
  };
  return UTF8.encode(
    writeEnvelope(
      SOAP11,
      contracts.get('4.2.1').namespace,
      serializeElement(remoteQuery.header, responseHead(request.head, transIdH, answer.head.RspCode), CONTRACT_PREFIX),
      serializeElement(remoteQuery.response, reply, CONTRACT_PREFIX),
    ),
  );
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    relay(Buffer.concat(chunks), req.headers['content-type']).then(
      (answer) => res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': answer.length }).end(answer),
      (error) => res.writeHead(500).end(String(error)),
    );
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
