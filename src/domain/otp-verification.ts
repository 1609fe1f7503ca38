import { GenAuthError } from "../contract/envelope.ts";
import { base32Decode } from "./base32.ts";
import { digestsEqual, sha256 } from "./digests.ts";
import type { FactorRecord, MfaStoreOps } from "../store/store.ts";
import { atomically, type MfaContext, type User } from "./mfa-context.ts";
import { generateRecoveryCode } from "./recovery-code.ts";
import { lockedOut, recordStepUp } from "./step-up.ts";
import { matchTotp } from "./totp.ts";
import { msg } from "../messages/catalogue.ts";

/** Consecutive wrong TOTPs or recovery codes before checks are refused (NIST SP 800-63B caps them). */
export const MAX_OTP_FAILURES = 10;

async function countFailure(ctx: MfaContext, tx: MfaStoreOps, user: User): Promise<void> {
  // A lock-out starts the count again from 0, and no check reaches here while it lasts: the count
  // read is the run of failures since the last success or lock-out.
  const count = ((await tx.otpFailures(user.id))?.count ?? 0) + 1;
  await tx.setOtpFailures(
    count >= MAX_OTP_FAILURES ? { userId: user.id, count: 0, lockedUntil: ctx.now() + ctx.otpLockoutMs } : { userId: user.id, count },
  );
}

const resetFailures = (tx: MfaStoreOps, user: User) => tx.setOtpFailures({ userId: user.id, count: 0 });

/**
 * Runs a check against the user's bound OTP factor, atomically, unless they have none or are locked
 * out. The factor's row is read (and, on PostgreSQL, locked) first, so one user's checks take turns
 * on every instance and their failure count is read after the previous check wrote it.
 */
function withBoundOtp<T>(ctx: MfaContext, user: User, check: (tx: MfaStoreOps, factor: FactorRecord) => Promise<T | GenAuthError>): Promise<T> {
  return atomically(ctx.store, async (tx) => {
    const factor = await tx.findFactorByType(user.id, "OTP");
    const locked = await lockedOut(ctx, tx, user);
    if (locked) return locked;
    return factor ? check(tx, factor) : new GenAuthError(404, msg("otpNotBound"));
  });
}

/** Checks a TOTP against the user's bound OTP factor; a TOTP is accepted once at most (RFC 6238 §5.2). */
export function verifyTotp(ctx: MfaContext, user: User, totp: string): Promise<{ verified: true }> {
  return withBoundOtp(ctx, user, async (tx, factor) => {
    const secret = base32Decode(await ctx.secretBox.open(factor.secretCipher!));
    const step = await matchTotp(ctx.ports, secret, totp, ctx.now());
    if (step === undefined) {
      await countFailure(ctx, tx, user);
      return new GenAuthError(400, msg("totpIncorrect"), 6001);
    }
    // A replay of an accepted TOTP is refused but not counted as a guess: a client that sends the
    // same code twice must not lock its user out.
    if (step <= (factor.lastTotpStep ?? -1)) return new GenAuthError(400, msg("totpReplayed"), 6001);
    await tx.updateFactor(factor.factorId, { lastTotpStep: step });
    await resetFailures(tx, user);
    await recordStepUp(ctx, tx, user);
    return { verified: true as const };
  });
}

/** Spends the OTP recovery code once, and returns the code that replaces it. */
export function recoverWithCode(ctx: MfaContext, user: User, recoveryCode: string): Promise<{ recoveryCode: string }> {
  return withBoundOtp(ctx, user, async (tx, factor) => {
    if (!factor.recoveryHash || !digestsEqual(ctx.ports, await sha256(ctx.ports, recoveryCode), factor.recoveryHash)) {
      await countFailure(ctx, tx, user);
      return new GenAuthError(400, msg("recoveryCodeIncorrect"), 6002);
    }
    const next = generateRecoveryCode(ctx.ports);
    await tx.updateFactor(factor.factorId, { recoveryHash: await sha256(ctx.ports, next) });
    await resetFailures(tx, user);
    await recordStepUp(ctx, tx, user);
    return { recoveryCode: next };
  });
}
