'use strict';
/**
 * A preload (`node -r`) for the benchmark only: makes the gateway and the mock provinces parse
 * every message with saxes (saxes-tree.js) instead of the scanner, so "Choosing the XML
 * engine" can measure single and two hops on each. Never loaded by the product.
 *
 *   NODE_OPTIONS="-r ./bench/engines/use-saxes.js" npm run bench -- --only two-hops,single-hop,node-soap --no-write
 */
const path = require('node:path');
const xmlTree = require(path.resolve(__dirname, '../../dist/src/xml/xml-tree.js'));
const { parseWithSaxes } = require('./saxes-tree');

xmlTree.parseXml = parseWithSaxes;
