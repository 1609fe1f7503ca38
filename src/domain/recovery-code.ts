import { toHex } from "./bytes.ts";
import type { DomainPorts } from "./ports.ts";

/** A new one-time recovery code shaped like GenAuth's: `e7ad-aaa4-da75-fa37-57d1-5141` (96 bits). */
export function generateRecoveryCode(ports: DomainPorts): string {
  return toHex(ports.randomBytes(12)).match(/.{4}/g)!.join("-");
}
