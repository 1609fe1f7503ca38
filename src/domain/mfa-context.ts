import { GenAuthError } from "../contract/envelope.ts";
import type { FactorType, MfaStore, MfaStoreOps } from "../store/store.ts";
import type { MessageTransport } from "../transports/transport.ts";
import type { DomainPorts } from "./ports.ts";
import type { SecretBox } from "./secret-box.ts";
import type { SendLimits, StartLimits } from "./send-limits.ts";

/** Everything the MFA domain needs, injected so that tests can swap the clock, store and transports. */
export interface MfaContext {
  store: MfaStore;
  /** Milliseconds since the epoch. */
  now: () => number;
  transports: { sms: MessageTransport; email: MessageTransport };
  /** Hashing, HMAC, random bytes and deflate: node:crypto on the server, WebCrypto in a browser. */
  ports: DomainPorts;
  secretBox: SecretBox;
  /** Key for the HMAC of SMS and email codes. */
  codeKey: Uint8Array;
  /** Digits in the SMS and email codes sent (VERIFY_CODE_LENGTH, 4 to 8); 6 when absent. */
  codeLength?: number;
  enabledFactors: ReadonlySet<FactorType>;
  /** The issuer authenticator apps show; defaults to the user pool's name. */
  otpIssuer: string;
  /**
   * How long the first lock-out after 10 wrong TOTPs or recovery codes lasts (TOTP_LOCKOUT_SECONDS);
   * each one in a row lasts twice the last.
   */
  otpLockoutMs: number;
  /** The longest a timed lock-out lasts, however far it has escalated (TOTP_LOCKOUT_MAX_SECONDS); a day when absent. */
  otpLockoutMaxMs?: number;
  /** How long without a wrong code undoes one step of escalation (TOTP_LOCKOUT_QUIET_SECONDS); a day when absent. */
  otpLockoutQuietMs?: number;
  /**
   * How long a step-up (a TOTP, the recovery code, or binding OTP) lets a user with an OTP factor
   * add or unbind factors; 0 turns the requirement off (STEP_UP_SECONDS). Finite: a session that
   * never stepped up counts as having done so infinitely long ago (step-up.ts).
   */
  stepUpMs: number;
  /** Caps on codes per user and channel, and per channel for everyone (SEND_LIMIT_*). */
  sendLimits: SendLimits;
  /** Caps on OTP and FACE starts per user and factor type (START_LIMIT_*); the defaults when absent. */
  startLimits?: StartLimits;
  /** When set (SMS_ALLOWED_COUNTRIES), the only countries SMS codes are sent to, as ISO 3166-1 alpha-2 codes. */
  smsAllowedCountries?: ReadonlySet<string>;
  /** SMS_ALLOW_FIXED_LINE: SMS codes go to fixed lines too, not only to mobiles. */
  smsAllowFixedLine?: boolean;
}

/** Where the domain notes what an operator should see and a client need not: the request's logger. */
export interface EventLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** The signed-in user, as the access token describes them. */
export interface User {
  id: string;
  /** The session the access token belongs to, which a step-up is recorded for (see token-session.ts). */
  session: string;
  /** The account name an authenticator app shows: the username, the email, or the subject. */
  label: string;
  /**
   * Whether the account has a phone number or an email address bound, as the issuer's token shows
   * it (the `phone_number` or `email` claim, unless its `_verified` claim says false). GenAuth binds
   * a face only for such a user (apiCode 1703); an SMS or EMAIL factor bound here counts too.
   */
  hasPhoneOrEmail?: boolean;
}

/**
 * Runs a read-check-write sequence atomically. The work returns a GenAuthError instead of throwing
 * it, so that what it wrote before failing (a counted wrong attempt) is committed, not rolled back.
 */
export async function atomically<T>(store: MfaStore, work: (tx: MfaStoreOps) => Promise<T | GenAuthError>): Promise<T> {
  const result = await store.transaction(work);
  if (result instanceof GenAuthError) throw result;
  return result;
}

/** Seconds until `until`, rounded up, never below one. */
export const secondsUntil = (until: number, now: number): number => Math.max(1, Math.ceil((until - now) / 1000));
