import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox } from "../../src/domain/secret-box.ts";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const box = createSecretBox(randomBytes(32));

/** The sealed text with one bit of its `index`th dot-separated part flipped. */
function flipBit(sealed: string, index: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0]! ^= 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("createSecretBox", () => {
  it("opens what it sealed", () => {
    expect(box.open(box.seal(SECRET))).toBe(SECRET);
    expect(box.open(box.seal(""))).toBe("");
    expect(box.open(box.seal("验证码 ✓"))).toBe("验证码 ✓");
  });

  it("writes v1 and three base64url parts, none of which contains the secret", () => {
    const sealed = box.seal(SECRET);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/);
    expect(sealed).not.toContain(SECRET);
  });

  it("seals the same text differently every time, with a fresh IV", () => {
    const first = box.seal(SECRET);
    const second = box.seal(SECRET);
    expect(second).not.toBe(first);
    expect(second.split(".")[1]).not.toBe(first.split(".")[1]);
  });

  it("throws when the ciphertext has been tampered with", () => {
    expect(() => box.open(flipBit(box.seal(SECRET), 3))).toThrow();
  });

  it("throws when the IV or the authentication tag has been tampered with", () => {
    expect(() => box.open(flipBit(box.seal(SECRET), 1))).toThrow();
    expect(() => box.open(flipBit(box.seal(SECRET), 2))).toThrow();
  });

  it("throws when opened with another key", () => {
    expect(() => createSecretBox(randomBytes(32)).open(box.seal(SECRET))).toThrow();
  });

  it("refuses text that is not a sealed secret", () => {
    expect(() => box.open(SECRET)).toThrow(/not a sealed secret/);
    expect(() => box.open(box.seal(SECRET).replace(/^v1/, "v2"))).toThrow(/not a sealed secret/);
  });

  it("refuses a sealed secret cut short before its ciphertext, or before its tag", () => {
    const [version, iv, tag] = box.seal(SECRET).split(".");
    expect(() => box.open(`${version}.${iv}.${tag}`)).toThrow(/not a sealed secret/);
    expect(() => box.open(`${version}.${iv}`)).toThrow(/not a sealed secret/);
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => createSecretBox(randomBytes(31))).toThrow(/32 bytes/);
    expect(() => createSecretBox(randomBytes(33))).toThrow(/32 bytes/);
  });
});
