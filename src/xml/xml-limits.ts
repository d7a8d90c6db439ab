/**
 * What one XML document may ask of the parser. Every body the gateway reads — requests,
 * province answers, the mocks' requests — is parsed under these limits, so no single body can
 * take the process's heap or event loop, whatever its shape: the body-size limit bounds the
 * bytes, these bound what the bytes can be made to cost. Each refusal names its limit.
 *
 * The values leave a wide margin over the contract: its deepest message is under ten levels,
 * no element has more than a handful of attributes, and the largest batch the contract allows
 * stays far below the node limit (docs/CONTRACT.md, "XML limits").
 */
export interface XmlLimits {
  /** Elements open at once. */
  maxDepth: number;
  /** Elements, text runs, CDATA sections, comments and processing instructions in one document. */
  maxNodes: number;
  /** Attributes on one start tag, namespace declarations included. */
  maxAttributesPerElement: number;
  /** Namespace declarations on one start tag. */
  maxNamespaceDeclarationsPerElement: number;
  /** Characters in one element, attribute or processing-instruction name. */
  maxNameLength: number;
}

export const XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxDepth: 64,
  maxNodes: 50_000,
  maxAttributesPerElement: 256,
  maxNamespaceDeclarationsPerElement: 32,
  maxNameLength: 1_000,
});

export type XmlLimitName = keyof XmlLimits;

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** Well-formed, perhaps, but more than the parser takes on: refused like malformed XML. */
export class XmlLimitError extends XmlSyntaxError {
  constructor(
    readonly limit: XmlLimitName,
    message: string,
    line?: number,
    column?: number,
  ) {
    super(message, line, column);
    this.name = 'XmlLimitError';
  }
}
