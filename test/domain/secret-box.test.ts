import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox } from "../../src/domain/secret-box.ts";
import { createWebSecretBox } from "../../src/domain/web-secret-box.ts";
import type { SecretBox } from "../../src/domain/secret-box.ts";
import { importedKeys } from "../support/imported-keys.ts";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/** The sealed text with one bit of its `index`th dot-separated part flipped. */
function flipBit(sealed: string, index: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0]! ^= 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

// The server's box (node:crypto) and the browser's (WebCrypto), each held to the same behaviour.
const boxes: Array<[string, (key: Uint8Array) => SecretBox]> = [
  ["the server's", (key) => createSecretBox(Buffer.from(key))],
  ["the browser's", createWebSecretBox],
];

describe.each(boxes)("%s secret box", (_name, secretBoxOf) => {
  const box = secretBoxOf(randomBytes(32));

  it("opens what it sealed", async () => {
    expect(await box.open(await box.seal(SECRET))).toBe(SECRET);
    expect(await box.open(await box.seal(""))).toBe("");
    expect(await box.open(await box.seal("验证码 ✓"))).toBe("验证码 ✓");
  });

  it("writes v1 and three base64url parts without padding, none of which contains the secret", async () => {
    // Twenty seals: each part holds a "-" or a "_" in most of them, where base64 would have + and /.
    for (let i = 0; i < 20; i++) {
      const sealed = await box.seal(SECRET);
      expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
      expect(sealed).not.toContain(SECRET);
    }
  });

  it("seals the same text differently every time, with a fresh IV", async () => {
    const first = await box.seal(SECRET);
    const second = await box.seal(SECRET);
    expect(second).not.toBe(first);
    expect(second.split(".")[1]).not.toBe(first.split(".")[1]);
  });

  it("throws when the ciphertext has been tampered with", async () => {
    await expect(async () => box.open(flipBit(await box.seal(SECRET), 3))).rejects.toThrow();
  });

  it("throws when the IV or the authentication tag has been tampered with", async () => {
    await expect(async () => box.open(flipBit(await box.seal(SECRET), 1))).rejects.toThrow();
    await expect(async () => box.open(flipBit(await box.seal(SECRET), 2))).rejects.toThrow();
  });

  it("throws when opened with another key", async () => {
    const sealed = await box.seal(SECRET);
    await expect(async () => secretBoxOf(randomBytes(32)).open(sealed)).rejects.toThrow();
  });

  it("refuses text that is not a sealed secret", async () => {
    await expect(async () => box.open(SECRET)).rejects.toThrow(/not a sealed secret/);
    const sealed = await box.seal(SECRET);
    await expect(async () => box.open(sealed.replace(/^v1/, "v2"))).rejects.toThrow(/not a sealed secret/);
  });

  it("refuses a sealed secret cut short before its ciphertext, or before its tag", async () => {
    const [version, iv, tag] = (await box.seal(SECRET)).split(".");
    await expect(async () => box.open(`${version}.${iv}.${tag}`)).rejects.toThrow(/not a sealed secret/);
    await expect(async () => box.open(`${version}.${iv}`)).rejects.toThrow(/not a sealed secret/);
  });

  it("refuses a sealed secret with its IV or its tag left empty", async () => {
    const [version, iv, tag, body] = (await box.seal(SECRET)).split(".");
    await expect(async () => box.open(`${version}..${tag}.${body}`)).rejects.toThrow(/not a sealed secret/);
    await expect(async () => box.open(`${version}.${iv}..${body}`)).rejects.toThrow(/not a sealed secret/);
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => secretBoxOf(randomBytes(31))).toThrow(/32 bytes/);
    expect(() => secretBoxOf(randomBytes(33))).toThrow(/32 bytes/);
  });
});

// A secret sealed by the server before the domain took its crypto as ports (commit fc8086d's
// createSecretBox, under this key): every box must still open it, or bound authenticator apps
// would stop working across the upgrade, or between the server and a browser.
const KEY = Buffer.alloc(32, 7);
const SEALED_BEFORE_PORTS = "v1.Igut1D3VyN3FPG45.X3iTe6YHlNBfbpF-XvltMQ.1nNir4iHZhTCauZIbhHMpzFzoDSvYVtdKFJR_VfFTKM";

describe("the browser's secret box", () => {
  it("holds its key as an AES-GCM key that encrypts and decrypts and cannot be exported", async () => {
    const imported = await importedKeys(() => createWebSecretBox(randomBytes(32)).seal(SECRET));
    expect(imported).toHaveLength(1);
    const [key] = imported;
    expect([key!.extractable, [...key!.usages].sort(), key!.algorithm.name]).toEqual([false, ["decrypt", "encrypt"], "AES-GCM"]);
  });
});

describe("secrets sealed before the ports", () => {
  it("are opened by the server's box and by the browser's, and each opens what the other sealed", async () => {
    const server = createSecretBox(KEY);
    const browser = createWebSecretBox(KEY);
    expect(server.open(SEALED_BEFORE_PORTS)).toBe(SECRET);
    expect(await browser.open(SEALED_BEFORE_PORTS)).toBe(SECRET);
    expect(await browser.open(server.seal("验证码 ✓"))).toBe("验证码 ✓");
    expect(server.open(await browser.seal("验证码 ✓"))).toBe("验证码 ✓");
  });
});
