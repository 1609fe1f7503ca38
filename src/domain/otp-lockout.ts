import { API_CODES } from "../../generated/api-codes.ts";
import { GenAuthError } from "../contract/envelope.ts";
import type { MfaStore, OtpFailureRecord } from "../store/store.ts";
import { secondsUntil, type MfaContext } from "./mfa-context.ts";
import { msg } from "../messages/catalogue.ts";

/** Wrong TOTPs or recovery codes in a run that start a timed lock-out. */
export const MAX_OTP_FAILURES = 10;

/**
 * Wrong codes since the last success after which checks and factor changes stay locked until an
 * operator unlocks the user (`genauth-mfa unlock`): NIST SP 800-63B §5.2.2's limit on consecutive
 * failed attempts on one account. Waiting out lock-outs does not reset this count; a success does.
 */
export const MAX_CONSECUTIVE_OTP_FAILURES = 100;

/** The apiCode of a lock-out that only an operator lifts: this contract's own. */
export const OTP_LOCKED_UNTIL_UNLOCKED = API_CODES.lockedUntilUnlocked;

/** The longest timed lock-out by default (TOTP_LOCKOUT_MAX_SECONDS): a day. */
export const DEFAULT_LOCKOUT_MAX_MS = 86_400_000;

/** The quiet period by default (TOTP_LOCKOUT_QUIET_SECONDS): a day without a wrong code undoes one step of escalation. */
export const DEFAULT_LOCKOUT_QUIET_MS = 86_400_000;

const maxMs = (ctx: MfaContext) => ctx.otpLockoutMaxMs ?? DEFAULT_LOCKOUT_MAX_MS;
const quietMs = (ctx: MfaContext) => ctx.otpLockoutQuietMs ?? DEFAULT_LOCKOUT_QUIET_MS;

/** How long the lock-out that follows `escalation` lock-outs in a row lasts: the first one doubled each time, up to the cap. */
export const lockoutMs = (ctx: MfaContext, escalation: number): number => Math.min(ctx.otpLockoutMs * 2 ** escalation, maxMs(ctx));

/**
 * The escalation left at `now`: one step less for each whole quiet period since the later of the
 * last wrong code and the end of the last lock-out. Measured from the lock-out's end, so that an
 * attacker who waits one out meets the next, longer one.
 */
export function decayedEscalation(ctx: MfaContext, record: OtpFailureRecord, now: number): number {
  const quietSince = Math.max(record.lastFailureAt ?? 0, record.lockedUntil ?? 0);
  return Math.max(0, record.escalation - Math.floor(Math.max(0, now - quietSince) / quietMs(ctx)));
}

/** The refusal while the user is locked out of OTP checks and factor changes, if they are. */
export function lockoutProblem(ctx: MfaContext, failures: OtpFailureRecord | undefined): GenAuthError | undefined {
  if (!failures) return undefined;
  if (failures.consecutive >= MAX_CONSECUTIVE_OTP_FAILURES) {
    return new GenAuthError(429, msg("otpLockedUntilUnlocked", { count: MAX_CONSECUTIVE_OTP_FAILURES }), OTP_LOCKED_UNTIL_UNLOCKED);
  }
  const until = failures.lockedUntil;
  if (until === undefined || ctx.now() >= until) return undefined;
  return new GenAuthError(429, msg("tooManyIncorrectCodes", { seconds: secondsUntil(until, ctx.now()) }));
}

/**
 * The failures after one more wrong code. Every MAX_OTP_FAILURES-th of a run starts a lock-out
 * twice as long as the one before it (up to the cap), and the run starts again; the
 * MAX_CONSECUTIVE_OTP_FAILURES-th since the last success locks until an operator unlocks, so it
 * needs no end time. No wrong code is counted during a lock-out: the checks refuse first.
 */
export function afterFailure(ctx: MfaContext, userId: string, before: OtpFailureRecord | undefined, now: number): OtpFailureRecord {
  const consecutive = (before?.consecutive ?? 0) + 1;
  const count = (before?.count ?? 0) + 1;
  const escalation = before ? decayedEscalation(ctx, before, now) : 0;
  // Once a lock-out reaches the cap, another step would change no lock-out's length, only make the
  // real user wait more quiet periods before lock-outs shorten again: escalation stops there.
  const next = lockoutMs(ctx, escalation) < maxMs(ctx) ? escalation + 1 : escalation;
  const counted = { userId, consecutive, lastFailureAt: now };
  if (consecutive >= MAX_CONSECUTIVE_OTP_FAILURES) return { count: 0, escalation: next, ...counted };
  if (count < MAX_OTP_FAILURES) return { count, escalation, ...counted };
  return { count: 0, escalation: next, lockedUntil: now + lockoutMs(ctx, escalation), ...counted };
}

/**
 * The failures after a right code, or undefined when there is nothing to write: the run and the
 * consecutive count start again, as NIST counts them. The escalation stays, to decay only with
 * quiet periods: a success of the real user's between an attacker's lock-outs does not shorten them.
 */
export function afterSuccess(before: OtpFailureRecord | undefined): OtpFailureRecord | undefined {
  if (!before || (before.count === 0 && before.consecutive === 0)) return undefined;
  return Object.assign({}, before, { count: 0, consecutive: 0 });
}

/**
 * Lifts the user's lock-out, timed or for good, as an operator does (`genauth-mfa unlock`), and
 * returns the failures it found. The run and the consecutive count start again; the escalation
 * stays and decays as usual, so an attack still under way meets long lock-outs again.
 */
export function unlockOtp(store: MfaStore, userId: string): Promise<OtpFailureRecord | undefined> {
  return store.transaction(async (tx) => {
    const before = await tx.otpFailures(userId);
    if (before) {
      const unlocked: OtpFailureRecord = Object.assign({}, before, { count: 0, consecutive: 0 });
      delete unlocked.lockedUntil;
      await tx.setOtpFailures(unlocked);
    }
    return before;
  });
}
