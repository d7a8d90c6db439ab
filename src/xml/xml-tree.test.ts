import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { escapeXml, parseDefinitionXml, parseXml, XmlSyntaxError } from './xml-tree';

const WSDL_DIR = resolve(__dirname, '../../../wsdl');

describe('xml-tree: strict parsing with namespaces resolved', () => {
  it('resolves prefixes and the default namespace, whatever prefixes the sender chose', () => {
    const root = parseXml('<S:Envelope xmlns:S="urn:s"><Body xmlns="urn:d"><x:a xmlns:x="urn:x">1</x:a><b>2</b></Body></S:Envelope>');
    expect([root.ns, root.local]).to.deep.equal(['urn:s', 'Envelope']);
    const body = root.children[0];
    expect([body.ns, body.local]).to.deep.equal(['urn:d', 'Body']);
    expect(body.children.map((c) => [c.ns, c.local, c.text])).to.deep.equal([
      ['urn:x', 'a', '1'],
      ['urn:d', 'b', '2'],
    ]);
  });

  it('parses definition files (WSDL, XSD, Chinese documentation) into the same tree as any document', () => {
    const files = [
      ...readdirSync(WSDL_DIR).map((f) => join(WSDL_DIR, f)),
      ...readdirSync(join(WSDL_DIR, 'common')).map((f) => join(WSDL_DIR, 'common', f)),
    ].filter((f) => /\.(wsdl|xsd)$/.test(f));
    expect(files.length).to.be.greaterThan(16);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(parseDefinitionXml(text), file).to.deep.equal(parseXml(text));
    }
  });

  it('keeps documentation text in a definition file, Chinese included', () => {
    const root = parseDefinitionXml('<x:a xmlns:x="urn:x" n="名">说明<x:b k="v"/></x:a>');
    expect([root.ns, root.local, root.text, root.attrs.n, root.children[0].attrs.k, root.children[0].nsScope.lookup('x')]).to.deep.equal([
      'urn:x',
      'a',
      '说明',
      '名',
      'v',
      'urn:x',
    ]);
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
