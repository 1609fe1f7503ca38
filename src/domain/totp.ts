import { base32Encode } from "./base32.ts";
import { utf8 } from "./bytes.ts";
import type { DomainPorts } from "./ports.ts";

/** RFC 6238 parameters every authenticator app supports, and the ones the Key URI announces. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps of clock drift accepted either side of now: one, as RFC 6238 §5.2 recommends. */
export const TOTP_DRIFT_STEPS = 1;

/** A new 160-bit TOTP secret (RFC 4226 §4 recommends 160 bits), in base32. */
export function generateTotpSecret(ports: DomainPorts): string {
  return base32Encode(ports.randomBytes(20));
}

/** The time step a moment falls in. */
export const timeStep = (nowMs: number): number => Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);

/** The HOTP value (RFC 4226) of a counter: the TOTP of that time step. */
export async function hotp(ports: DomainPorts, secret: Uint8Array, counter: number): Promise<string> {
  const message = new Uint8Array(8);
  new DataView(message.buffer).setBigUint64(0, BigInt(counter));
  const mac = await ports.hmacSha1(secret, message);
  const offset = mac[mac.length - 1]! & 0x0f;
  const code = (new DataView(mac.buffer, mac.byteOffset, mac.byteLength).getUint32(offset) & 0x7fffffff) % 10 ** TOTP_DIGITS;
  return code.toString().padStart(TOTP_DIGITS, "0");
}

/**
 * The time step whose TOTP equals `code`, within the allowed drift, or undefined. The caller stores
 * the step it accepted and refuses any step at or before it, so a TOTP is never accepted twice.
 */
export async function matchTotp(
  ports: DomainPorts,
  secret: Uint8Array,
  code: string,
  nowMs: number,
  lastUsedStep = -1,
): Promise<number | undefined> {
  const now = timeStep(nowMs);
  const given = utf8(code.padEnd(TOTP_DIGITS, "\0").slice(0, TOTP_DIGITS));
  let matched: number | undefined;
  // Every step in the window is computed and compared in constant time, so how long the check
  // takes says nothing about how many leading digits of a guess were right, nor which step matched.
  for (let step = now - TOTP_DRIFT_STEPS; step <= now + TOTP_DRIFT_STEPS; step++) {
    const equal = ports.timingSafeEqual(utf8(await hotp(ports, secret, step)), given) && code.length === TOTP_DIGITS;
    if (equal && step > lastUsedStep && matched === undefined) matched = step;
  }
  return matched;
}
