'use strict';
/**
 * The gateway's element tree (dist/src/xml) built with saxes instead of the hand-written
 * scanner: the candidate in "Choosing the XML engine" (docs/BENCHMARKS.md). saxes checks
 * well-formedness and namespaces itself; this only turns its events into the same tree the
 * scanner builds (text trimmed of XML white space, white space between elements dropped).
 */
const path = require('node:path');
const { SaxesParser } = require('saxes');

const dist = path.resolve(__dirname, '../../dist/src/xml');
const { NamespaceScope } = require(`${dist}/namespace-scope.js`);
const { trimXmlSpace } = require(`${dist}/xml-scanner.js`);
const NO_ATTRIBUTES = Object.freeze(Object.create(null));

function parseWithSaxes(text) {
  const parser = new SaxesParser({ xmlns: true });
  const stack = [];
  let root;
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (node) => {
    const parent = stack[stack.length - 1];
    let scope = parent ? parent.element.nsScope : NamespaceScope.ROOT;
    const declared = Object.keys(node.ns);
    if (declared.length) scope = scope.extend(new Map(declared.map((p) => [p, node.ns[p]])));
    let attrs = NO_ATTRIBUTES;
    for (const name of Object.keys(node.attributes)) {
      const attr = node.attributes[name];
      if (attr.prefix === 'xmlns' || name === 'xmlns') continue;
      if (attrs === NO_ATTRIBUTES) attrs = Object.create(null);
      attrs[name] = attr.value;
    }
    const element = { ns: node.uri, local: node.local, attrs, children: [], text: '', nsScope: scope };
    if (parent) parent.element.children.push(element);
    else root = element;
    stack.push({ element, text: undefined });
  });
  const addText = (piece, isCdata) => {
    const top = stack[stack.length - 1];
    if (!top) return;
    if (!isCdata && top.text === undefined && trimXmlSpace(piece) === '') return;
    top.text = top.text === undefined ? piece : top.text + piece;
  };
  parser.on('text', (t) => addText(t, false));
  parser.on('cdata', (t) => addText(t, true));
  parser.on('closetag', () => {
    const top = stack.pop();
    if (top.text !== undefined) top.element.text = trimXmlSpace(top.text);
  });
  parser.write(text).close();
  return root;
}

module.exports = { parseWithSaxes };
