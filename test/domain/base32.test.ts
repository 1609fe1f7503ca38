import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode } from "../../src/domain/base32.ts";

// RFC 4648 §10, without the padding the Key URI format leaves out.
const RFC_4648_VECTORS: Array<[plain: string, encoded: string]> = [
  ["", ""],
  ["f", "MY"],
  ["fo", "MZXQ"],
  ["foo", "MZXW6"],
  ["foob", "MZXW6YQ"],
  ["fooba", "MZXW6YTB"],
  ["foobar", "MZXW6YTBOI"],
];

describe("base32Encode", () => {
  for (const [plain, encoded] of RFC_4648_VECTORS) {
    it(`encodes "${plain}" as RFC 4648's "${encoded}" without padding`, () => {
      expect(base32Encode(Buffer.from(plain, "ascii"))).toBe(encoded);
    });
  }
});

describe("base32Decode", () => {
  for (const [plain, encoded] of RFC_4648_VECTORS) {
    it(`decodes RFC 4648's "${encoded || "(empty)"}" back to "${plain}"`, () => {
      expect(Buffer.from(base32Decode(encoded)).toString("ascii")).toBe(plain);
    });
  }

  it("accepts padded and lower-case input, as some authenticator exports write it", () => {
    expect(Buffer.from(base32Decode("MZXW6YQ=")).toString("ascii")).toBe("foob");
    expect(Buffer.from(base32Decode("mzxw6ytboi======")).toString("ascii")).toBe("foobar");
  });

  it("refuses an = that is not trailing padding, rather than skipping it", () => {
    expect(() => base32Decode("MZ=XW6")).toThrow(/not a base32 character: =/);
    expect(() => base32Decode("=MZXW6")).toThrow(/not a base32 character: =/);
  });

  it("throws on a character outside the base32 alphabet", () => {
    expect(() => base32Decode("MZXW1")).toThrow(/not a base32 character: 1/);
    expect(() => base32Decode("MZ8W")).toThrow(/not a base32 character/);
  });

  it("round-trips random bytes of every length from 0 to 40", () => {
    for (let length = 0; length <= 40; length++) {
      const bytes = randomBytes(length);
      expect(Buffer.from(base32Decode(base32Encode(bytes))).equals(bytes)).toBe(true);
    }
  });
});
