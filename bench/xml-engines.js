#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:xml` — the XML engines the request path could use, per message, in one
 * process: the gateway's scanner, saxes, and libxml2 itself (libxml2-wasm). Each reads the
 * same messages into the same element tree, which the gateway's validator then checks and turns
 * into values (what the gateway needs from every message); libxml2 is also measured parsing
 * alone, its floor. Rounds alternate between engines so each sees the same machine; the
 * median round is printed. Run `npx tsc -p .` first (it uses dist/).
 */
const fs = require('node:fs');
const path = require('node:path');
const { parseWithSaxes } = require('./engines/saxes-tree');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist/src');
const { ContractCatalogue } = require(`${dist}/contract/catalogue.js`);
const { validateElement } = require(`${dist}/contract/validator.js`);
const { openEnvelope } = require(`${dist}/transport/soap-envelope.js`);
const { parseXml, NamespaceScope } = require(`${dist}/xml/xml-tree.js`);
const { trimXmlSpace } = require(`${dist}/xml/xml-scanner.js`);

const contracts = ContractCatalogue.load();
const fixture = (p) => fs.readFileSync(path.join(root, 'test/fixtures', p), 'utf8');

/** A 7.2.1 upload of `n` records, built from the golden one: the largest message kind. */
function payDetailBatch(n) {
  const golden = fixture('7.2.1/ok.request.xml');
  const record = /<tns:PayRecord>[\s\S]*?<\/tns:PayRecord>/.exec(golden)[0];
  return golden.replace(/(<tns:PayRecord>[\s\S]*<\/tns:PayRecord>)/, Array.from({ length: n }, () => record).join('\n'));
}

const MESSAGES = [
  { name: '4.2.1 request', xml: fixture('4.2.1/ok.request.xml'), number: '4.2.1', op: 'QueryRemoteAccount', dir: 'request' },
  { name: '4.2.2 answer', xml: fixture('4.2.2/ok.response.xml'), number: '4.2.2', op: 'QueryAccount', dir: 'response' },
  { name: '5.2.1 request', xml: fixture('5.2.1/ok.request.xml'), number: '5.2.1', op: 'RemotePay', dir: 'request' },
  { name: '7.2.1 upload, 500 records', xml: payDetailBatch(500), number: '7.2.1', op: 'UploadPayDetail', dir: 'request' },
];

function validate(tree, message) {
  const op = contracts.get(message.number).operations.get(message.op);
  const envelope = openEnvelope(tree);
  const head = envelope.headerBlocks.find((b) => b.ns === op.header.ns && b.local === op.header.name);
  validateElement(head, op.header);
  validateElement(envelope.body, message.dir === 'request' ? op.request : op.response);
}

/** libxml2's tree walked into the gateway's element tree: the price of reading it from JavaScript. */
function fromLibxml2(lib, el, parentScope) {
  let scope = parentScope;
  const declared = Object.entries(el.localNamespaces ?? {});
  if (declared.length) scope = scope.extend(new Map(declared));
  const attrs = Object.create(null);
  for (const attr of el.attrs) attrs[attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name] = attr.value;
  const element = { ns: el.namespaceUri, local: el.name, attrs, children: [], text: '', nsScope: scope };
  let text;
  for (let node = el.firstChild; node; node = node.next) {
    if (node instanceof lib.XmlElement) element.children.push(fromLibxml2(lib, node, scope));
    else if (node instanceof lib.XmlText || node instanceof lib.XmlCData) {
      const piece = node.content;
      if (text !== undefined || node instanceof lib.XmlCData || trimXmlSpace(piece) !== '') text = (text ?? '') + piece;
    }
  }
  if (text !== undefined) element.text = trimXmlSpace(text);
  return element;
}

function timePerMessage(work, iterations) {
  const start = process.hrtime.bigint();
  for (let k = 0; k < iterations; k++) work();
  return Number(process.hrtime.bigint() - start) / 1000 / iterations; // µs
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const lib = await import('libxml2-wasm');
  const engines = {
    scanner: (m) => validate(parseXml(m.xml), m),
    saxes: (m) => validate(parseWithSaxes(m.xml), m),
    'libxml2-wasm (parse, walk, validate)': (m) => {
      const doc = lib.XmlDocument.fromString(m.xml);
      try {
        validate(fromLibxml2(lib, doc.root, NamespaceScope.ROOT), m);
      } finally {
        doc.dispose();
      }
    },
    'libxml2-wasm (parse only)': (m) => lib.XmlDocument.fromString(m.xml).dispose(),
  };
  const rounds = Number(process.env.ROUNDS ?? 7);
  console.log(`node ${process.version}; median of ${rounds} rounds; µs per message (parse + validate unless said)\n`);
  const rows = [];
  for (const message of MESSAGES) {
    const iterations = Math.max(20, Math.round(2_000_000 / message.xml.length));
    for (const work of Object.values(engines)) for (let k = 0; k < 50; k++) work(message); // warm up
    const times = Object.fromEntries(Object.keys(engines).map((e) => [e, []]));
    for (let round = 0; round < rounds; round++) {
      for (const [name, work] of Object.entries(engines)) times[name].push(timePerMessage(() => work(message), iterations));
    }
    const scanner = median(times.scanner);
    for (const name of Object.keys(engines)) {
      const us = median(times[name]);
      rows.push({
        message: message.name,
        bytes: Buffer.byteLength(message.xml),
        engine: name,
        us: us.toFixed(1),
        'vs scanner': `${(us / scanner).toFixed(2)}×`,
      });
    }
  }
  console.table(rows);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
