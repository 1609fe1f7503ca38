import { Secret, TOTP } from "otpauth";

/** A TOTP for the secret in an otpauth:// URI, computed by the independent `otpauth` package. */
export function totpFor(qrCodeUri: string, atMs = Date.now()): string {
  const secret = new URL(qrCodeUri).searchParams.get("secret")!;
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: atMs });
}

/**
 * Waits, if needed, until at least `marginMs` remain in the current 30-second step, so that a test
 * that uses "this step" and "the step before" cannot straddle a step boundary mid-way.
 */
export async function awayFromStepBoundary(marginMs = 3000): Promise<void> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 50));
}
