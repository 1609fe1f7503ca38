import { createHmac, hash, randomInt, timingSafeEqual } from "node:crypto";
import { deflateSync } from "node:zlib";
import type { DomainPorts } from "./ports.ts";
import { secureRandomBytes } from "./random-pool.ts";

/**
 * The server's ports: node:crypto and zlib, synchronous. WebCrypto is 7 to 20 times slower per call
 * on Node, and CompressionStream has no level 9, so the server keeps these; browsers use web-ports.ts.
 */
export const nodePorts = {
  // One call, no Hash object: about a microsecond less per digest, and every request digests its token.
  sha256: (text: string): string => hash("sha256", text, "hex"),
  hmacSha256: (key: Uint8Array, text: string): string => createHmac("sha256", key).update(text).digest("hex"),
  hmacSha1: (key: Uint8Array, message: Uint8Array): Uint8Array => createHmac("sha1", key).update(message).digest(),
  timingSafeEqual: (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && timingSafeEqual(a, b),
  // From a pool refilled 64 KiB at a time: one system call per few hundred tokens (random-pool.ts).
  randomBytes: (size: number): Uint8Array => secureRandomBytes(size),
  randomInt: (max: number): number => randomInt(0, max),
  // A QR image's rows repeat within a few hundred bytes (a module is four identical pixel rows), so
  // a 512-byte window and a small hash find its matches: zlib's best level with its default 32 KB
  // window and 128 KB of hash set up for every code took about twice the CPU for a PNG a sixth
  // larger (672 against 558 bytes on average over 300 random otpauth URIs, never smaller).
  deflate: (data: Uint8Array): Uint8Array => deflateSync(data, { level: 9, windowBits: 9, memLevel: 4 }),
} satisfies DomainPorts;
