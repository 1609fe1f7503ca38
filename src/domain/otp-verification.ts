import { API_CODES } from "../../generated/api-codes.ts";
import { GenAuthError } from "../contract/envelope.ts";
import { base32Decode } from "./base32.ts";
import { digestsEqual, sha256 } from "./digests.ts";
import type { FactorRecord, MfaStoreOps, OtpFailureRecord } from "../store/store.ts";
import { atomically, type MfaContext, type User } from "./mfa-context.ts";
import { afterFailure, afterSuccess, lockoutProblem } from "./otp-lockout.ts";
import { generateRecoveryCode } from "./recovery-code.ts";
import { recordStepUp } from "./step-up.ts";
import { matchTotp } from "./totp.ts";
import { msg } from "../messages/catalogue.ts";

/** What a check against the bound OTP factor works with: the transaction, the factor, and the user's failures as read. */
interface BoundOtp {
  tx: MfaStoreOps;
  factor: FactorRecord;
  failures: OtpFailureRecord | undefined;
}

const countFailure = (ctx: MfaContext, user: User, { tx, failures }: BoundOtp) =>
  tx.setOtpFailures(afterFailure(ctx, user.id, failures, ctx.now()));

async function countSuccess(ctx: MfaContext, user: User, { tx, failures }: BoundOtp): Promise<void> {
  const reset = afterSuccess(failures);
  if (reset) await tx.setOtpFailures(reset);
  await recordStepUp(ctx, tx, user);
}

/**
 * Runs a check against the user's bound OTP factor, atomically, unless they have none or are locked
 * out. The factor's row is read (and, on PostgreSQL, locked) first, so one user's checks take turns
 * on every instance and their failures are read after the previous check wrote them.
 */
function withBoundOtp<T>(ctx: MfaContext, user: User, check: (bound: BoundOtp) => Promise<T | GenAuthError>): Promise<T> {
  return atomically(ctx.store, async (tx) => {
    const factor = await tx.findFactorByType(user.id, "OTP");
    const failures = await tx.otpFailures(user.id);
    const locked = lockoutProblem(ctx, failures);
    if (locked) return locked;
    return factor ? check({ tx, factor, failures }) : new GenAuthError(404, msg("otpNotBound"));
  });
}

/** Checks a TOTP against the user's bound OTP factor; a TOTP is accepted once at most (RFC 6238 §5.2). */
export function verifyTotp(ctx: MfaContext, user: User, totp: string): Promise<{ verified: true }> {
  return withBoundOtp(ctx, user, async (bound) => {
    const secret = base32Decode(await ctx.secretBox.open(bound.factor.secretCipher!));
    const step = await matchTotp(ctx.ports, secret, totp, ctx.now());
    if (step === undefined) {
      await countFailure(ctx, user, bound);
      return new GenAuthError(400, msg("totpIncorrect"), API_CODES.totpIncorrect);
    }
    // A replay of an accepted TOTP is refused but not counted as a guess: a client that sends the
    // same code twice must not lock its user out. A factor with no step recorded (bound before steps
    // were) has had none accepted.
    if (step <= (bound.factor.lastTotpStep ?? -Infinity)) return new GenAuthError(400, msg("totpReplayed"), API_CODES.totpIncorrect);
    await bound.tx.updateFactor(bound.factor.factorId, { lastTotpStep: step });
    await countSuccess(ctx, user, bound);
    return { verified: true as const };
  });
}

/** Spends the OTP recovery code once, and returns the code that replaces it. */
export function recoverWithCode(ctx: MfaContext, user: User, recoveryCode: string): Promise<{ recoveryCode: string }> {
  return withBoundOtp(ctx, user, async (bound) => {
    if (!bound.factor.recoveryHash || !digestsEqual(ctx.ports, await sha256(ctx.ports, recoveryCode), bound.factor.recoveryHash)) {
      await countFailure(ctx, user, bound);
      return new GenAuthError(400, msg("recoveryCodeIncorrect"), API_CODES.recoveryCodeIncorrect);
    }
    const next = generateRecoveryCode(ctx.ports);
    await bound.tx.updateFactor(bound.factor.factorId, { recoveryHash: await sha256(ctx.ports, next) });
    await countSuccess(ctx, user, bound);
    return { recoveryCode: next };
  });
}
