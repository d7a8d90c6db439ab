/**
 * Every hostile construction costs time linear in its size, up to the request size limit:
 * each is read at a sixteenth of the limit and at the limit. Linear cost makes the larger 16
 * times dearer, quadratic 256 times; the bound, 128 (8× linear, half of quadratic), leaves room
 * for what is not the parser's doing: a document that no longer fits the processor's caches
 * costs more per byte, and at the end of the full suite, with its heap, ratios of 52 and 65
 * were met for constructions that measure 20-40 alone.
 * Measured as a ratio of CPU time between the two sizes, never against a wall clock, and with
 * the parser's count limits lifted, so the engine itself is measured and not its refusals.
 */
import { expect } from 'chai';
import iconv from 'iconv-lite';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { decodeStrictly, messageCharset } from '../../src/wire/charset';
import { scanXml, XML_LIMITS, XmlLimits } from '../../src/xml/xml-scanner';

const LIMIT = 1024 * 1024; // BODY_LIMIT_BYTES' default
const UNLIMITED: XmlLimits = {
  ...XML_LIMITS,
  maxNodes: Infinity,
  maxAttributesPerElement: Infinity,
  maxNamespaceDeclarationsPerElement: Infinity,
  maxNameLength: Infinity,
};

/** A document of about `bytes` bytes built by repeating `unit` between `head` and `tail`. */
function sized(bytes: number, head: string, unit: (k: number) => string, tail: string): string {
  const parts = [head];
  let size = head.length + tail.length;
  for (let k = 0; size < bytes; k++) {
    const piece = unit(k);
    parts.push(piece);
    size += piece.length;
  }
  parts.push(tail);
  return parts.join('');
}

const XML_CONSTRUCTIONS: Array<[string, (bytes: number) => string]> = [
  [
    'namespace declarations on the root, one on every child',
    (n) => sized(n / 2, '<a', (k) => ` xmlns:p${k}="u"`, '>') + sized(n / 2, '', () => '<b xmlns:q="u"/>', '</a>'),
  ],
  ['attributes on one element', (n) => sized(n, '<a', (k) => ` a${k}="1"`, '/>')],
  [
    'one local name through many prefixes of one namespace',
    (n) => sized(n / 2, '<a', (k) => ` xmlns:p${k}="u"`, '') + sized(n / 2, '', (k) => ` p${k}:x${k}="1"`, '/>'),
  ],
  [
    'declarations at every level, nested to the depth limit, looked up from the bottom',
    (n) => sized(n, '<r xmlns:z="u">', () => `${'<a xmlns:p="u">'.repeat(60)}<z:b/>${'</a>'.repeat(60)}`, '</r>'),
  ],
  ['elements', (n) => sized(n, '<a>', () => '<b/>', '</a>')],
  ['comments and processing instructions', (n) => sized(n, '<a>', () => '<!----><?p?>', '</a>')],
  ['CDATA sections and references in one text', (n) => sized(n, '<a>', () => '<![CDATA[x]]>&amp;&#x4e2d;', '</a>')],
  ['text runs split by comments', (n) => sized(n, '<a>', () => 'x<!---->', '</a>')],
  ['one long name', (n) => `<${'a'.repeat(n)}/>`],
  ['one long attribute value with references and tabs', (n) => sized(n, '<a x="', () => '&lt;\t&#9;', '"/>')],
  ['U+FFFD in text', (n) => sized(n / 3, '<a>', () => '\uFFFD', '</a>')],
  ['U+3000 around many values', (n) => sized(n, '<a>', () => '<b>\u3000x\u3000</b>', '</a>')],
];

const DECODE_CONSTRUCTIONS: Array<[string, (bytes: number) => Buffer]> = [
  ['UTF-8: U+FFFD, then an invalid byte at the end', (n) => Buffer.concat([Buffer.from(sized(n / 3, '<a>', () => '\uFFFD', '')), Buffer.from([0xff])])],
  [
    'GB18030: U+FFFD',
    (n) =>
      iconv.encode(
        sized(n / 4, '<?xml version="1.0" encoding="GB18030"?><a>', () => '\uFFFD', '</a>'),
        'gb18030',
      ),
  ],
  [
    'GB18030: U+FFFD between characters',
    (n) =>
      iconv.encode(
        sized(n / 5, '<?xml version="1.0" encoding="GB18030"?><a>', () => '中\uFFFD', '</a>'),
        'gb18030',
      ),
  ],
];

// Each run starts on a collected heap, so no run pays for the garbage of the one before.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** CPU time (µs) of `reps` runs, on a collected heap. */
function cpuMicros(work: () => void, reps: number): number {
  collectGarbage();
  const before = process.cpuUsage();
  for (let k = 0; k < reps; k++) work();
  const used = process.cpuUsage(before);
  return Math.max(used.user + used.system, 1);
}

function attempt(work: () => void): void {
  try {
    work();
  } catch {
    // a refusal is an outcome like any other: its cost is what is measured
  }
}

/** The two sizes run in turns, each keeping its least time: the least disturbed by anything else. */
function expectLinear(what: string, at: (bytes: number) => () => void): void {
  const small = at(LIMIT / 16);
  const large = at(LIMIT);
  large(); // warm up
  // Cheap constructions are repeated until the smaller size takes long enough to time well.
  const reps = Math.min(200, Math.ceil(20_000 / cpuMicros(small, 1)));
  let smallest = Infinity;
  let largest = Infinity;
  for (let round = 0; round < 3; round++) {
    smallest = Math.min(smallest, cpuMicros(small, reps));
    largest = Math.min(largest, cpuMicros(large, reps));
  }
  const ratio = largest / smallest;
  expect(ratio, `${what}: the limit costs ${ratio.toFixed(1)}× a sixteenth of it`).to.be.below(128);
}

describe('xml: hostile constructions cost linear time up to the request size limit', function () {
  this.timeout(120_000);

  for (const [what, build] of XML_CONSTRUCTIONS) {
    it(what, () => {
      expectLinear(what, (bytes) => {
        const doc = build(bytes);
        return () => attempt(() => scanXml(doc, UNLIMITED));
      });
    });
  }

  for (const [what, build] of DECODE_CONSTRUCTIONS) {
    it(`decoding, ${what}`, () => {
      expectLinear(what, (bytes) => {
        const body = build(bytes);
        return () => attempt(() => decodeStrictly(body, messageCharset(body, undefined)));
      });
    });
  }

  it('the measure itself tells quadratic from linear', () => {
    // A deliberately quadratic piece of work must fail the same check.
    const quadratic = (bytes: number) => {
      const n = bytes / 256;
      return () => {
        let sum = 0;
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sum += i ^ j;
        if (sum < 0) throw new Error('unreachable');
      };
    };
    expect(() => expectLinear('quadratic', quadratic)).to.throw(/costs/);
  });
});
