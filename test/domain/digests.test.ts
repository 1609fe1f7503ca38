import { describe, expect, it } from "vitest";
import { digestsEqual, hmacSha256, sha256 } from "../../src/domain/digests.ts";

describe("sha256", () => {
  it("gives FIPS 180-2's SHA-256 of \"abc\" in lower-case hex", () => {
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("hmacSha256", () => {
  it("gives RFC 4231's test case 2 in lower-case hex", () => {
    expect(hmacSha256(Buffer.from("Jefe"), "what do ya want for nothing?")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });
});

describe("digestsEqual", () => {
  const digest = hmacSha256(Buffer.from("key"), "123456");

  it("accepts a digest equal to the stored one", () => {
    expect(digestsEqual(digest, hmacSha256(Buffer.from("key"), "123456"))).toBe(true);
  });

  it("refuses a digest of another code", () => {
    expect(digestsEqual(digest, hmacSha256(Buffer.from("key"), "123457"))).toBe(false);
  });

  // A record without a stored hash is compared against "", and a truncated column is shorter still:
  // either must read as "no match", not throw out of the request as timingSafeEqual would.
  it("answers false, without throwing, for a stored digest that is empty or shorter", () => {
    expect(digestsEqual(digest, "")).toBe(false);
    expect(digestsEqual(digest, digest.slice(0, 32))).toBe(false);
  });
});
