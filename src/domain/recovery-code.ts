import { randomBytes } from "node:crypto";

/** A new one-time recovery code shaped like GenAuth's: `e7ad-aaa4-da75-fa37-57d1-5141` (96 bits). */
export function generateRecoveryCode(): string {
  return randomBytes(12).toString("hex").match(/.{4}/g)!.join("-");
}
