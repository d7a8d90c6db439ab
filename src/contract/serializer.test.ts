import { expect } from 'chai';
import { ComplexType, ElementDecl, SimpleType } from './schema-model';
import { serializeElement } from './serializer';

const text: SimpleType = { kind: 'simple', name: 'Text', builtin: 'string', facets: {} };
const leaf = (name: string, minOccurs = 1, maxOccurs = 1): ElementDecl => ({ name, ns: 'urn:t', minOccurs, maxOccurs, type: text });
const complex = (name: string, sequence: ElementDecl[], minOccurs = 1, maxOccurs = 1): ElementDecl => ({
  name,
  ns: 'urn:t',
  minOccurs,
  maxOccurs,
  type: { kind: 'complex', name: `${name}Type`, sequence } as ComplexType,
});

const item = complex('Item', [leaf('Code'), leaf('Name', 0)], 0, 2);
const answer = complex('Answer', [leaf('Number'), complex('Account', [leaf('Balance')], 0), item]);

describe('serializer: values to XML in schema order', () => {
  it('writes children in the declared order whatever the object order, repeats arrays, skips absent optionals', () => {
    const xml = serializeElement(answer, { Item: [{ Name: '月租费', Code: '1001' }, { Code: '2001' }], Number: '13051000001' }, 'v');
    expect(xml).to.equal(
      '<v:Answer><v:Number>13051000001</v:Number><v:Item><v:Code>1001</v:Code><v:Name>月租费</v:Name></v:Item><v:Item><v:Code>2001</v:Code></v:Item></v:Answer>',
    );
  });

  it('escapes text and writes numbers, with the prefix it is given', () => {
    expect(serializeElement(answer, { Number: 'a<b&"c"', Account: { Balance: 4500 } }, 'tns')).to.equal(
      '<tns:Answer><tns:Number>a&lt;b&amp;&quot;c&quot;</tns:Number><tns:Account><tns:Balance>4500</tns:Balance></tns:Account></tns:Answer>',
    );
  });

  it('refuses a missing required element, naming its path', () => {
    expect(() => serializeElement(answer, { Number: '1', Account: {} }, 'v')).to.throw('serializer: /Answer/Account/Balance is required');
    expect(() => serializeElement(answer, {}, 'v')).to.throw('serializer: /Answer/Number is required');
  });

  it('refuses an unknown property, too many repeats and a non-object for a complex element', () => {
    expect(() => serializeElement(answer, { Number: '1', Extra: 'x' }, 'v')).to.throw('serializer: /Answer has no child element Extra');
    expect(() => serializeElement(answer, { Number: '1', Item: [{ Code: '1' }, { Code: '2' }, { Code: '3' }] }, 'v')).to.throw(
      'serializer: /Answer/Item occurs too often',
    );
    expect(() => serializeElement(answer, { Number: '1', Item: [{ Code: '1' }, { Code: '2', Oops: 1 }] }, 'v')).to.throw(
      'serializer: /Answer/Item has no child element Oops',
    );
    expect(() => serializeElement(answer, { Number: '1', Account: 'rich' }, 'v')).to.throw('serializer: /Answer/Account needs an object, got "rich"');
  });

  it('gives the same answer again (writers are compiled once per declaration and prefix)', () => {
    const value = { Number: '1', Account: { Balance: 1 } };
    expect(serializeElement(answer, value, 'v')).to.equal(serializeElement(answer, value, 'v'));
    expect(serializeElement(answer, value, 'x')).to.equal(serializeElement(answer, value, 'v').replace(/v:/g, 'x:'));
  });
});
