import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../src/domain/bytes.ts";

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
