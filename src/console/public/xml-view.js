// XML pretty-printed and highlighted, for the exchange view: parsed by the browser, written
// back one element per line, each part in a span of its kind. Text that does not parse (a
// malformed request is worth seeing too) is shown as it came.
import { h } from './dom.js';

export function xmlView(text) {
  const pre = h('pre', { class: 'xml' });
  if (!text) return pre;
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) {
    pre.append(text);
    return pre;
  }
  const decl = /^<\?xml[^>]*\?>/.exec(text);
  if (decl) pre.append(h('span', { class: 'pi' }, decl[0]), '\n');
  writeNode(pre, doc.documentElement, 0);
  return pre;
}

function writeNode(out, node, depth) {
  const indent = '  '.repeat(depth);
  if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE) {
    if (node.data.trim()) out.append(indent, h('span', { class: 'text' }, node.data.trim()), '\n');
    return;
  }
  if (node.nodeType === Node.COMMENT_NODE) {
    out.append(indent, h('span', { class: 'pi' }, `<!--${node.data}-->`), '\n');
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  const children = [...node.childNodes].filter((c) => c.nodeType !== Node.TEXT_NODE || c.data.trim());
  out.append(indent, h('span', { class: 'tag' }, `<${node.nodeName}`));
  for (const attr of node.attributes) out.append(' ', h('span', { class: 'attr' }, attr.name), '=', h('span', { class: 'value' }, `"${attr.value}"`));
  if (children.length === 0) {
    out.append(h('span', { class: 'tag' }, '/>'), '\n');
    return;
  }
  if (children.length === 1 && children[0].nodeType === Node.TEXT_NODE) {
    out.append(
      h('span', { class: 'tag' }, '>'),
      h('span', { class: 'text' }, children[0].data.trim()),
      h('span', { class: 'tag' }, `</${node.nodeName}>`),
      '\n',
    );
    return;
  }
  out.append(h('span', { class: 'tag' }, '>'), '\n');
  for (const child of children) writeNode(out, child, depth + 1);
  out.append(indent, h('span', { class: 'tag' }, `</${node.nodeName}>`), '\n');
}
