import type { DomainPorts } from "./ports.ts";

/** The digits in an SMS or email code unless VERIFY_CODE_LENGTH says otherwise. */
export const DEFAULT_CODE_LENGTH = 6;

/** A code of `length` digits (4 to 8) from the CSPRNG, every value equally likely. */
export function generateVerificationCode(ports: DomainPorts, length = DEFAULT_CODE_LENGTH): string {
  return String(ports.randomInt(10 ** length)).padStart(length, "0");
}
