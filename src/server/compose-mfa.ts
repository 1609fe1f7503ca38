import type { MfaContext } from "../domain/mfa-context.ts";
import { nodePorts } from "../domain/node-ports.ts";
import type { DomainPorts } from "../domain/ports.ts";
import { createSecretBox, type SecretBox } from "../domain/secret-box.ts";
import type { MfaStore } from "../store/store.ts";
import type { ServerConfig } from "./config.ts";
import { codeKeyFrom } from "./keys.ts";

/** The variables the MFA domain's settings are read from. */
export type DomainConfig = Pick<
  ServerConfig,
  | "VERIFY_CODE_LENGTH"
  | "MFA_FACTORS"
  | "OTP_ISSUER"
  | "TOTP_LOCKOUT_SECONDS"
  | "TOTP_LOCKOUT_MAX_SECONDS"
  | "TOTP_LOCKOUT_QUIET_SECONDS"
  | "STEP_UP_SECONDS"
  | "SEND_LIMIT_USER_HOUR"
  | "SEND_LIMIT_USER_DAY"
  | "SEND_LIMIT_GLOBAL_MINUTE"
  | "START_LIMIT_USER_HOUR"
  | "START_LIMIT_USER_DAY"
  | "SMS_ALLOWED_COUNTRIES"
  | "SMS_ALLOW_FIXED_LINE"
>;

/**
 * What the MFA domain is composed of besides its settings: the server opens and loads these from
 * its configuration, and a test passes its own (an in-memory store, a clock it moves, the outbox).
 */
export interface MfaParts {
  store: MfaStore;
  /** Milliseconds since the epoch. */
  now: () => number;
  transports: MfaContext["transports"];
  /** The key TOTP secrets are sealed with; the codes' HMAC key is derived from it, so there is one secret to keep. */
  encryptionKey: Buffer;
  /** Hashing, HMAC, random bytes and deflate: node:crypto's unless given (a test runs the domain on a browser's too). */
  ports?: DomainPorts;
  /** The AES-GCM box for a key: node:crypto's unless given, like `ports`. */
  secretBoxOf?: (key: Buffer) => SecretBox;
}

/** The MFA domain's context: its parts, and each of its settings read from its variable. */
export function composeMfaContext(config: DomainConfig, parts: MfaParts): MfaContext {
  const { encryptionKey, ports = nodePorts, secretBoxOf = createSecretBox } = parts;
  return {
    store: parts.store,
    now: parts.now,
    transports: parts.transports,
    ports,
    secretBox: secretBoxOf(encryptionKey),
    codeKey: codeKeyFrom(encryptionKey),
    codeLength: config.VERIFY_CODE_LENGTH,
    enabledFactors: new Set(config.MFA_FACTORS),
    otpIssuer: config.OTP_ISSUER,
    otpLockoutMs: config.TOTP_LOCKOUT_SECONDS * 1000,
    otpLockoutMaxMs: config.TOTP_LOCKOUT_MAX_SECONDS * 1000,
    otpLockoutQuietMs: config.TOTP_LOCKOUT_QUIET_SECONDS * 1000,
    stepUpMs: config.STEP_UP_SECONDS * 1000,
    sendLimits: {
      userPerHour: config.SEND_LIMIT_USER_HOUR,
      userPerDay: config.SEND_LIMIT_USER_DAY,
      globalPerMinute: config.SEND_LIMIT_GLOBAL_MINUTE,
    },
    startLimits: { userPerHour: config.START_LIMIT_USER_HOUR, userPerDay: config.START_LIMIT_USER_DAY },
    smsAllowFixedLine: config.SMS_ALLOW_FIXED_LINE,
    ...(config.SMS_ALLOWED_COUNTRIES && { smsAllowedCountries: new Set(config.SMS_ALLOWED_COUNTRIES) }),
  };
}
