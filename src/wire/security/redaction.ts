/**
 * Keeping secrets out of the journal: the text of every Password and Nonce element (a
 * PasswordText is the password; a digest with its nonce and Created allows guessing it
 * offline) is replaced before an exchange is recorded. Done on the text, not the tree, so
 * it also covers requests too broken to parse; CDATA and unclosed elements are covered too.
 */
const SECRET_ELEMENT = /(<(?:[\w.-]+:)?(?:Password|Nonce)\b[^>]*?(?<!\/)>)(?:<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|[^<])*/g;
export const REDACTED = '***';

export function redactSecrets(xml: string): string {
  if (!xml.includes('Password') && !xml.includes('Nonce')) return xml; // the common case: nothing to scan
  return xml.replace(SECRET_ELEMENT, `$1${REDACTED}`);
}
