import { toBase64 } from "./bytes.ts";
import type { DomainPorts } from "./ports.ts";

/** Enrollment tokens live one minute, as GenAuth documents. */
export const ENROLLMENT_TOKEN_TTL_MS = 60_000;
/** Wrong codes after which a token is revoked. */
export const MAX_CODE_ATTEMPTS = 5;

/** A new opaque enrollment token: 128 random bytes in standard base64, shaped like GenAuth's. */
export function mintEnrollmentToken(ports: DomainPorts): string {
  return toBase64(ports.randomBytes(128));
}
