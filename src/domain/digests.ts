import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** SHA-256 in hex: enough for values with 96 or more random bits (enrollment tokens, recovery codes). */
export const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");

/**
 * A keyed digest for 6-digit codes. A plain hash of a 6-digit code is reversed by trying a million
 * values; keyed with the server's secret, a copy of the database alone does not give the code away.
 */
export const hmacSha256 = (key: Buffer, value: string): string => createHmac("sha256", key).update(value).digest("hex");

/** Compares two hex digests in constant time. */
export function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}
