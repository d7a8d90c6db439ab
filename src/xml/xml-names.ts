/**
 * XML 1.0 (fifth edition) names and the Namespaces spec's qualified names. Contract names are
 * ASCII and take a hand-written fast path; anything else goes through the full production.
 */

/** NameStartChar without ':' — the first character of an NCName. */
export function isNameStartCodePoint(cp: number): boolean {
  if (cp < 0x80) return (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) || cp === 95;
  return (
    (cp >= 0xc0 && cp <= 0xd6) ||
    (cp >= 0xd8 && cp <= 0xf6) ||
    (cp >= 0xf8 && cp <= 0x2ff) ||
    (cp >= 0x370 && cp <= 0x37d) ||
    (cp >= 0x37f && cp <= 0x1fff) ||
    (cp >= 0x200c && cp <= 0x200d) ||
    (cp >= 0x2070 && cp <= 0x218f) ||
    (cp >= 0x2c00 && cp <= 0x2fef) ||
    (cp >= 0x3001 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfdcf) ||
    (cp >= 0xfdf0 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0xeffff)
  );
}

function isNameCodePoint(cp: number): boolean {
  if (cp < 0x80) return (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) || (cp >= 48 && cp <= 57) || cp === 95 || cp === 58 || cp === 45 || cp === 46;
  return isNameStartCodePoint(cp) || cp === 0xb7 || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x203f && cp <= 0x2040);
}

/** Where the Name starting at `at` ends (`at` itself when no Name starts there). */
export function nameEnd(s: string, at: number): number {
  let k = at;
  let c = s.charCodeAt(k);
  // The ASCII fast path: every name in SOAP and the contract.
  if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58)) {
    if (c < 0x80 || !isNameStartCodePoint(s.codePointAt(k)!)) return at;
  }
  for (;;) {
    c = s.charCodeAt(k);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 58 || c === 45 || c === 46) k++;
    else if (c >= 0x80) {
      const cp = s.codePointAt(k)!;
      if (k === at ? !isNameStartCodePoint(cp) : !isNameCodePoint(cp)) return k;
      k += cp > 0xffff ? 2 : 1;
    } else return k;
  }
}

/**
 * Whether a Name is a QName — an NCName, or NCName ':' NCName. A Name already starts with a
 * NameStartChar; what is left is where its colons are and what follows one.
 */
export function isQName(name: string): boolean {
  const colon = name.indexOf(':');
  if (colon < 0) return true;
  if (colon === 0 || colon === name.length - 1 || name.indexOf(':', colon + 1) >= 0) return false;
  return isNameStartCodePoint(name.codePointAt(colon + 1)!);
}

/** Whether a Name is an NCName (no colon at all): prefixes and PI targets. */
export function isNCName(name: string): boolean {
  return name.length > 0 && name.indexOf(':') < 0;
}
