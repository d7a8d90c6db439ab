/**
 * The scanner against the rules of XML 1.0 + Namespaces, case by case, and against
 * fast-xml-parser (same trees on every WSDL, XSD and golden fixture). The comparison with
 * libxml2 — trees and verdicts on the spec's rules, hostile constructions and seeded mutations —
 * is test/xml/libxml2-differential.test.ts; linear cost is test/xml/linear-cost.test.ts.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MAX_DEPTH, scanXml, XML_LIMITS, XmlElement, XmlLimitError, XmlLimits, XmlSyntaxError } from './xml-scanner';

const ROOT = resolve(__dirname, '../../..');

function xmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? xmlFiles(p) : /\.(xml|wsdl|xsd)$/.test(f) ? [p] : [];
  });
}

describe('xml-scanner', () => {
  describe('accepts and resolves', () => {
    it('prefixes, the default namespace and undeclaring it, whatever prefixes the sender chose', () => {
      const root = scanXml('<S:E xmlns:S="urn:s"><B xmlns="urn:d"><x:a xmlns:x="urn:x">1</x:a><b>2</b><c xmlns="">3</c></B></S:E>');
      expect([root.ns, root.local]).to.deep.equal(['urn:s', 'E']);
      expect(root.children[0].children.map((c) => [c.ns, c.local, c.text])).to.deep.equal([
        ['urn:x', 'a', '1'],
        ['urn:d', 'b', '2'],
        ['', 'c', '3'],
      ]);
    });

    it('references, CDATA, comments, PIs, the XML declaration and attribute normalisation', () => {
      const root = scanXml(
        '<?xml version="1.0" encoding="UTF-8"?><!-- c --><?pi x?><a q=\'1\' r="a&#9;b&#x4E2D;&amp;\tc"> &lt;&#20013;<![CDATA[<&>]]><!-- in --><?p?>x </a><!-- after -->\n',
      );
      expect(root.text).to.equal('<中<&>x');
      // §3.3.3: a literal tab becomes a space, a character reference keeps its character.
      expect({ ...root.attrs }).to.deep.equal({ q: '1', r: 'a\tb中& c' });
    });

    it('attribute values: literal line ends and tabs become one space each, references stay', () => {
      const root = scanXml('<a x="1\r\n2\r3\n4\t5" y="&#13;&#10;&#9;"/>');
      expect([root.attrs.x, root.attrs.y]).to.deep.equal(['1 2 3 4 5', '\r\n\t']);
    });

    it('line ends in text and CDATA read as LF (§2.11); a reference to CR stays CR', () => {
      expect(scanXml('<a>x\r\ny\rz</a>').text).to.equal('x\ny\nz');
      expect(scanXml('<a><![CDATA[x\r\ny\r]]>z</a>').text).to.equal('x\ny\nz');
      expect(scanXml('<a>x&#13;y</a>').text).to.equal('x\ry');
    });

    it('trims XML white space only: U+3000, U+00A0 and U+FEFF are content', () => {
      expect(scanXml('<a>\u300013051000001\u3000</a>').text).to.equal('\u300013051000001\u3000');
      expect(scanXml('<a> \u00A0x\uFEFF\t</a>').text).to.equal('\u00A0x\uFEFF');
    });

    it('character data around child elements, white space between pieces kept', () => {
      expect(scanXml('<a> x<b/> <c/>y <d/> </a>').text).to.equal('x y');
    });

    it('names that are properties of Object.prototype, as plain names', () => {
      const root = scanXml('<a xmlns:__proto__="urn:x" __proto__="1" constructor="2"><__proto__:b/><toString/></a>');
      expect(root.attrs.__proto__).to.equal('1');
      expect(root.attrs.constructor).to.equal('2');
      expect(Object.keys(root.attrs)).to.deep.equal(['__proto__', 'constructor']);
      expect(root.children.map((c) => [c.ns, c.local])).to.deep.equal([
        ['urn:x', 'b'],
        ['', 'toString'],
      ]);
    });

    it('name characters up to U+EFFFF', () => {
      expect(scanXml('<a\u{10000}\u{EFFFF}/>').local).to.equal('a\u{10000}\u{EFFFF}');
    });

    it('one namespace through two prefixes on different attributes, and xml:lang', () => {
      const root = scanXml('<a xmlns:p="u" xmlns:q="u" p:x="1" q:y="2" xml:lang="zh"/>');
      expect({ ...root.attrs }).to.deep.equal({ 'p:x': '1', 'q:y': '2', 'xml:lang': 'zh' });
    });

    it(`nesting up to ${MAX_DEPTH} levels`, () => {
      expect(() => scanXml('<a>'.repeat(MAX_DEPTH) + '</a>'.repeat(MAX_DEPTH))).not.to.throw();
    });
  });

  describe('refuses', () => {
    const refusals: Array<[string, string]> = [
      ['a DOCTYPE (XXE, entity expansion)', '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'],
      ['a DOCTYPE inside the document', '<a><!DOCTYPE a></a>'],
      ['an entity named after an Object.prototype property', '<a>&constructor;</a>'],
      ['another such entity', '<a>&__proto__;</a>'],
      ['an element prefix named after an Object.prototype property, never declared', '<valueOf:a/>'],
      ['an attribute prefix named after an Object.prototype property, never declared', '<a hasOwnProperty:x="1"/>'],
      ['an attribute name starting with a colon', '<a :x="1"/>'],
      ['an attribute name ending with a colon', '<a xmlns:p="u" p:="1"/>'],
      ['an element name with two colons', '<p:x:y xmlns:p="u"/>'],
      ['an element name starting with a colon', '<:a/>'],
      ['a local part that is not an NCName', '<p:-a xmlns:p="u"/>'],
      ['a namespace prefix with a colon', '<a xmlns:a:b="u"/>'],
      ['an empty namespace prefix (it would bind the default namespace)', '<a xmlns:="urn:evil"/>'],
      ['the same attribute through two prefixes of one namespace', '<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>'],
      ['a namespace declared twice on one element', '<a xmlns:p="u" xmlns:p="v"/>'],
      ['a colon in a processing-instruction target', '<a><?p:i x?></a>'],
      ['a name character above U+EFFFF', '<a\u{F0000}/>'],
      ['an ideographic space inside the XML declaration', '<?xml version="1.0"\u3000?><a/>'],
      ['a no-break space inside the XML declaration', '<?xml\u00A0version="1.0"?><a/>'],
      ['a byte order mark (the decoder strips the one a body may start with)', '\uFEFF<a/>'],
      ['an undefined entity', '<a>&nbsp;</a>'],
      ['a bare ampersand', '<a>fish & chips</a>'],
      ['a reference to a non-character', '<a>&#0;</a>'],
      ['a forbidden control character', '<a>\u0001</a>'],
      ['a lone surrogate', '<a>\uD800</a>'],
      ['mismatched tags', '<a><b></a></b>'],
      ['an unclosed element', '<a><b></b>'],
      ['two root elements', '<a/><b/>'],
      ['text after the root', '<a/>junk'],
      ['text before the root', 'junk<a/>'],
      ['an undeclared prefix', '<p:a/>'],
      ['an undeclared attribute prefix', '<a p:x="1"/>'],
      ['a repeated attribute', '<a x="1" x="2"/>'],
      ['an unquoted attribute', '<a x=1/>'],
      ['"<" in an attribute value', '<a x="<"/>'],
      ['attributes without white space between them', '<a x="1"y="2"/>'],
      ['"]]>" in text', '<a>]]></a>'],
      ['"--" in a comment', '<a><!-- a -- b --></a>'],
      ['an XML declaration not at the start', ' <?xml version="1.0"?><a/>'],
      ['an empty document', ''],
      ['a bad name', '<1a/>'],
      ['binding a prefix to nothing', '<a xmlns:p=""/>'],
      ['binding the xmlns prefix', '<a xmlns:xmlns="urn:x"/>'],
      [`nesting deeper than ${MAX_DEPTH} levels`, '<a>'.repeat(MAX_DEPTH + 1) + '</a>'.repeat(MAX_DEPTH + 1)],
      ['a truncated document', '<a><b>text</b'],
      ['an end tag first', '</a>'],
      ['an end tag with another name', '<a></ab>'],
      ['an end tag with junk after the name', '<a></a x>'],
    ];
    for (const [what, xml] of refusals) {
      it(what, () => {
        expect(() => scanXml(xml)).to.throw(XmlSyntaxError);
      });
    }

    it('with the line and column of the problem, counting CRLF as one line end', () => {
      try {
        scanXml('<a>\r\n  <b>\r\n  </c>\r\n</a>');
        expect.fail('expected an error');
      } catch (error) {
        expect(error).to.be.instanceOf(XmlSyntaxError).and.include({ line: 3, column: 3 });
      }
    });

    it('with the line and column of the problem', () => {
      try {
        scanXml('<a>\n  <b>\n  </c>\n</a>');
        expect.fail('expected an error');
      } catch (error) {
        expect(error).to.be.instanceOf(XmlSyntaxError).and.include({ line: 3, column: 3 });
      }
    });
  });

  describe('limits: each refusal names its limit', () => {
    const small: XmlLimits = { maxDepth: 3, maxNodes: 10, maxAttributesPerElement: 3, maxNamespaceDeclarationsPerElement: 2, maxNameLength: 8 };
    const cases: Array<[keyof XmlLimits, string, string]> = [
      ['maxDepth', '<a><b><c/></b></a>', '<a><b><c><d/></c></b></a>'],
      ['maxNodes', `<a>${'<b/>'.repeat(9)}</a>`, `<a>${'<b/>'.repeat(10)}</a>`],
      ['maxNodes', `<a>${'x<!---->'.repeat(4)}x</a>`, `<a>${'x<!---->'.repeat(5)}</a>`],
      ['maxAttributesPerElement', '<a x="1" y="2" xmlns:p="u"/>', '<a x="1" y="2" z="3" w="4"/>'],
      ['maxNamespaceDeclarationsPerElement', '<a xmlns="u" xmlns:p="u"/>', '<a xmlns="u" xmlns:p="u" xmlns:q="u"/>'],
      ['maxNameLength', '<abcdefgh/>', '<abcdefghi/>'],
      ['maxNameLength', '<a><?abcdefgh?></a>', '<a><?abcdefghi?></a>'],
    ];
    for (const [limit, within, beyond] of cases) {
      it(`${limit}: ${JSON.stringify(beyond).slice(0, 50)}`, () => {
        expect(() => scanXml(within, small)).not.to.throw();
        expect(() => scanXml(beyond, small))
          .to.throw(XmlLimitError, new RegExp(`limit ${limit}`))
          .with.property('limit', limit);
      });
    }

    it('are generous for the contract: the defaults', () => {
      expect(XML_LIMITS).to.deep.equal({
        maxDepth: 64,
        maxNodes: 50_000,
        maxAttributesPerElement: 256,
        maxNamespaceDeclarationsPerElement: 32,
        maxNameLength: 1_000,
      });
    });
  });

  describe('against fast-xml-parser', () => {
    const fxp = new XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: '',
      parseTagValue: false,
      trimValues: true,
      htmlEntities: true,
    });
    type Raw = Record<string, unknown> & { ':@'?: Record<string, string> };
    /** fast-xml-parser's tree reduced to what the scanner yields (prefixes left unresolved). */
    const shapeOf = (node: Raw): unknown => {
      const tag = Object.keys(node).find((k) => k !== ':@')!;
      const kids = (node[tag] as Raw[]).filter((k) => !('#text' in k));
      const text = (node[tag] as Raw[])
        .filter((k) => '#text' in k)
        .map((k) => String(k['#text']))
        .join('');
      const attrs = Object.fromEntries(Object.entries(node[':@'] ?? {}).filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:')));
      return { tag: tag.includes(':') ? tag.slice(tag.indexOf(':') + 1) : tag, attrs, text: text.trim(), kids: kids.map(shapeOf) };
    };
    const ours = (e: XmlElement): unknown => ({ tag: e.local, attrs: { ...e.attrs }, text: e.text, kids: e.children.map(ours) });

    for (const file of [...xmlFiles(join(ROOT, 'wsdl')), ...xmlFiles(join(ROOT, 'test/fixtures'))]) {
      it(`builds the same tree for ${file.slice(ROOT.length + 1)}`, () => {
        const xml = readFileSync(file, 'utf8');
        expect(XMLValidator.validate(xml)).to.equal(true);
        const theirs = (fxp.parse(xml) as Raw[]).filter((n) => !('#text' in n) && !Object.keys(n).some((k) => k.startsWith('?')));
        expect(ours(scanXml(xml))).to.deep.equal(shapeOf(theirs[0]));
      });
    }
  });
});
