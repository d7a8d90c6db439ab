/**
 * Documents to hold the gateway's XML reader to libxml2 with: the well-formedness and
 * namespace rules case by case, hostile constructions (at sizes within the reader's limits),
 * and seeded mutations of the golden fixtures. Each is [what it exercises, document].
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type Case = [string, string];

/** XML 1.0 (fifth edition) well-formedness, one rule or corner at a time. */
export const WELL_FORMEDNESS: Case[] = [
  ['declaration', '<?xml version="1.0"?><a/>'],
  ['declaration with encoding and standalone', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a/>'],
  ['declaration, single quotes and spaces around =', "<?xml version = '1.0' encoding = 'utf-8' ?><a/>"],
  ['declaration, version 1.1', '<?xml version="1.1"?><a/>'],
  ['declaration without version', '<?xml encoding="UTF-8"?><a/>'],
  ['declaration, attributes out of order', '<?xml encoding="UTF-8" version="1.0"?><a/>'],
  ['declaration, standalone maybe', '<?xml version="1.0" standalone="maybe"?><a/>'],
  ['declaration after white space', ' <?xml version="1.0"?><a/>'],
  ['declaration twice', '<?xml version="1.0"?><?xml version="1.0"?><a/>'],
  ['declaration, ideographic space', '<?xml version="1.0"\u3000?><a/>'],
  ['declaration, no-break space', '<?xml\u00A0version="1.0"?><a/>'],
  ['declaration, tab and line feed', '<?xml\tversion="1.0"\n?><a/>'],
  ['declaration naming an unknown encoding', '<?xml version="1.0" encoding="UT"?><a/>'],
  ['declaration naming GBK, ASCII content', '<?xml version="1.0" encoding="GBK"?><a>x</a>'],
  ['declaration, CRLF', '<?xml version="1.0"\r\nencoding="UTF-8"?>\r\n<a/>'],
  ['byte order mark', '\uFEFF<a/>'],
  ['byte order mark before the declaration', '\uFEFF<?xml version="1.0"?><a/>'],
  ['two byte order marks', '\uFEFF\uFEFF<a/>'],
  ['U+FEFF in content', '<a>\uFEFF</a>'],
  ['comment and PI before and after the root', '<!-- c --><?p x?><a/><!-- d --><?q?>\n'],
  ['text before the root', 'x<a/>'],
  ['text after the root', '<a/>x'],
  ['two roots', '<a/><b/>'],
  ['no root', '<!-- only a comment -->'],
  ['empty document', ''],
  ['white space only', ' \n '],
  ['comment with a single dash', '<a><!-- a - b --></a>'],
  ['comment with a double dash', '<a><!-- a -- b --></a>'],
  ['comment ending in three dashes', '<a><!-- a ---></a>'],
  ['empty comment', '<a><!----></a>'],
  ['comment <!--->', '<a><!---></a>'],
  ['unclosed comment', '<a><!-- x </a>'],
  ['PI without data', '<a><?p?></a>'],
  ['PI with data', '<a><?p some data ? here?></a>'],
  ['PI target xml-stylesheet', '<?xml-stylesheet href="a"?><a/>'],
  ['PI target XmL', '<a><?XmL x?></a>'],
  ['PI target with a colon', '<a><?p:i x?></a>'],
  ['PI target glued to data', '<a><?p"x"?></a>'],
  ['PI unclosed', '<a><?p x</a>'],
  ['CDATA', '<a><![CDATA[<b>&amp;</b>]]></a>'],
  ['CDATA with ]] inside', '<a><![CDATA[x]]y]]></a>'],
  ['CDATA unclosed', '<a><![CDATA[x</a>'],
  ['CDATA outside the root', '<![CDATA[x]]><a/>'],
  [']]> in text', '<a>x]]>y</a>'],
  ['> in text', '<a>x>y</a>'],
  ['character references, decimal and hex', '<a>&#65;&#x42;&#X43;&#x4e2d;&#x1F600;</a>'],
  ['character reference to NUL', '<a>&#0;</a>'],
  ['character reference to a surrogate', '<a>&#xD800;</a>'],
  ['character reference to U+FFFE', '<a>&#xFFFE;</a>'],
  ['character reference to U+10FFFF', '<a>&#x10FFFF;</a>'],
  ['character reference beyond Unicode', '<a>&#x110000;</a>'],
  ['character reference, empty', '<a>&#;</a>'],
  ['character reference, empty hex', '<a>&#x;</a>'],
  ['character reference, bad digit', '<a>&#1a;</a>'],
  ['predefined entities', '<a>&lt;&gt;&amp;&quot;&apos;</a>'],
  ['undefined entity', '<a>&nbsp;</a>'],
  ['entity named constructor', '<a>&constructor;</a>'],
  ['entity named __proto__', '<a>&__proto__;</a>'],
  ['entity named toString', '<a x="&toString;"/>'],
  ['entity without semicolon', '<a>&amp</a>'],
  ['bare ampersand', '<a>a & b</a>'],
  ['entity with a space', '<a>&lt ;</a>'],
  ['attributes, both quotes', `<a x="1" y='2' z="'" w='"'/>`],
  ['attribute repeated', '<a x="1" x="2"/>'],
  ['attribute unquoted', '<a x=1/>'],
  ['attribute without value', '<a x/>'],
  ['attributes without white space between', '<a x="1"y="2"/>'],
  ['< in an attribute value', '<a x="<"/>'],
  ['&lt; in an attribute value', '<a x="&lt;&#60;"/>'],
  ['> and ]]> in an attribute value', '<a x=">]]>"/>'],
  ['bare & in an attribute value', '<a x="a&b"/>'],
  ['attribute value normalisation: tab, LF, CR, CRLF', '<a x="1\t2\n3\r4\r\n5"/>'],
  ['attribute value normalisation: references kept', '<a x="1&#9;2&#10;3&#13;4&#x20;5"/>'],
  ['attribute named __proto__', '<a __proto__="1"/>'],
  ['attributes named after Object.prototype', '<a constructor="1" hasOwnProperty="2" valueOf="3"/>'],
  ['element names, Unicode', '<名字 属性="值"><ä/><_x/><x.y-z/></名字>'],
  ['element name starting with a digit', '<1a/>'],
  ['element name starting with a dash', '<-a/>'],
  ['element name starting with a dot', '<.a/>'],
  ['element name with U+00B7 inside', '<a\u00B7b/>'],
  ['element name starting with U+00B7', '<\u00B7a/>'],
  ['element name, combining mark inside', '<a\u0301/>'],
  ['element name, astral characters up to U+EFFFF', '<a\u{10000}\u{EFFFF}/>'],
  ['element name, character above U+EFFFF', '<a\u{F0000}/>'],
  ['element name, ideographic space inside', '<a\u3000b/>'],
  ['mismatched end tag', '<a><b></a></b>'],
  ['end tag of another case', '<a></A>'],
  ['white space in the end tag', '<a></a \n>'],
  ['white space before the name', '< a/>'],
  ['white space after </', '<a></ a>'],
  ['unclosed element', '<a><b></b>'],
  ['truncated start tag', '<a><b x="1"'],
  ['end tag first', '</a>'],
  ['end tag with junk', '<a></a x>'],
  ['text with U+3000 and U+00A0 around it', '<a>\u3000x\u00A0</a>'],
  ['text with CR and CRLF', '<a>1\r2\r\n3\n\r4</a>'],
  ['CDATA with CR and CRLF', '<a><![CDATA[1\r2\r\n3]]></a>'],
  ['mixed content with white space between pieces', '<a> x <b/> <c/> y <!-- c --> z </a>'],
  ['control character', '<a>\u0001</a>'],
  ['U+FFFF in text', '<a>\uFFFF</a>'],
  ['DEL and C1 controls in text', '<a>\u007F\u0085</a>'],
];

/** Namespaces in XML 1.0 (third edition): declarations, prefixes, QNames, uniqueness. */
export const NAMESPACES: Case[] = [
  ['prefixes and a default namespace', '<S:E xmlns:S="urn:s"><B xmlns="urn:d"><x:a xmlns:x="urn:x">1</x:a><b>2</b><c xmlns="">3</c></B></S:E>'],
  ['undeclared element prefix', '<p:a/>'],
  ['undeclared attribute prefix', '<a p:x="1"/>'],
  ['prefix declared after use on a sibling', '<r><p:a/><p:b xmlns:p="u"/></r>'],
  ['prefix in scope only inside its element', '<r><a xmlns:p="u"/><p:b/></r>'],
  ['undeclaring the default namespace', '<a xmlns="u"><b xmlns=""/></a>'],
  ['undeclaring a prefix', '<a xmlns:p="u"><b xmlns:p=""/></a>'],
  ['the xml prefix, undeclared', '<a xml:lang="zh" xml:space="preserve"/>'],
  ['the xml prefix bound to its namespace', '<a xmlns:xml="http://www.w3.org/XML/1998/namespace"/>'],
  ['the xml prefix bound elsewhere', '<a xmlns:xml="urn:x"/>'],
  ['another prefix bound to the xml namespace', '<a xmlns:p="http://www.w3.org/XML/1998/namespace"/>'],
  ['the xmlns prefix declared', '<a xmlns:xmlns="urn:x"/>'],
  ['a prefix bound to the xmlns namespace', '<a xmlns:p="http://www.w3.org/2000/xmlns/"/>'],
  ['the default namespace bound to the xmlns namespace', '<a xmlns="http://www.w3.org/2000/xmlns/"/>'],
  ['an element with the xmlns prefix', '<xmlns:a/>'],
  ['an element with the xml prefix', '<xml:a/>'],
  ['a relative namespace URI', '<a xmlns="rel/ative"/>'],
  ['a namespace URI with a character reference', '<a xmlns:p="urn:&#x41;"><p:b/></a>'],
  ['a namespace URI with a non-ASCII character', '<a xmlns:p="urn:&#x4e2d;"><p:b/></a>'],
  ['a default namespace URI with a space', '<a xmlns="a b"/>'],
  ['namespace URIs by RFC 3986', '<a xmlns:a="http://[::1]:80/p?q=1;r#f" xmlns:b="#frag" xmlns:c="%41" xmlns:d="mailto:x@y" xmlns:e="../rel"/>'],
  ['a namespace URI with a bad percent', '<a xmlns:p="urn:%zz"/>'],
  ['a namespace URI with two fragments', '<a xmlns:p="urn:x#y#z"/>'],
  ['a namespace URI with braces', '<a xmlns:p="http://x/{}"/>'],
  ['a namespace URI with a bad port', '<a xmlns:p="http://a:b:c/"/>'],
  ['a relative namespace URI with a colon in its first segment', '<a xmlns:p="::"/>'],
  ['a namespace URI with a tab reference', '<a xmlns:p="x&#9;y"/>'],
  ['empty prefix (xmlns:)', '<a xmlns:="urn:evil"><b/></a>'],
  ['prefix with a colon', '<a xmlns:a:b="u"/>'],
  ['prefix starting with a digit', '<a xmlns:1p="u"/>'],
  ['prefix starting with a dash', '<a xmlns:-p="u"/>'],
  ['attribute name starting with a colon', '<a :x="1"/>'],
  ['attribute name ending with a colon', '<a xmlns:p="u" p:="1"/>'],
  ['attribute name with two colons', '<a xmlns:p="u" p:x:y="1"/>'],
  ['element name starting with a colon', '<:a/>'],
  ['element name ending with a colon', '<a:/>'],
  ['element name with two colons', '<p:x:y xmlns:p="u"/>'],
  ['element local part starting with a dash', '<p:-a xmlns:p="u"/>'],
  ['element local part starting with a digit', '<p:1a xmlns:p="u"/>'],
  ['element local part with a dot inside', '<p:a.b xmlns:p="u"/>'],
  ['a namespace declared twice', '<a xmlns:p="u" xmlns:p="v"/>'],
  ['the default namespace declared twice', '<a xmlns="u" xmlns="v"/>'],
  ['one attribute through two prefixes of one namespace', '<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>'],
  ['two prefixes of one namespace, different attributes', '<a xmlns:p="u" xmlns:q="u" p:x="1" q:y="2"/>'],
  ['the same local name, with and without a prefix', '<a xmlns:p="u" x="1" p:x="2"/>'],
  ['the same local name through two namespaces', '<a xmlns:p="u" xmlns:q="v" p:x="1" q:x="2"/>'],
  ['a default namespace does not apply to attributes', '<a xmlns="u" x="1"/>'],
  ['an attribute prefix declared on an ancestor', '<a xmlns:p="u"><b p:x="1"/></a>'],
  ['prefixes named after Object.prototype, declared', '<a xmlns:__proto__="urn:x" xmlns:constructor="urn:y"><__proto__:b constructor:c="1"/></a>'],
  ['element prefix valueOf, undeclared', '<valueOf:a/>'],
  ['element prefix toString, undeclared', '<toString:a/>'],
  ['attribute prefix __proto__, undeclared', '<a __proto__:x="1"/>'],
  ['redeclared prefix shadows the outer one', '<p:a xmlns:p="u"><p:b xmlns:p="v" p:x="1"/></p:a>'],
  ['an end tag with another prefix of the same namespace', '<p:a xmlns:p="u" xmlns:q="u"></q:a>'],
];

/**
 * Where libxml2 2.9 is wrong, with what the spec says instead. Without entity substitution it
 * keeps `&amp;` in a namespace declaration as the text "&#38;", so a namespace URI with a
 * query written the usual way is refused (or, read back, names another namespace).
 */
export const LIBXML2_DEFECTS: Array<[string, string, { ns: string }]> = [
  ['&amp; in a namespace URI', '<a xmlns:p="urn:x?a=1&amp;b=2"><p:b/></a>', { ns: 'urn:x?a=1&b=2' }],
];

/** The defects' constructions, at sizes within the reader's limits, so both sides read them. */
export function hostileConstructions(): Case[] {
  const decls = Array.from({ length: 30 }, (_, k) => ` xmlns:p${k}="u"`).join('');
  const attrs = Array.from({ length: 250 }, (_, k) => ` a${k}="${k}"`).join('');
  const prefixed = Array.from({ length: 30 }, (_, k) => ` xmlns:p${k}="u${k % 7}"`).join('') + Array.from({ length: 30 }, (_, k) => ` p${k}:x="1"`).join('');
  return [
    ['namespace declarations on the root, a declaration on every child', `<a${decls}>${'<b xmlns:q="u"/>'.repeat(2000)}</a>`],
    ['250 attributes on one element', `<a${attrs}/>`],
    ['one local name through 30 prefixes of 7 namespaces', `<a${prefixed}/>`],
    ['20,000 U+FFFD', `<a>${'\uFFFD'.repeat(20_000)}</a>`],
    ['a ServiceNumber wrapped in U+3000', '<ServiceNumber>\u300013051000001\u3000</ServiceNumber>'],
    ['default namespace bound through xmlns:', '<Envelope xmlns:="http://schemas.xmlsoap.org/soap/envelope/"><Body/></Envelope>'],
    ['nesting to 60 levels, a declaration at each', `${'<a xmlns:p="u">'.repeat(60)}<p:b/>${'</a>'.repeat(60)}`],
    ['many references in one text', `<a>${'&amp;&#x4e2d;'.repeat(5000)}</a>`],
    ['many CDATA sections in one element', `<a>${'<![CDATA[x]]>'.repeat(5000)}</a>`],
  ];
}

function xmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? xmlFiles(p) : /\.xml$/.test(f) ? [p] : [];
  });
}

const PIECES = [
  '<',
  '>',
  '&',
  '&amp;',
  '&#0;',
  '&#9;',
  '&#13;',
  ']]>',
  '<!--',
  '--',
  '"',
  "'",
  '</x>',
  '<x>',
  '<![CDATA[',
  '<?pi?>',
  '<?p:i?>',
  '\u0001',
  '\u3000',
  '\u00A0',
  '\uFEFF',
  '\r',
  '\r\n',
  'xmlns:p=""',
  ' xmlns:="urn:e"',
  ' a="1"',
  ' :x="1"',
  ' p:="1"',
  ' x:y:z="1"',
  ' xmlns:a:b="u"',
  ' xmlns:p="u" xmlns:q="u" p:x="1" q:x="1"',
  '&constructor;',
  '&__proto__;',
  ' __proto__="1"',
  'valueOf:',
  '=',
  '/',
];

/** Seeded mutations of the golden fixtures (and their CRLF twins): insert, delete, cut, splice. */
export function mutations(fixturesDir: string, count: number, seed: number): Case[] {
  const originals = xmlFiles(fixturesDir).map((f) => readFileSync(f, 'utf8'));
  const seeds = [...originals, ...originals.map((d) => d.replace(/\n/g, '\r\n'))];
  let state = seed >>> 0;
  const rand = (n: number) => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % n;
  return Array.from({ length: count }, (_, k): Case => {
    const doc = seeds[rand(seeds.length)];
    const at = rand(doc.length);
    switch (rand(4)) {
      case 0:
        return [`mutation ${k}: insert`, doc.slice(0, at) + PIECES[rand(PIECES.length)] + doc.slice(at)];
      case 1:
        return [`mutation ${k}: delete`, doc.slice(0, at) + doc.slice(at + 1 + rand(8))];
      case 2:
        return [`mutation ${k}: cut`, doc.slice(0, at)];
      default:
        return [`mutation ${k}: splice`, doc.slice(0, at) + doc.slice(rand(doc.length))];
    }
  });
}
