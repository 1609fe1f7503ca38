import { GenAuthError } from "../contract/envelope.ts";
import { base32Decode } from "./base32.ts";
import { digestsEqual, sha256 } from "./digests.ts";
import type { FactorRecord } from "../store/store.ts";
import { atomically, type MfaContext, type User } from "./mfa-context.ts";
import { generateRecoveryCode } from "./recovery-code.ts";
import { lockedOut, recordStepUp } from "./step-up.ts";
import { matchTotp } from "./totp.ts";
import { msg } from "../messages/catalogue.ts";

/** Consecutive wrong TOTPs or recovery codes before checks are refused (NIST SP 800-63B caps them). */
export const MAX_OTP_FAILURES = 10;

function countFailure(ctx: MfaContext, user: User): void {
  const previous = ctx.store.otpFailures(user.id);
  const expired = previous?.lockedUntil !== undefined && ctx.now() >= previous.lockedUntil;
  const count = (expired ? 0 : (previous?.count ?? 0)) + 1;
  ctx.store.setOtpFailures(
    count >= MAX_OTP_FAILURES ? { userId: user.id, count: 0, lockedUntil: ctx.now() + ctx.otpLockoutMs } : { userId: user.id, count },
  );
}

const resetFailures = (ctx: MfaContext, user: User) => ctx.store.setOtpFailures({ userId: user.id, count: 0 });

/** Runs a check against the user's bound OTP factor, atomically, unless they are locked out or have none. */
function withBoundOtp<T>(ctx: MfaContext, user: User, check: (factor: FactorRecord) => T | GenAuthError): T {
  return atomically(ctx.store, () => {
    const locked = lockedOut(ctx, user);
    if (locked) return locked;
    const factor = ctx.store.findFactorByType(user.id, "OTP");
    return factor ? check(factor) : new GenAuthError(404, msg("otpNotBound"));
  });
}

/** Checks a TOTP against the user's bound OTP factor; a TOTP is accepted once at most (RFC 6238 §5.2). */
export function verifyTotp(ctx: MfaContext, user: User, totp: string): { verified: true } {
  return withBoundOtp(ctx, user, (factor) => {
    const secret = base32Decode(ctx.secretBox.open(factor.secretCipher!));
    const step = matchTotp(secret, totp, ctx.now());
    // A replay of an accepted TOTP is refused but not counted as a guess: a client that sends the
    // same code twice must not lock its user out.
    if (step !== undefined && factor.lastTotpStep !== undefined && step <= factor.lastTotpStep) {
      return new GenAuthError(400, msg("totpReplayed"), 6001);
    }
    if (step === undefined) {
      countFailure(ctx, user);
      return new GenAuthError(400, msg("totpIncorrect"), 6001);
    }
    ctx.store.updateFactor(factor.factorId, { lastTotpStep: step });
    resetFailures(ctx, user);
    recordStepUp(ctx, user);
    return { verified: true as const };
  });
}

/** Spends the OTP recovery code once, and returns the code that replaces it. */
export function recoverWithCode(ctx: MfaContext, user: User, recoveryCode: string): { recoveryCode: string } {
  return withBoundOtp(ctx, user, (factor) => {
    if (!factor.recoveryHash || !digestsEqual(sha256(recoveryCode), factor.recoveryHash)) {
      countFailure(ctx, user);
      return new GenAuthError(400, msg("recoveryCodeIncorrect"), 6002);
    }
    const next = generateRecoveryCode();
    ctx.store.updateFactor(factor.factorId, { recoveryHash: sha256(next) });
    resetFailures(ctx, user);
    recordStepUp(ctx, user);
    return { recoveryCode: next };
  });
}
