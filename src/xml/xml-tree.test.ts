import { expect } from 'chai';
import { escapeXml, parseXml, XmlSyntaxError } from './xml-tree';

describe('xml-tree: strict parsing with namespaces resolved', () => {
  it('resolves prefixes and the default namespace, whatever prefixes the sender chose', () => {
    const root = parseXml('<S:Envelope xmlns:S="urn:s"><Body xmlns="urn:d"><x:a xmlns:x="urn:x">1</x:a><b>2</b></Body></S:Envelope>');
    expect([root.ns, root.local]).to.deep.equal(['urn:s', 'Envelope']);
    const body = root.children[0];
    expect([body.ns, body.local]).to.deep.equal(['urn:d', 'Body']);
    expect(body.children.map((c) => [c.ns, c.local, c.text])).to.deep.equal([['urn:x', 'a', '1'], ['urn:d', 'b', '2']]);
  });

  it('decodes the predefined entities, character references and CDATA', () => {
    const root = parseXml('<a>&lt;&amp;&#20013;&#x6587;<![CDATA[<x>]]></a>');
    expect(root.text).to.equal('<&中文<x>');
  });

  for (const [what, xml] of [
    ['a DOCTYPE (XXE, entity expansion)', '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'],
    ['an undefined entity', '<a>&nbsp;</a>'],
    ['a bare ampersand', '<a>fish & chips</a>'],
    ['mismatched tags', '<a><b></a>'],
    ['two root elements', '<a/><b/>'],
    ['text after the root', '<a/>junk'],
    ['an undeclared prefix', '<p:a/>'],
    ['an empty document', ''],
  ]) {
    it(`refuses ${what}`, () => {
      expect(() => parseXml(xml)).to.throw(XmlSyntaxError);
    });
  }

  it('escapes the five XML specials and leaves other text alone', () => {
    expect(escapeXml(`a<b>&"c'`)).to.equal('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(escapeXml('中文 plain')).to.equal('中文 plain');
  });
});
