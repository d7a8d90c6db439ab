/**
 * Texts kept in one preallocated byte ring, off the V8 heap: the in-memory journal's XML.
 *
 * Why: the memory journal keeps thousands of recent exchanges, each with its XML both ways
 * (~10 KB of strings per two-hop request, twice that where the text is Chinese and V8 holds
 * it as two-byte). Kept as strings, all of it outlives two young-generation collections, is
 * copied into the old generation and brings full collections every few hundred milliseconds:
 * measured (docs/BENCHMARKS.md), the journal was what drove the two-hop p99. In the ring the
 * collector never sees it. A newer text overwrites the oldest; `holds` says whether a slot
 * is still intact, so the journal drops what was overwritten.
 */
export interface RingSlot {
  /** Position of the first byte, counted from the ring's start of life (never wraps). */
  at: number;
  length: number;
  /** UTF-16 for a text with unpaired surrogates (UTF-8 cannot carry them); UTF-8 otherwise. */
  utf16: boolean;
}

export class TextRing {
  private readonly bytes: Buffer;
  private end = 0; // position after the last byte written

  /** `size` bytes; a single text may take at most half of it. */
  constructor(readonly size: number) {
    this.bytes = Buffer.allocUnsafeSlow(size);
  }

  /** The most characters `put` accepts: the worst case (3 UTF-8 bytes each) fits in half the ring. */
  get maxChars(): number {
    return Math.floor(this.size / 6);
  }

  put(text: string): RingSlot {
    if (text.length > this.maxChars) throw new RangeError(`text of ${text.length} characters is over the ring's ${this.maxChars}`);
    const utf16 = !text.isWellFormed();
    const worst = text.length * (utf16 ? 2 : 3);
    let offset = this.end % this.size;
    if (offset + worst > this.size) {
      // Texts are kept whole: skip to the start of the ring rather than wrap one around it.
      this.end += this.size - offset;
      offset = 0;
    }
    const length = this.bytes.write(text, offset, utf16 ? 'utf16le' : 'utf8');
    const slot = { at: this.end, length, utf16 };
    this.end += length;
    return slot;
  }

  /** Whether the slot's bytes are still the text put there (nothing newer overwrote them). */
  holds(slot: RingSlot): boolean {
    return slot.at >= this.end - this.size;
  }

  read(slot: RingSlot): string {
    if (!this.holds(slot)) throw new RangeError('the text was overwritten');
    const offset = slot.at % this.size;
    return this.bytes.toString(slot.utf16 ? 'utf16le' : 'utf8', offset, offset + slot.length);
  }
}
