import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { MaybePromise } from "./ports.ts";

/**
 * Encrypts secrets at rest with AES-256-GCM: a fresh 96-bit IV per secret, and the tag checked on the
 * way out. The domain's AES-GCM port: this file's box on the server, web-secret-box.ts's in a browser.
 */
export interface SecretBox {
  seal(plain: string): MaybePromise<string>;
  open(sealed: string): MaybePromise<string>;
}

/** A SecretBox under a 32-byte key, on node:crypto. Sealed text is `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
export function createSecretBox(key: Buffer): { seal(plain: string): string; open(sealed: string): string } {
  if (key.length !== 32) throw new Error("the encryption key must be 32 bytes");
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]); // a string goes in as UTF-8
      return ["v1", ...[iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url"))].join(".");
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("not a sealed secret");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}
