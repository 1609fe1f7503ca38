import { randomInt } from "node:crypto";

/** The digits in an SMS or email code unless VERIFY_CODE_LENGTH says otherwise. */
export const DEFAULT_CODE_LENGTH = 6;

/** A code of `length` digits (4 to 8) from the CSPRNG, every value equally likely. */
export function generateVerificationCode(length = DEFAULT_CODE_LENGTH): string {
  return String(randomInt(0, 10 ** length)).padStart(length, "0");
}
