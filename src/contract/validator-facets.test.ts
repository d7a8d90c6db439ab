/**
 * The built-in types and facets the compiler supports that no Volume 10 WSDL uses today
 * (xs:boolean, xs:decimal, the length facet): a WSDL revision may start using them, and the
 * validator must already hold them to the XSD rules. The declarations are built here.
 */
import { expect } from 'chai';
import { parseXml } from '../xml/xml-tree';
import { BuiltinType, ElementDecl, Facets } from './schema-model';
import { SchemaViolation, validateElement } from './validator';

const NS = 'http://ucrm.chinaunicom.cn/vol10';
const declOf = (builtin: BuiltinType, facets: Facets = {}): ElementDecl => ({
  name: 'V',
  ns: NS,
  minOccurs: 1,
  maxOccurs: 1,
  type: { kind: 'simple', name: `Test${builtin}`, builtin, facets },
});
const v = (text: string) => parseXml(`<v:V xmlns:v="${NS}">${text}</v:V>`);
const ruleOf = (text: string, decl: ElementDecl): string => {
  try {
    validateElement(v(text), decl);
  } catch (error) {
    if (error instanceof SchemaViolation) return `${error.path}: ${error.rule}`;
    throw error;
  }
  throw new Error(`expected "${text}" to be refused`);
};

describe('validator: xs:boolean, xs:decimal and the length facet', () => {
  it('xs:boolean reads true and 1 as true, false and 0 as false', () => {
    const decl = declOf('boolean');
    expect(['true', '1', 'false', '0'].map((text) => validateElement(v(text), decl))).to.deep.equal([true, true, false, false]);
  });

  it('xs:boolean refuses anything else, naming the value, including a valid literal with text before or after it', () => {
    const decl = declOf('boolean');
    for (const text of ['yes', 'TRUE', 'xtrue', 'true1', '10', '']) expect(ruleOf(text, decl)).to.equal(`/V: "${text}" is not a boolean`);
  });

  it('xs:decimal accepts signed values with or without a fraction and keeps them as text', () => {
    const decl = declOf('decimal');
    for (const text of ['0', '-12.50', '+3.', '.5', '007']) expect(validateElement(v(text), decl)).to.equal(text);
  });

  it('xs:decimal refuses what is not a decimal number, naming the value', () => {
    const decl = declOf('decimal');
    for (const text of ['1e3', '1,5', '.', '', '12.5.1', 'NaN']) expect(ruleOf(text, decl)).to.equal(`/V: "${text}" is not a decimal`);
  });

  it('xs:decimal is an optional sign, then digits with an optional fraction of any length, or a fraction alone of one or more digits', () => {
    const decl = declOf('decimal');
    for (const text of ['1', '+1.5', '-0.50', '12.', '.5', '.25', '-.125', '+10.0']) expect(validateElement(v(text), decl)).to.equal(text);
  });

  it('xs:decimal refuses a value with other characters before or after the number (surrounding whitespace is collapsed, as XSD says), a doubled sign or point, or no digit', () => {
    const decl = declOf('decimal');
    for (const text of ['a1', '1a', '--1', '+-1', '1.2.3', '.5.', '.', '+', '-.', '']) {
      expect(ruleOf(text, decl)).to.equal(`/V: "${text}" is not a decimal`);
    }
  });

  it('the length facet accepts exactly that many characters and refuses one fewer or more, naming the length and the bound', () => {
    const decl = declOf('string', { length: 4 });
    expect(validateElement(v('abcd'), decl)).to.equal('abcd');
    expect(validateElement(v('𠀋𠀋𠀋𠀋'), decl)).to.equal('𠀋𠀋𠀋𠀋'); // 4 characters, 8 UTF-16 units
    expect(ruleOf('abc', decl)).to.match(/^\/V: length 3 .*\b4\b/);
    expect(ruleOf('abcde', decl)).to.match(/^\/V: length 5 .*\b4\b/);
  });
});
