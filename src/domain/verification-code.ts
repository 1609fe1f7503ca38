import { randomInt } from "node:crypto";

/** A 6-digit code from the CSPRNG, every value equally likely. */
export function generateVerificationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}
