import { describe, expect, it, vi } from "vitest";
import { deflateBest } from "../../src/domain/deflate.ts";
import { nodePorts } from "../../src/domain/node-ports.ts";
import { webPorts } from "../../src/domain/web-ports.ts";
import { importedKeys } from "../support/imported-keys.ts";

// The browser's ports (WebCrypto) held to the server's (node:crypto) value for value: the stateful
// mock in a browser must hash, MAC and compare exactly as the reference server does. The domain's
// own tests run on both sets in turn; these compare them side by side, in one process.
const texts = ["", "abc", "otpauth://totp/GenAuth:alice?secret=JBSWY3DPEHPK3PXP", "验证码 ✓", "x".repeat(5000)];
// No empty key: WebCrypto refuses one, and the domain's keys (the code key, TOTP secrets) never are.
const keys = [Uint8Array.of(1, 2, 3), new Uint8Array(64).fill(0xa5), new Uint8Array(100).fill(7)];

describe("webPorts", () => {
  it("hashes text to the same SHA-256 hex as node:crypto", async () => {
    for (const text of texts) expect(await webPorts.sha256(text)).toBe(nodePorts.sha256(text));
  });

  it("gives the same HMAC-SHA-256 and HMAC-SHA-1 as node:crypto, one key under both hashes in turn", async () => {
    for (const key of keys) {
      for (const text of texts) {
        expect(await webPorts.hmacSha256(key, text)).toBe(nodePorts.hmacSha256(key, text));
        const message = new TextEncoder().encode(text);
        expect(Buffer.from(await webPorts.hmacSha1(key, message))).toEqual(Buffer.from(nodePorts.hmacSha1(key, message)));
      }
    }
  });

  it("imports a key once for each hash however many MACs it makes, as a key that signs and cannot be exported", async () => {
    const key = Uint8Array.of(9, 8, 7, 6, 5);
    const imported = await importedKeys(async () => {
      for (let round = 0; round < 3; round++) {
        await webPorts.hmacSha256(key, "abc");
        await webPorts.hmacSha1(key, Uint8Array.of(round));
      }
    });
    expect(imported).toHaveLength(2);
    const described = imported.map((k) => [k.extractable, k.usages, (k.algorithm as HmacKeyAlgorithm).hash.name]);
    expect(described).toEqual([
      [false, ["sign"], "SHA-256"],
      [false, ["sign"], "SHA-1"],
    ]);
  });

  it("compares byte strings as node:crypto's timingSafeEqual does, and says false for different lengths", () => {
    const a = Uint8Array.of(1, 2, 3, 4);
    const cases: Array<[Uint8Array, Uint8Array]> = [
      [a, Uint8Array.of(1, 2, 3, 4)],
      [a, Uint8Array.of(0, 2, 3, 4)],
      [a, Uint8Array.of(1, 2, 3, 5)],
      [a, Uint8Array.of(1, 2, 3)],
      [Uint8Array.of(1, 2, 3), a],
      [new Uint8Array(0), new Uint8Array(0)],
    ];
    expect(cases.map(([x, y]) => webPorts.timingSafeEqual(x, y))).toEqual([true, false, false, false, false, true]);
    expect(cases.map(([x, y]) => nodePorts.timingSafeEqual(x, y))).toEqual([true, false, false, false, false, true]);
  });

  it("fills any number of random bytes, past WebCrypto's 65,536 a call", () => {
    for (const size of [0, 1, 65_536, 65_537, 200_000]) {
      const bytes = webPorts.randomBytes(size);
      expect(bytes.length).toBe(size);
      // Each 1 KiB is filled: all zeros would happen by chance with a probability of 2^-8192.
      for (let at = 0; at + 1024 <= size; at += 1024) expect(bytes.subarray(at, at + 1024).some((b) => b !== 0)).toBe(true);
    }
    expect(webPorts.randomBytes(1000)).not.toEqual(webPorts.randomBytes(1000));
  });

  it("asks WebCrypto once for each 65,536 bytes begun, never for an empty slice", () => {
    const getRandomValues = vi.spyOn(crypto, "getRandomValues");
    try {
      const calls = [0, 1, 65_536, 65_537, 131_072].map((size) => {
        getRandomValues.mockClear();
        webPorts.randomBytes(size);
        return getRandomValues.mock.calls.map(([array]) => (array as Uint8Array).length);
      });
      expect(calls).toEqual([[], [1], [65_536], [65_536, 1], [65_536, 65_536]]);
    } finally {
      getRandomValues.mockRestore();
    }
  });

  it("draws integers below max, each value as likely as another even where 2^32 is not a multiple of max", () => {
    expect(new Set(Array.from({ length: 50 }, () => webPorts.randomInt(1)))).toEqual(new Set([0]));
    const dice = Array.from({ length: 600 }, () => webPorts.randomInt(6));
    expect(new Set(dice)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    // With max = 3 × 2^30, a 32-bit word taken modulo max would land below 2^30 half of the time;
    // drawn fairly, a third of the time: 1,000 of 3,000, give or take 26 (one standard deviation).
    const max = 3 * 2 ** 30;
    const draws = Array.from({ length: 3000 }, () => webPorts.randomInt(max));
    expect(draws.every((n) => Number.isInteger(n) && n >= 0 && n < max)).toBe(true);
    const low = draws.filter((n) => n < 2 ** 30).length;
    expect(low).toBeGreaterThan(800);
    expect(low).toBeLessThan(1200);
    expect(webPorts.randomInt(2 ** 32)).toBeLessThan(2 ** 32);
  });

  it("draws again while the word falls in the last, incomplete multiple of max, from its first value on", () => {
    // With max = 3 × 2^30 the words from 3 × 2^30 up would map onto 0 to 2^30 - 1 a second time.
    const words = [3 * 2 ** 30, 2 ** 32 - 1, 3 * 2 ** 30 - 1];
    const getRandomValues = vi.spyOn(crypto, "getRandomValues").mockImplementation((array) => {
      (array as Uint32Array)[0] = words.shift()!;
      return array;
    });
    try {
      expect(webPorts.randomInt(3 * 2 ** 30)).toBe(3 * 2 ** 30 - 1);
      expect(getRandomValues).toHaveBeenCalledTimes(3);
    } finally {
      getRandomValues.mockRestore();
    }
  });

  it("deflates with the project's own deflate", () => {
    expect(webPorts.deflate).toBe(deflateBest);
  });
});
