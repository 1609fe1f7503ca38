import { utf8 } from "./bytes.ts";
import type { SecretBox } from "./secret-box.ts";

const TAG_BYTES = 16;
const fromBase64url = (text: string): Uint8Array<ArrayBuffer> => {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
};
const toBase64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

/**
 * The SecretBox of secret-box.ts on WebCrypto, for browsers: the same `v1.<iv>.<tag>.<ciphertext>`
 * text, so that each opens what the other sealed. WebCrypto appends GCM's tag to the ciphertext;
 * it is moved to its own part on the way in and back on the way out.
 */
export function createWebSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== 32) throw new Error("the encryption key must be 32 bytes");
  const aes = crypto.subtle.importKey("raw", new Uint8Array(key), "AES-GCM", false, ["encrypt", "decrypt"]);
  return {
    async seal(plain) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await aes, new Uint8Array(utf8(plain))));
      const body = sealed.subarray(0, sealed.length - TAG_BYTES);
      const tag = sealed.subarray(sealed.length - TAG_BYTES);
      return ["v1", ...[iv, tag, body].map(toBase64url)].join(".");
    },
    async open(sealed) {
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("not a sealed secret");
      const joined = new Uint8Array([...fromBase64url(body), ...fromBase64url(tag)]);
      const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64url(iv) }, await aes, joined);
      return new TextDecoder().decode(plain);
    },
  };
}
