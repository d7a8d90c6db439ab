/**
 * Whether a namespace name is a URI reference (RFC 3986, section 4.1), as the Namespaces spec
 * requires and libxml2 checks: a name with a space, a non-ASCII character or a stray '%' is not
 * one, and a reader built on libxml2 refuses the document. Built from the RFC's grammar, rule
 * by rule; every repetition is over characters the next part cannot start with, so matching
 * takes time linear in the name.
 */
const UNRESERVED = 'A-Za-z0-9\\-._~';
const SUB_DELIMS = "!$&'()*+,;=";
const PCT = '%[0-9A-Fa-f]{2}';
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT})`;
const SEGMENT = `${PCHAR}*`;
const SEGMENT_NZ = `${PCHAR}+`;
const SEGMENT_NZ_NC = `(?:[${UNRESERVED}${SUB_DELIMS}@]|${PCT})+`;
// libxml2 takes whatever stands between the brackets of an IP literal.
const HOST = `(?:\\[[^\\]]*\\]|(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT})*)`;
// A port, once its colon is written, has at least one digit: libxml2 refuses "host:/path".
const AUTHORITY = `(?:(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT})*@)?${HOST}(?::[0-9]+)?`;
const PATH_ABEMPTY = `(?:/${SEGMENT})*`;
const PATH_ABSOLUTE = `/(?:${SEGMENT_NZ}${PATH_ABEMPTY})?`;
const QUERY = `(?:\\?(?:${PCHAR}|[/?])*)?`;
const FRAGMENT = `(?:#(?:${PCHAR}|[/?])*)?`;
const HIER = `(?://${AUTHORITY}${PATH_ABEMPTY}|${PATH_ABSOLUTE}|${SEGMENT_NZ}${PATH_ABEMPTY}|)`;
const RELATIVE = `(?://${AUTHORITY}${PATH_ABEMPTY}|${PATH_ABSOLUTE}|${SEGMENT_NZ_NC}${PATH_ABEMPTY}|)`;
const URI_REFERENCE = new RegExp(`^(?:[A-Za-z][A-Za-z0-9+\\-.]*:${HIER}|${RELATIVE})${QUERY}${FRAGMENT}$`);

// Messages declare the same few namespaces over and over; the set is bounded all the same.
const known = new Set<string>();

export function isUriReference(value: string): boolean {
  if (known.has(value)) return true;
  if (!URI_REFERENCE.test(value)) return false;
  if (known.size >= 64) known.clear();
  known.add(value);
  return true;
}
