import { expect } from 'chai';
import { prettyXml } from './pretty-xml';

describe('xml: pretty-printing for the journal', () => {
  it('puts one element a line, text on its element line, prefixes and declarations untouched', () => {
    const xml = '<?xml version="1.0"?><s:E xmlns:s="urn:s"><s:B><v:R xmlns:v="urn:v">0000</v:R><v:Empty/><!-- c --></s:B></s:E>';
    expect(prettyXml(xml)).to.equal(
      [
        '<?xml version="1.0"?>',
        '<s:E xmlns:s="urn:s">',
        '  <s:B>',
        '    <v:R xmlns:v="urn:v">0000</v:R>',
        '    <v:Empty/>',
        '    <!-- c -->',
        '  </s:B>',
        '</s:E>',
      ].join('\n'),
    );
  });

  it('gives back what is not well-formed enough to indent, as it came', () => {
    for (const xml of ['<a><b>cut', '</a>', '<a></a></b>', '']) expect(prettyXml(xml)).to.equal(xml);
  });
});
