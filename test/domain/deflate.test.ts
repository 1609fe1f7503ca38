import { randomBytes } from "node:crypto";
import { deflateSync, inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { deflateBest } from "../../src/domain/deflate.ts";
import { nodePorts } from "../../src/domain/node-ports.ts";
import { renderQrPng } from "../../src/domain/qr-code.ts";

const roundTrip = (data: Uint8Array) => inflateSync(deflateBest(data));

/** The rows of pixels renderQrPng compresses for `uri`: what the deflate is for. */
async function qrImageRows(uri: string): Promise<Uint8Array> {
  let rows: Uint8Array = new Uint8Array(0);
  const capture = (raw: Uint8Array) => {
    rows = raw;
    return deflateSync(raw);
  };
  await renderQrPng({ ...nodePorts, deflate: capture }, uri);
  return rows;
}

/** Bytes drawn from a fixed linear congruential sequence, each value about 0.6 times as frequent as the one before. */
function skewedBytes(length: number): Uint8Array {
  let seed = 11;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  return Uint8Array.from({ length }, () => {
    let byte = 0;
    while (next() < 0.6 && byte < 40) byte++;
    return byte;
  });
}

/** Bytes from a fixed linear congruential sequence (its top 8 bits), as unlikely to repeat three in a row as random ones. */
function noiseBytes(length: number, seed: number): Uint8Array {
  let state = seed;
  return Uint8Array.from({ length }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 24;
  });
}

/**
 * `twins` strings of "aaa" and 6 noise bytes, a run of `run` letters "a", and the same strings again,
 * each copy's strings followed by a byte of its own, so that one string's match does not run on
 * into the next one. Every position in the run but its last two holds "aaa", so each string of the
 * second copy finds its twin at the (run - 2 + twins)th earlier position holding "aaa".
 */
function farTwins(twins: number, run: number): Uint8Array {
  const tails = noiseBytes(6 * twins, 3);
  const copy = (end: number) =>
    Array.from({ length: twins }, (_, t) => [0x61, 0x61, 0x61, ...tails.subarray(6 * t, 6 * t + 6), end]).flat();
  return Uint8Array.from([...copy(0x79), ...new Uint8Array(run).fill(0x61), 0x78, ...copy(0x77)]);
}

// The browser's deflate (web-ports.ts), checked against Node's zlib as an independent inflater.
describe("deflateBest", () => {
  it("gives zlib-format data that zlib inflates back to the input, for empty, tiny, random and repetitive inputs", () => {
    const inputs = [
      new Uint8Array(0),
      Uint8Array.of(7),
      Uint8Array.of(1, 2, 3),
      randomBytes(1200),
      new TextEncoder().encode(`${"otpauth://totp/".repeat(80)}验证码`),
      Uint8Array.from({ length: 1500 }, (_, i) => ((i * 7919) % 251 < 3 ? 0 : 0xff)),
    ];
    for (const input of inputs) expect(roundTrip(input).equals(Buffer.from(input))).toBe(true);
  });

  it("compresses repetitive input at least as tightly as zlib's best level", () => {
    const rows = Array.from({ length: 100 }, (_, y) => Uint8Array.from({ length: 18 }, (_, x) => ((x * y) % 5 === 0 ? 0x0f : 0xff)));
    const data = new Uint8Array(rows.flatMap((row) => [...row, ...row, ...row, ...row]));
    expect(roundTrip(data).equals(Buffer.from(data))).toBe(true);
    expect(deflateBest(data).length).toBeLessThanOrEqual(deflateSync(data, { level: 9 }).length);
  });

  it("makes QR codes' images smaller than zlib's best level does, and keeps to the sizes its parse reaches", async () => {
    // [input, the size deflateBest reaches, zlib's at level 9]. The parse is deterministic: a larger
    // output is a regression in the parse or the block's codes, a smaller one an improvement to
    // record here.
    const cases: Array<[Uint8Array, number, number]> = [
      [await qrImageRows("otpauth://totp/GenAuth:alice?secret=JBSWY3DPEHPK3PXP&issuer=GenAuth"), 301, 373],
      [await qrImageRows("otpauth://totp/GenAuth:%E7%8E%8B?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GenAuth&digits=6"), 349, 451],
    ];
    for (const [rows, reached, zlib] of cases) {
      expect(deflateSync(rows, { level: 9 }).length).toBe(zlib);
      expect(roundTrip(rows).equals(Buffer.from(rows))).toBe(true);
      expect(deflateBest(rows).length).toBe(reached);
    }
  });

  it("keeps to the sizes it reaches on text, skewed bytes, long runs, every byte value and bytes that never repeat", () => {
    const text = `${"A code sent to a phone number binds it within five minutes. ".repeat(12)}${"验证码".repeat(40)}`;
    const cases: Array<[Uint8Array, number]> = [
      [new TextEncoder().encode(text), 90],
      [skewedBytes(3000), 1123],
      // Ends in "0 0 0 0": the last three bytes are a match of their own, from the last position one can start at.
      [skewedBytes(150), 70],
      // The last of the parse's rounds comes out a byte larger than an earlier one, which is kept.
      [skewedBytes(560), 225],
      [new Uint8Array(1000), 23],
      [Uint8Array.from({ length: 3000 }, (_, i) => (i % 2 ? 0x55 : 0xaa)), 27],
      [Uint8Array.from({ length: 2048 }, (_, i) => (i * i) & 0xff), 156],
      [Uint8Array.from({ length: 1024 }, (_, i) => (i * 167) & 0xff), 300],
      // No match anywhere: the block still declares one distance code, as inflaters expect.
      [Uint8Array.from({ length: 200 }, (_, i) => i), 225],
    ];
    for (const [data, reached] of cases) {
      expect(roundTrip(data).equals(Buffer.from(data))).toBe(true);
      expect(deflateBest(data).length).toBe(reached);
    }
  });

  it("reaches back exactly 32,768 bytes, the format's window, and never one byte farther", () => {
    // Noise with a 200-byte stretch copied from 32,768 bytes back, then a 99-byte one from 32,769 back.
    const data = noiseBytes(33_168, 1);
    data.copyWithin(32_868, 100, 300);
    data.copyWithin(33_069, 300, 399);
    const deflated = deflateBest(data);
    expect(inflateSync(deflated).equals(Buffer.from(data))).toBe(true);
    // Noise alone comes out about 50 bytes longer than it went in; the first copy as a match saves
    // nearly 200 bytes, the second would save nearly 100 more.
    expect(deflated.length).toBeLessThan(data.length - 100);
    expect(deflated.length).toBeGreaterThan(data.length - 200);
    expect(deflated.length).toBe(33_026);
  });

  it("looks at 4,096 earlier positions with the same three bytes, as zlib's level 9 does, and not at a 4,097th", () => {
    // 30 strings whose twins are the 4,096th position back: each is one match. One "a" more puts
    // them 4,097th: each is then a literal "a" and a match from its second byte.
    const reached = farTwins(30, 4068);
    const beyond = farTwins(30, 4069);
    for (const data of [reached, beyond]) expect(roundTrip(data).equals(Buffer.from(data))).toBe(true);
    expect(deflateBest(reached).length).toBe(379);
    expect(deflateBest(beyond).length).toBe(393);
  });
});
