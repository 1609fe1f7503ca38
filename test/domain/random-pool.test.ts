import { describe, expect, it } from "vitest";
import { randomFillSync } from "node:crypto";
import { createRandomPool, secureRandomBytes } from "../../src/domain/random-pool.ts";

const POOL_BYTES = 64 * 1024;

/** How many 16-byte blocks of `bytes` occur more than once: for random bytes, none. */
function repeatedBlocks(bytes: Buffer): number {
  const blocks = new Set<string>();
  for (let i = 0; i + 16 <= bytes.length; i += 16) blocks.add(bytes.subarray(i, i + 16).toString("hex"));
  return Math.floor(bytes.length / 16) - blocks.size;
}

describe("secureRandomBytes", () => {
  it("returns exactly as many bytes as asked for, below, at and above the 64 KiB pool", () => {
    for (const size of [0, 1, 128, POOL_BYTES - 1, POOL_BYTES, POOL_BYTES + 1, 3 * POOL_BYTES]) {
      expect(secureRandomBytes(size)).toHaveLength(size);
    }
  });

  it("fills a request larger than the pool with random bytes throughout, not zeros or a repeated pool", () => {
    const bytes = secureRandomBytes(3 * POOL_BYTES);
    expect(repeatedBlocks(bytes)).toBe(0);
    expect(bytes.subarray(-16).equals(Buffer.alloc(16))).toBe(false);
  });

  it("hands out distinct tokens across several refills of the pool", () => {
    // 2000 enrollment-token-sized draws span almost four pools.
    const draws = Array.from({ length: 2000 }, () => secureRandomBytes(128));
    expect(draws.every((bytes) => bytes.length === 128)).toBe(true);
    expect(new Set(draws.map((bytes) => bytes.toString("hex"))).size).toBe(2000);
    expect(repeatedBlocks(Buffer.concat(draws))).toBe(0);
  });

  it("gives each caller its own copy, so that one caller's writes never reach another's bytes", () => {
    const first = secureRandomBytes(32);
    const second = secureRandomBytes(32);
    const before = Buffer.from(second);
    first.fill(0);
    expect(second.equals(before)).toBe(true);
    expect(secureRandomBytes(32).equals(Buffer.alloc(32))).toBe(false);
  });

  it("refills only when the pool cannot cover a request: once for each 64 KiB handed out, and not a byte early", () => {
    const refills: number[] = [];
    const draw = createRandomPool((buffer) => {
      refills.push(buffer.length);
      return randomFillSync(buffer);
    });
    const sizes = [1, POOL_BYTES - 2, 1, 1, 100, POOL_BYTES - 101, POOL_BYTES + 1, 1];
    const seen = sizes.map((size) => {
      draw(size);
      return refills.length;
    });
    // The first three draws use up the first pool exactly, and the next three the second; the
    // seventh, larger than a pool, gets a refill of its own size, used up at once.
    expect(seen).toEqual([1, 1, 1, 2, 2, 2, 3, 4]);
    expect(refills).toEqual([POOL_BYTES, POOL_BYTES, POOL_BYTES + 1, POOL_BYTES]);
  });
});
