/**
 * The character sets the contract speaks (INTERFACES.md, "Encodings"): UTF-8, and GBK /
 * GB18030 for legacy provincial systems. A request's charset comes from its Content-Type
 * `charset` parameter, else from its XML declaration's `encoding`, else UTF-8 (the XML
 * default). The Content-Type wins when both are given, even when they disagree: it is what
 * the HTTP layer of the sender actually promised, and the declaration is often a template.
 * Both must name a charset the gateway speaks, though: libxml2-based readers refuse a
 * document whose declaration names an unknown encoding, so the gateway refuses it too.
 *
 * Decoding never guesses: a byte sequence the charset does not define is refused with its
 * offset, never silently turned into U+FFFD. Answers go out in the request's charset;
 * characters GBK cannot represent are written as XML character references, which every
 * XML reader turns back into the same character.
 *
 * GBK and GB18030 are decoded with iconv-lite: Node's own TextDecoder only has them when
 * Node is built with full ICU, and cannot encode them at all; iconv-lite is pure
 * JavaScript, maintained, and already what express uses for request bodies.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { SoapFaultError } from '../contract/faults';

export type CharsetName = 'UTF-8' | 'GBK' | 'GB18030';

export interface Charset {
  /** The name answers carry, in the Content-Type and the XML declaration. */
  name: CharsetName;
  decode(bytes: Buffer): string; // lenient: invalid bytes become U+FFFD, checked afterwards
  encode(text: string): Buffer;
  /** How many bytes `text` takes in this charset, exactly as the decoder read them. */
  byteLength(text: string): number;
}

const utf8Lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export const UTF8: Charset = {
  name: 'UTF-8',
  decode: (bytes) => utf8Lenient.decode(bytes),
  encode: (text) => Buffer.from(text, 'utf8'),
  byteLength: (text) => Buffer.byteLength(text, 'utf8'),
};

const GBK: Charset = {
  name: 'GBK',
  decode: (bytes) => iconv.decode(bytes, 'gbk', { stripBOM: false }),
  encode: (text) => iconv.encode(withCharacterReferences(text, representableInGbk), 'gbk'),
  byteLength: (text) => encodedLength(text, 'gbk', gbkLengths),
};

const GB18030: Charset = {
  name: 'GB18030',
  decode: (bytes) => iconv.decode(bytes, 'gb18030', { stripBOM: false }),
  encode: (text) => iconv.encode(text, 'gb18030'), // GB18030 covers all of Unicode
  byteLength: (text) => encodedLength(text, 'gb18030', gb18030Lengths),
};

const gbkLengths = new Map<number, number>();
const gb18030Lengths = new Map<number, number>();

/**
 * Bytes `text` takes in a double-byte charset, one code point at a time with each length
 * remembered: a call into the encoder per piece of text would cost more than the piece when a
 * hostile body puts a U+FFFD between every two characters. The memory is bounded.
 */
function encodedLength(text: string, label: string, lengths: Map<number, number>): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 0x80) {
      bytes++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    let length = lengths.get(cp);
    if (length === undefined) {
      if (lengths.size >= 65_536) lengths.clear();
      length = iconv.encode(String.fromCodePoint(cp), label).length;
      lengths.set(cp, length);
    }
    bytes += length;
  }
  return bytes;
}

/**
 * Labels accepted, lower-cased. GB2312 is a subset of GBK and legacy senders often label
 * GBK text with it, so it is read (and answered) as GBK, as browsers do.
 */
const BY_LABEL = new Map<string, Charset>([
  ['utf-8', UTF8],
  ['utf8', UTF8],
  ['gbk', GBK],
  ['cp936', GBK],
  ['windows-936', GBK],
  ['x-gbk', GBK],
  ['gb2312', GBK],
  ['gb18030', GB18030],
]);

/** The charset parameter of a Content-Type, if any: `text/xml; charset="GBK"` → GBK. */
export function contentTypeCharset(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
}

// All three charsets are ASCII-compatible, so the declaration can be read from raw bytes.
const XML_DECLARATION = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

/** The encoding named by the XML declaration at the start of the body, if any. */
export function declaredXmlEncoding(body: Buffer): string | undefined {
  return XML_DECLARATION.exec(body.subarray(0, 256).toString('latin1'))?.[1];
}

/** Which charset a message is in; a label the gateway does not speak is a Client fault. */
export function messageCharset(body: Buffer, contentType: string | undefined): Charset {
  const fromHeader = labelled(contentTypeCharset(contentType), 'Content-Type');
  const declared = labelled(declaredXmlEncoding(body), 'XML declaration');
  const charset = fromHeader ?? declared;
  if (!charset && startsWithUtf16Bom(body)) throw unsupported('UTF-16', 'byte order mark');
  return charset ?? UTF8;
}

function labelled(label: string | undefined, where: string): Charset | undefined {
  if (label === undefined) return undefined;
  const charset = BY_LABEL.get(label.toLowerCase());
  if (!charset) throw unsupported(label, where);
  return charset;
}

/** The body as text; bytes the charset does not define are a Client fault naming the offset. */
export function decodeStrictly(body: Buffer, charset: Charset, what = 'the request body'): string {
  const text = charset.decode(body);
  const offset = charset === UTF8 && isUtf8(body) ? undefined : firstInvalidByte(body, text, charset);
  if (offset !== undefined) {
    throw new SoapFaultError('BAD_CHARSET', `${what} is not valid ${charset.name}: invalid byte sequence at byte offset ${offset}`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a byte order mark is not content
}

const REPLACEMENT = '\uFFFD';

/**
 * Decoders put U+FFFD where bytes are invalid; the sender may also have sent U+FFFD itself
 * (encoded). Each U+FFFD is located in the bytes by adding up the encoded length of the text
 * since the previous one — the decoder read those characters from exactly those bytes — so the
 * whole search is one pass, however many U+FFFD there are. It is genuine only if the bytes
 * there encode U+FFFD.
 */
function firstInvalidByte(body: Buffer, text: string, charset: Charset): number | undefined {
  const replacementBytes = charset.name === 'GBK' ? undefined : charset.encode(REPLACEMENT); // GBK has no U+FFFD
  let offset = 0;
  let counted = 0; // text before this index is counted in offset
  for (let i = text.indexOf(REPLACEMENT); i >= 0; i = text.indexOf(REPLACEMENT, i + 1)) {
    offset += charset.byteLength(text.slice(counted, i));
    counted = i;
    if (!replacementBytes || !body.subarray(offset, offset + replacementBytes.length).equals(replacementBytes)) return offset;
  }
  return undefined;
}

function startsWithUtf16Bom(body: Buffer): boolean {
  return body.length >= 2 && ((body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff));
}

function unsupported(label: string, where: string): SoapFaultError {
  return new SoapFaultError('UNSUPPORTED_CHARSET', `charset "${label}" (from the ${where}) is not supported: send UTF-8, GBK or GB18030`);
}

const gbkRepresentable = new Map<number, boolean>();

function representableInGbk(codePoint: number): boolean {
  let known = gbkRepresentable.get(codePoint);
  if (known === undefined) {
    const ch = String.fromCodePoint(codePoint);
    known = iconv.decode(iconv.encode(ch, 'gbk'), 'gbk') === ch;
    gbkRepresentable.set(codePoint, known);
  }
  return known;
}

/**
 * Characters the target charset lacks become `&#x…;`. Safe on a whole envelope because
 * element and attribute names in our answers are ASCII: anything else is character data.
 */
function withCharacterReferences(text: string, representable: (codePoint: number) => boolean): string {
  return text.replace(/[\u0080-\u{10FFFF}]/gu, (ch) => {
    const codePoint = ch.codePointAt(0)!;
    return representable(codePoint) ? ch : `&#x${codePoint.toString(16).toUpperCase()};`;
  });
}
