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
});
