import { randomInt } from "node:crypto";

/** A mainland-China mobile number no other test uses, so per-number rate limits never collide. */
export const uniquePhoneNumber = (): string => `188${String(randomInt(0, 1e8)).padStart(8, "0")}`;

/** An address no other test uses. */
export const uniqueEmail = (): string => `mfa-${randomInt(0, 2 ** 40).toString(36)}@example.com`;
