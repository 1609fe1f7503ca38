import { randomBytes } from "node:crypto";
import { deflateSync, inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { deflateBest } from "../../src/domain/deflate.ts";

const roundTrip = (data: Uint8Array) => inflateSync(deflateBest(data));

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
});
