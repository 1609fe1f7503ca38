import { toHex, utf8 } from "./bytes.ts";
import { deflateBest } from "./deflate.ts";
import type { DomainPorts } from "./ports.ts";

// WebCrypto refuses to fill more than 65,536 bytes in one getRandomValues call.
const MAX_RANDOM_FILL = 65_536;

// Importing an HMAC key costs as much as a MAC: each key (the code key, a secret being checked
// against three TOTP steps) is imported once, for as long as its bytes are referenced.
const imported = new WeakMap<Uint8Array, Map<string, Promise<CryptoKey>>>();
function hmacKey(key: Uint8Array, hash: "SHA-1" | "SHA-256"): Promise<CryptoKey> {
  let byHash = imported.get(key);
  if (!byHash) {
    byHash = new Map();
    imported.set(key, byHash);
  }
  let found = byHash.get(hash);
  if (!found) {
    found = crypto.subtle.importKey("raw", bytesOf(key), { name: "HMAC", hash }, false, ["sign"]);
    byHash.set(hash, found);
  }
  return found;
}

/** A copy on an ArrayBuffer of its own, the only kind WebCrypto and streams take. */
const bytesOf = (data: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(data);

/**
 * The ports for browsers and service workers, and any runtime with WebCrypto: nothing here is Node's.
 * Deflate is this project's own (deflate.ts): CompressionStream has no level 9, and its output for
 * a QR code is larger than zlib's best a quarter of the time, which qr-code.test.ts forbids.
 */
export const webPorts: DomainPorts = {
  sha256: async (text) => toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytesOf(utf8(text))))),
  hmacSha256: async (key, text) =>
    toHex(new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(key, "SHA-256"), bytesOf(utf8(text))))),
  hmacSha1: async (key, message) => new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(key, "SHA-1"), bytesOf(message))),
  timingSafeEqual(a, b) {
    if (a.length !== b.length) return false;
    // Every byte is visited and the differences are gathered without a branch on them.
    return a.reduce((difference, byte, i) => difference | (byte ^ b[i]!), 0) === 0;
  },
  randomBytes(size) {
    const bytes = new Uint8Array(size);
    // The last slice's end may lie past the array's: subarray stops at the array's end.
    for (let at = 0; at < size; at += MAX_RANDOM_FILL) crypto.getRandomValues(bytes.subarray(at, at + MAX_RANDOM_FILL));
    return bytes;
  },
  randomInt(max) {
    // Rejection sampling: values from the last, incomplete multiple of `max` are drawn again, so
    // that every result is equally likely.
    const limit = 2 ** 32 - (2 ** 32 % max);
    const word = new Uint32Array(1);
    for (;;) {
      crypto.getRandomValues(word);
      if (word[0]! < limit) return word[0]! % max;
    }
  },
  deflate: deflateBest,
};
