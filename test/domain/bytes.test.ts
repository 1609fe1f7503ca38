import { describe, expect, it } from "vitest";
import { fromHex, toBase64, toHex } from "../../src/domain/bytes.ts";

describe("fromHex", () => {
  it("reads hex of either case two digits to a byte", () => {
    expect([...fromHex("00ff7Fa0")]).toEqual([0x00, 0xff, 0x7f, 0xa0]);
    expect([...fromHex("")]).toEqual([]);
    expect(toHex(fromHex("0123456789abcdef"))).toBe("0123456789abcdef");
  });

  it("gives no bytes for an odd number of digits or any character that is not a hex digit, wherever it is", () => {
    for (const text of ["abc", "0", "zz", "zz00", "00zz", "0g", " 00", "00 ", "00\n"]) expect([...fromHex(text)]).toEqual([]);
  });
});

describe("toBase64", () => {
  it("writes what Node's Buffer writes, padding included, for every length of the last group", () => {
    const bytes = Uint8Array.from({ length: 600 }, (_, i) => (i * 97 + 13) % 256);
    for (const length of [0, 1, 2, 3, 4, 5, 6, 7, 128, 599, 600]) {
      const part = bytes.subarray(0, length);
      expect(toBase64(part)).toBe(Buffer.from(part).toString("base64"));
    }
    expect(toBase64(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe("+/+/");
  });
});
