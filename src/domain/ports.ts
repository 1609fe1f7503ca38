/** A value now, or a promise of it: the server's ports answer at once, a browser's WebCrypto later. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * What the domain needs from its runtime: hashing, HMAC, random bytes and deflate. They are injected
 * so that the same domain code runs on the server (node:crypto and zlib: node-ports.ts) and in a
 * browser or a service worker (WebCrypto and a deflate of our own: web-ports.ts). The server's answer
 * synchronously, so its path costs what it cost before; the domain awaits either kind. AES-GCM is
 * the other injected port, the context's SecretBox.
 */
export interface DomainPorts {
  /** SHA-256 of the text's UTF-8 bytes, in lower-case hex. */
  sha256(text: string): MaybePromise<string>;
  /** HMAC-SHA-256 of the text's UTF-8 bytes under `key`, in lower-case hex. */
  hmacSha256(key: Uint8Array, text: string): MaybePromise<string>;
  /** HMAC-SHA-1 of `message` under `key`: the MAC behind RFC 4226's HOTP. */
  hmacSha1(key: Uint8Array, message: Uint8Array): MaybePromise<Uint8Array>;
  /** Whether two byte strings are equal, compared in constant time; false (never a throw) for different lengths. */
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
  /** `size` bytes from the runtime's CSPRNG, any size. */
  randomBytes(size: number): Uint8Array;
  /** An integer in [0, max) from the CSPRNG, every value equally likely; `max` at most 2^32. */
  randomInt(max: number): number;
  /** Deflate in zlib's format (RFC 1950), compressing a PNG's IDAT at least as tightly as zlib's best level. */
  deflate(data: Uint8Array): MaybePromise<Uint8Array>;
}
