// The Huffman side of deflate (RFC 1951 §3.2): code lengths, canonical codes, an LSB-first bit
// writer, and the run-length coding of a dynamic block's code lengths. Used by deflate.ts.

/** Huffman code lengths for the frequencies, none longer than `limit` (lengths of unused symbols are 0). */
export function codeLengths(freqs: ArrayLike<number>, limit: number): number[] {
  const used = Array.from(freqs, (f, symbol) => ({ f, symbol })).filter((s) => s.f > 0);
  const lengths = new Array<number>(freqs.length).fill(0);
  if (used.length === 1) lengths[used[0]!.symbol] = 1;
  if (used.length <= 1) return lengths;
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
 * then the longest codes that fit the room left are shortened until the code is complete, the more
 * frequent first. Inflaters (zlib's among them) refuse an incomplete code.
 */
function limitLengths(lengths: number[], freqs: ArrayLike<number>, limit: number): void {
  for (let s = 0; s < lengths.length; s++) if (lengths[s]! > limit) lengths[s] = limit;
  /** What a code of `length` bits takes of the code space, in units of 2^-limit. */
  const share = (length: number) => 2 ** (limit - length);
  let left = 2 ** limit - lengths.reduce((sum, l) => sum + (l ? share(l) : 0), 0);
  while (left < 0) {
    let pick = -1;
    for (let s = 0; s < lengths.length; s++)
      if (lengths[s]! > 0 && lengths[s]! < limit && (pick < 0 || lengths[s]! > lengths[pick]!)) pick = s;
    left += share(lengths[pick]! + 1);
    lengths[pick]!++;
  }
  while (left > 0) {
    let pick = -1;
    for (let s = 0; s < lengths.length; s++) {
      const fits = lengths[s]! > 1 && share(lengths[s]!) <= left;
      if (fits && (pick < 0 || lengths[s]! > lengths[pick]! || (lengths[s] === lengths[pick] && freqs[s]! > freqs[pick]!))) pick = s;
    }
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
  return lengths.map((l) => {
    if (!l) return 0;
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
    while (i + run < lengths.length && lengths[i + run] === l) run++;
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
