// A deflate (RFC 1951) in zlib's wrapper (RFC 1950), for runtimes without zlib's level 9. It spends
// CPU where zlib saves it: every match the window holds is considered, and the parse is the cheapest
// path through them under the block's own Huffman costs (as zopfli does), so a QR code's PNG comes
// out no larger than Node's zlib at level 9 makes it. Meant for inputs of a few kilobytes.

import { BitWriter, canonicalCodes, codeLengths, runLengths } from "./huffman-codes.ts";

const MIN_MATCH = 3;
const MAX_MATCH = 258;
const WINDOW = 32_768;
/** Candidates tried per position, as zlib's level 9 does; a QR code's long white runs would otherwise make it quadratic. */
const MAX_CHAIN = 4096;
const ITERATIONS = 4;

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385,
  24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

const codeFor = (bases: number[], value: number) => {
  let code = 0;
  while (code + 1 < bases.length && bases[code + 1]! <= value) code++;
  return code;
};
const LENGTH_CODE = Uint8Array.from({ length: MAX_MATCH + 1 }, (_, len) => (len < MIN_MATCH ? 0 : codeFor(LENGTH_BASE, len)));
/** The lengths after which the length code changes. */
const CODE_ENDS = Uint8Array.from({ length: MAX_MATCH + 1 }, (_, len) =>
  len >= MIN_MATCH && len < MAX_MATCH && LENGTH_CODE[len] !== LENGTH_CODE[len + 1] ? 1 : 0,
);
const DIST_CODE = Uint8Array.from({ length: WINDOW + 1 }, (_, dist) => (dist < 1 ? 0 : codeFor(DIST_BASE, dist)));
const distCode = (dist: number) => DIST_CODE[dist]!;

/** One symbol of the parse: a literal byte, or a match of `length` at `dist`. */
type Item = { literal: number } | { length: number; dist: number };

/**
 * For each position, the nearest distance of a match of each length, as runs: `[end, dist, end, dist,
 * ...]`, where lengths up to each `end` (and past the previous one) match at `dist`. Candidates come
 * nearest first, so the first to reach a length gives its cheapest distance.
 */
function findMatches(data: Uint8Array): number[][] {
  const n = data.length;
  const head = new Map<number, number>();
  // A position's previous one with the same three bytes, written before any chain reaches it.
  const prev = new Int32Array(n);
  const found: number[][] = [];
  for (let i = 0; i + MIN_MATCH <= n; i++) {
    const key = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
    const limit = Math.min(MAX_MATCH, n - i);
    let best = MIN_MATCH - 1;
    const runs: number[] = [];
    for (let j = head.get(key) ?? -1, tried = 0; j >= 0 && i - j <= WINDOW && tried < MAX_CHAIN && best < limit; j = prev[j]!, tried++) {
      // A farther candidate only matters if it is longer than the best so far: checked at that byte first.
      if (data[j + best] !== data[i + best]) continue;
      let len = 0;
      while (len < limit && data[j + len] === data[i + len]) len++;
      if (len > best) {
        runs.push(len, i - j);
        best = len;
      }
    }
    found[i] = runs;
    prev[i] = head.get(key) ?? -1;
    head.set(key, i);
  }
  return found;
}

/** The cheapest parse under the given symbol costs, in bits: a shortest path over positions. */
function cheapestParse(data: Uint8Array, matches: number[][], litLenBits: Float64Array, distBits: Float64Array): Item[] {
  const n = data.length;
  const cost = new Float64Array(n + 1).fill(Infinity);
  const step = new Uint16Array(n + 1);
  const via = new Uint16Array(n + 1);
  cost[0] = 0;
  data.forEach((byte, i) => {
    const here = cost[i]!;
    const literal = here + litLenBits[byte]!;
    if (literal < cost[i + 1]!) {
      cost[i + 1] = literal;
      step[i + 1] = 1;
      via[i + 1] = 0;
    }
    // The last two positions have no list: no match of three bytes starts there.
    const runs = matches[i];
    if (!runs) return;
    for (let r = 0, len = MIN_MATCH; r < runs.length; r += 2) {
      const [end, dist] = [runs[r]!, runs[r + 1]!];
      const dc = distCode(dist);
      const distCost = distBits[dc]! + DIST_EXTRA[dc]!;
      for (; len <= end; len++) {
        // Within one length code and one distance every length costs the same: only each code's last
        // length and the run's end are tried. (Lengths 3 to 10 have a code each, so all are tried.)
        if (len < end && !CODE_ENDS[len]) continue;
        const lc = LENGTH_CODE[len]!;
        const c = here + litLenBits[257 + lc]! + LENGTH_EXTRA[lc]! + distCost;
        if (c < cost[i + len]!) {
          cost[i + len] = c;
          step[i + len] = len;
          via[i + len] = dist;
        }
      }
    }
  });
  const items: Item[] = [];
  for (let i = n; i > 0; i -= step[i]!) items.push(step[i] === 1 ? { literal: data[i - 1]! } : { length: step[i]!, dist: via[i]! });
  return items.reverse();
}

/** How many code lengths to send: up to the last one in use. */
function countUpToLastUsed(lengths: number[]): number {
  let count = lengths.length;
  // Before the first length is lengths[-1], undefined, which is not 0: the count stops at 0 at the latest.
  while (lengths[count - 1] === 0) count--;
  return count;
}

/** How often the parse uses each literal/length symbol (the block's end once) and each distance symbol. */
function symbolFrequencies(items: Item[]): [number[], number[]] {
  const litFreq = new Array<number>(286).fill(0);
  const distFreq = new Array<number>(30).fill(0);
  for (const item of items) {
    if ("literal" in item) litFreq[item.literal]!++;
    else {
      litFreq[257 + LENGTH_CODE[item.length]!]!++;
      distFreq[distCode(item.dist)]!++;
    }
  }
  litFreq[256] = 1;
  return [litFreq, distFreq];
}

/** The parse as one final block with its own Huffman codes: its bytes, without the zlib wrapper. */
function encodeBlock(items: Item[]): number[] {
  const [litFreq, distFreq] = symbolFrequencies(items);
  if (!distFreq.some((f) => f > 0)) distFreq[0] = 1;
  const litLengths = codeLengths(litFreq, 15);
  const distLengths = codeLengths(distFreq, 15);
  const hlit = Math.max(257, countUpToLastUsed(litLengths));
  const hdist = Math.max(1, countUpToLastUsed(distLengths));
  const rle = runLengths([...litLengths.slice(0, hlit), ...distLengths.slice(0, hdist)]);
  const clFreq = new Array<number>(19).fill(0);
  for (const [symbol] of rle) clFreq[symbol]!++;
  const clLengths = codeLengths(clFreq, 7);
  const hclen = Math.max(4, countUpToLastUsed(CODE_LENGTH_ORDER.map((s) => clLengths[s]!)));
  const [litCodes, distCodes, clCodes] = [canonicalCodes(litLengths), canonicalCodes(distLengths), canonicalCodes(clLengths)];

  const out = new BitWriter();
  out.write(1, 1); // the final block
  out.write(2, 2); // dynamic Huffman codes
  out.write(hlit - 257, 5);
  out.write(hdist - 1, 5);
  out.write(hclen - 4, 4);
  for (let i = 0; i < hclen; i++) out.write(clLengths[CODE_LENGTH_ORDER[i]!]!, 3);
  for (const [symbol, extraBits, extra] of rle) {
    out.write(clCodes[symbol]!, clLengths[symbol]!);
    out.write(extra, extraBits);
  }
  for (const item of items) {
    if ("literal" in item) {
      out.write(litCodes[item.literal]!, litLengths[item.literal]!);
      continue;
    }
    const lc = LENGTH_CODE[item.length]!;
    out.write(litCodes[257 + lc]!, litLengths[257 + lc]!);
    out.write(item.length - LENGTH_BASE[lc]!, LENGTH_EXTRA[lc]!);
    const dc = distCode(item.dist);
    out.write(distCodes[dc]!, distLengths[dc]!);
    out.write(item.dist - DIST_BASE[dc]!, DIST_EXTRA[dc]!);
  }
  out.write(litCodes[256]!, litLengths[256]!);
  return out.flush();
}

/** The bit cost of each symbol under the codes this parse would get, for the next round's parse. */
function costsOf(items: Item[]): [Float64Array, Float64Array] {
  const [litFreq, distFreq] = symbolFrequencies(items);
  // A symbol this parse did not use may be used by the next one: it costs a little more than the dearest used.
  const price = (lengths: number[]) => Float64Array.from(lengths, (l) => l || Math.max(...lengths) + 2);
  return [price(codeLengths(litFreq, 15)), price(codeLengths(distFreq, 15))];
}

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** `data` deflated in zlib's format, as small as an exhaustive parse under the block's own codes makes it. */
export function deflateBest(data: Uint8Array): Uint8Array {
  const matches = findMatches(data);
  // The first round prices literals at 8 bits and matches by their extra bits, as fixed codes nearly do.
  let [litLenBits, distBits]: Float64Array[] = [new Float64Array(286).fill(8), new Float64Array(30).fill(5)];
  let best: number[] | undefined;
  for (let round = 0; round < ITERATIONS; round++) {
    const items = cheapestParse(data, matches, litLenBits!, distBits!);
    const block = encodeBlock(items);
    if (!best || block.length < best.length) best = block;
    [litLenBits, distBits] = costsOf(items);
  }
  const check = adler32(data);
  // CMF 0x78: deflate with a 32 KiB window; FLG 0xDA: maximum compression, and a valid header check.
  return Uint8Array.from([0x78, 0xda, ...best!, check >>> 24, (check >>> 16) & 0xff, (check >>> 8) & 0xff, check & 0xff]);
}
