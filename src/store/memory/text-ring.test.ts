import { expect } from 'chai';
import { TextRing } from './text-ring';

describe('store/memory/text-ring: texts in one byte ring, off the heap', () => {
  it('gives back exactly what was put: ASCII, Chinese, and unpaired surrogates', () => {
    const ring = new TextRing(4096);
    const texts = ['<a>1</a>', '<CustName>吴杰平</CustName>', 'lone \uD800 surrogate', ''];
    const slots = texts.map((t) => ring.put(t));
    expect(slots.map((s) => ring.read(s))).to.deep.equal(texts);
    expect(slots[1].utf16).to.equal(false);
    expect(slots[2].utf16).to.equal(true);
  });

  it('overwrites the oldest texts and says which slots no longer hold theirs', () => {
    const ring = new TextRing(600); // 100 characters at most per text
    const slots = Array.from({ length: 20 }, (_, i) => ring.put(String(i).repeat(50).slice(0, 50)));
    const held = slots.filter((s) => ring.holds(s));
    expect(held.length).to.be.within(8, 12);
    expect(held).to.deep.equal(slots.slice(slots.length - held.length)); // the newest ones
    for (const s of held) expect(ring.read(s)).to.have.length(50);
    expect(() => ring.read(slots[0])).to.throw(RangeError);
  });

  it('keeps a text whole: one that would cross the end starts again at the beginning', () => {
    const ring = new TextRing(600);
    ring.put('x'.repeat(90));
    ring.put('y'.repeat(90));
    ring.put('z'.repeat(90));
    ring.put('w'.repeat(90));
    const wrapped = ring.put('中'.repeat(100)); // up to 300 bytes: does not fit behind the 360 written
    expect(wrapped.at % 600).to.equal(0);
    expect(ring.read(wrapped)).to.equal('中'.repeat(100));
  });

  it('refuses a text over half the ring rather than corrupt it', () => {
    const ring = new TextRing(600);
    expect(() => ring.put('x'.repeat(101))).to.throw(RangeError);
  });
});
