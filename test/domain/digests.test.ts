import { describe, expect, it } from "vitest";
import { digestsEqual, hmacSha256, sha256 } from "../../src/domain/digests.ts";
import { ports } from "../support/ports.ts";

describe("sha256", () => {
  it('gives FIPS 180-2\'s SHA-256 of "abc" in lower-case hex', async () => {
    expect(await sha256(ports, "abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("hmacSha256", () => {
  it("gives RFC 4231's test case 2 in lower-case hex", async () => {
    expect(await hmacSha256(ports, Buffer.from("Jefe"), "what do ya want for nothing?")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });
});

describe("digestsEqual", () => {
  const key = Buffer.from("key");
  const digest = (code: string) => hmacSha256(ports, key, code);

  it("accepts a digest equal to the stored one", async () => {
    expect(digestsEqual(ports, await digest("123456"), await digest("123456"))).toBe(true);
  });

  it("refuses a digest of another code", async () => {
    expect(digestsEqual(ports, await digest("123456"), await digest("123457"))).toBe(false);
  });

  // A record without a stored hash is compared against "", and a truncated column is shorter still:
  // either must read as "no match", not throw out of the request as timingSafeEqual would.
  it("answers false, without throwing, for a stored digest that is empty or shorter", async () => {
    const stored = await digest("123456");
    expect(digestsEqual(ports, stored, "")).toBe(false);
    expect(digestsEqual(ports, stored, stored.slice(0, 32))).toBe(false);
  });

  it("never matches two empty digests, nor two that are not hex", () => {
    expect(digestsEqual(ports, "", "")).toBe(false);
    expect(digestsEqual(ports, "zz", "zz")).toBe(false);
  });
});
