import { fromHex } from "./bytes.ts";
import type { DomainPorts, MaybePromise } from "./ports.ts";

/** SHA-256 in hex: enough for values with 96 or more random bits (enrollment tokens, recovery codes). */
export const sha256 = (ports: DomainPorts, value: string): MaybePromise<string> => ports.sha256(value);

/**
 * A keyed digest for 6-digit codes. A plain hash of a 6-digit code is reversed by trying a million
 * values; keyed with the server's secret, a copy of the database alone does not give the code away.
 */
export const hmacSha256 = (ports: DomainPorts, key: Uint8Array, value: string): MaybePromise<string> => ports.hmacSha256(key, value);

/** Compares two hex digests in constant time. */
export function digestsEqual(ports: DomainPorts, a: string, b: string): boolean {
  const x = fromHex(a);
  const y = fromHex(b);
  return x.length > 0 && ports.timingSafeEqual(x, y);
}
