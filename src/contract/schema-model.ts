/**
 * The compiled form of the XSDs: what the validator and the serializer walk.
 * Only the subset of XML Schema the Volume 10 contract uses is modelled; the compiler
 * refuses anything else at start-up rather than half-validating it at run time.
 */
export type BuiltinType =
  'string' | 'token' | 'normalizedString' | 'long' | 'int' | 'short' | 'integer' | 'nonNegativeInteger' | 'positiveInteger' | 'decimal' | 'boolean';

export interface Facets {
  length?: number;
  minLength?: number;
  maxLength?: number;
  patterns?: RegExp[];
  patternSources?: string[];
  enumeration?: Set<string>;
  minInclusive?: number;
  maxInclusive?: number;
}

export interface SimpleType {
  kind: 'simple';
  name: string; // the declared name, or "(anonymous)" for inline types
  builtin: BuiltinType;
  facets: Facets;
}

export interface ElementDecl {
  name: string;
  ns: string;
  minOccurs: number;
  maxOccurs: number; // Infinity for "unbounded"
  type: SimpleType | ComplexType;
}

export interface ComplexType {
  kind: 'complex';
  name: string;
  sequence: ElementDecl[];
}

/** Values the validator produces: integers as numbers (safe range enforced), the rest as strings. */
export type XmlValue = string | number | boolean | XmlRecord | XmlValue[] | undefined;
export interface XmlRecord {
  [name: string]: XmlValue;
}

export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
