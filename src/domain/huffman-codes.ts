// The Huffman side of deflate (RFC 1951 §3.2): code lengths, canonical codes, an LSB-first bit
// writer, and the run-length coding of a dynamic block's code lengths. Used by deflate.ts.

/** Huffman code lengths for the frequencies, none longer than `limit` (lengths of unused symbols are 0). */
export function codeLengths(freqs: ArrayLike<number>, limit: number): number[] {
  const used = Array.from(freqs, (f, symbol) => ({ f, symbol })).filter((s) => s.f > 0);
  const lengths = new Array<number>(freqs.length).fill(0);
  // With fewer than two symbols in use the merging below has nothing to do.
  if (used.length === 1) lengths[used[0]!.symbol] = 1;
  type Node = { f: number; symbols: number[] };
  const nodes: Node[] = used.map((s) => ({ f: s.f, symbols: [s.symbol] }));
  while (nodes.length > 1) {
    nodes.sort((a, b) => a.f - b.f);
    const [a, b] = nodes.splice(0, 2) as [Node, Node];
    for (const s of [...a.symbols, ...b.symbols]) lengths[s]!++;
    nodes.push({ f: a.f + b.f, symbols: [...a.symbols, ...b.symbols] });
  }
  if (Math.max(...lengths) > limit) limitLengths(lengths, freqs, limit);
  return lengths;
}

/**
 * Caps the lengths at `limit` and makes the code complete again, in place: capping leaves too many
 * short codes, so the longest under the cap are lengthened until the code fits, which may overshoot;
 * then the longest codes are shortened until the code is complete, the more frequent first. Among
 * equals, the first symbol is chosen. Inflaters (zlib's among them) refuse an incomplete code.
 */
function limitLengths(lengths: number[], freqs: ArrayLike<number>, limit: number): void {
  lengths.forEach((l, s) => {
    lengths[s] = Math.min(l, limit);
  });
  /** What a code of `length` bits takes of the code space, in units of 2^-limit. */
  const share = (length: number) => 2 ** (limit - length);
  let left = 2 ** limit - lengths.reduce((sum, l) => sum + (l ? share(l) : 0), 0);
  while (left < 0) {
    // An unused symbol (length 0) is never the longest: some code in use is under the cap, or the
    // code would already fit.
    let pick = -1;
    lengths.forEach((l, s) => {
      if (l < limit && (pick < 0 || l > lengths[pick]!)) pick = s;
    });
    left += share(lengths[pick]! + 1);
    lengths[pick]!++;
  }
  while (left > 0) {
    // The longest code always fits the room left: its share divides every other share and the
    // whole code space, so it divides what is left. It is longer than 1 bit, or the code would be full.
    let pick = 0;
    lengths.forEach((l, s) => {
      if (l > lengths[pick]! || (l === lengths[pick] && freqs[s]! > freqs[pick]!)) pick = s;
    });
    left -= share(lengths[pick]!);
    lengths[pick]!--;
  }
}

/** Canonical codes for the lengths (RFC 1951 §3.2.2), bit-reversed for an LSB-first writer. */
export function canonicalCodes(lengths: number[]): number[] {
  const count = new Array<number>(16).fill(0);
  for (const l of lengths) if (l) count[l]!++;
  const next = new Array<number>(16).fill(0);
  for (let bits = 1, code = 0; bits < 16; bits++) next[bits] = code = (code + count[bits - 1]!) << 1;
  // An unused symbol takes no bits of its code: 0.
  return lengths.map((l) => {
    let code = next[l]!++;
    let reversed = 0;
    for (let b = 0; b < l; b++) {
      reversed = (reversed << 1) | (code & 1);
      code >>= 1;
    }
    return reversed;
  });
}

export class BitWriter {
  readonly bytes: number[] = [];
  #bits = 0;
  #count = 0;
  write(value: number, count: number): void {
    this.#bits |= value << this.#count;
    this.#count += count;
    while (this.#count >= 8) {
      this.bytes.push(this.#bits & 0xff);
      this.#bits >>>= 8;
      this.#count -= 8;
    }
  }
  flush(): number[] {
    if (this.#count > 0) this.bytes.push(this.#bits & 0xff);
    return this.bytes;
  }
}

/** The code-length sequence run-length coded with symbols 16, 17 and 18: [symbol, extra bits, extra value]. */
export function runLengths(lengths: number[]): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (let i = 0; i < lengths.length; ) {
    const l = lengths[i]!;
    let run = 1;
    // Past the end is undefined, which equals no length.
    while (lengths[i + run] === l) run++;
    i += run;
    if (l === 0) {
      while (run >= 11) {
        out.push([18, 7, Math.min(run, 138) - 11]);
        run -= Math.min(run, 138);
      }
      if (run >= 3) {
        out.push([17, 3, run - 3]);
        run = 0;
      }
    } else {
      out.push([l, 0, 0]);
      run--;
      while (run >= 3) {
        out.push([16, 2, Math.min(run, 6) - 3]);
        run -= Math.min(run, 6);
      }
    }
    for (; run > 0; run--) out.push([l, 0, 0]);
  }
  return out;
}
