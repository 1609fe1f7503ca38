import { API_CODES } from "../../generated/api-codes.ts";
import { GenAuthError } from "../contract/envelope.ts";
import type { EnrollmentRecord, FactorType } from "../store/store.ts";
import { base32Decode } from "./base32.ts";
import { toHex } from "./bytes.ts";
import { digestsEqual, hmacSha256, sha256 } from "./digests.ts";
import { ENROLLMENT_TOKEN_TTL_MS, MAX_CODE_ATTEMPTS } from "./enrollment-token.ts";
import { atomically, type MfaContext, type User } from "./mfa-context.ts";
import { enrollProblem } from "./start-enrollment.ts";
import { recordStepUp, stepUpProblem } from "./step-up.ts";
import { matchTotp } from "./totp.ts";
import { msg } from "../messages/catalogue.ts";

/** What `enrollFactor` sends, as the contract validated it. */
export interface CompleteEnrollmentRequest {
  factorType: FactorType;
  enrollmentToken: string;
  enrollmentData: { passCode?: string; photo?: string; isExternalPhoto?: boolean };
}

/** Why a token cannot be used, checked in this order; each is a distinct, documented envelope. */
function tokenProblem(ctx: MfaContext, user: User, request: CompleteEnrollmentRequest, record: EnrollmentRecord | undefined) {
  if (!record) return new GenAuthError(422, msg("enrollmentTokenUnknown"), API_CODES.enrollmentTokenUnknown);
  if (record.userId !== user.id) return new GenAuthError(403, msg("enrollmentTokenOfAnotherUser"), API_CODES.enrollmentTokenOfAnotherUser);
  if (record.factorType !== request.factorType) {
    return new GenAuthError(
      422,
      msg("enrollmentTokenOtherFactorType", { issued: record.factorType, requested: request.factorType }),
      API_CODES.enrollmentTokenOtherFactorType,
    );
  }
  if (record.consumedAt !== undefined) return new GenAuthError(422, msg("enrollmentTokenUsed"), API_CODES.enrollmentTokenUsed);
  if (record.revokedAt !== undefined) {
    return new GenAuthError(422, msg("enrollmentTokenRevoked", { attempts: MAX_CODE_ATTEMPTS }), API_CODES.enrollmentTokenRevoked);
  }
  if (ctx.now() >= record.expiresAt) {
    return new GenAuthError(
      422,
      msg("enrollmentTokenExpired", { seconds: ENROLLMENT_TOKEN_TTL_MS / 1000 }),
      API_CODES.enrollmentTokenExpired,
    );
  }
  return undefined;
}

/** Checks the proof; returns the accepted TOTP step for OTP, true for a right code, false for a wrong one. */
async function checkProof(ctx: MfaContext, record: EnrollmentRecord, request: CompleteEnrollmentRequest): Promise<number | boolean> {
  const passCode = request.enrollmentData.passCode ?? "";
  switch (record.factorType) {
    case "OTP":
      return (await matchTotp(ctx.ports, base32Decode(await ctx.secretBox.open(record.secretCipher!)), passCode, ctx.now())) ?? false;
    case "FACE":
      return true;
    default:
      // SMS and EMAIL: the delivered code, whose keyed digest the enrollment holds.
      return digestsEqual(ctx.ports, await hmacSha256(ctx.ports, ctx.codeKey, passCode), record.codeHash!);
  }
}

/**
 * Binds the factor an enrollment token stands for. The whole check-and-bind runs in one store
 * transaction that holds the token's row, so of any number of concurrent calls with one token
 * exactly one binds the factor; two tokens for one factor type meet the store's unique constraint.
 * The step-up and the lock-out are checked again here, not only when the enrollment started: a
 * token started inside the step-up window must not finish after it closed, nor during a lock-out
 * that wrong TOTPs began in the token's minute.
 */
export async function completeEnrollment(ctx: MfaContext, user: User, request: CompleteEnrollmentRequest): Promise<void> {
  const tokenHash = await sha256(ctx.ports, request.enrollmentToken);
  await atomically(ctx.store, async (tx) => {
    const record = await tx.findEnrollment(tokenHash);
    const problem = tokenProblem(ctx, user, request, record);
    if (problem) return problem;
    // One read of the user's factors (locked until the transaction ends, as a TOTP check locks the
    // OTP factor) answers whether a step-up is needed and whether the type is bound already. The
    // step-up is judged before the code, so a refused finish spends none of the token's attempts.
    const factors = await tx.listFactors(user.id);
    const guard = await stepUpProblem(
      ctx,
      tx,
      user,
      factors.some((f) => f.factorType === "OTP"),
    );
    if (guard) return guard;
    const proof = await checkProof(ctx, record!, request);
    if (proof === false) {
      const failedAttempts = record!.failedAttempts + 1;
      const left = MAX_CODE_ATTEMPTS - failedAttempts;
      await tx.updateEnrollment(tokenHash, left > 0 ? { failedAttempts } : { failedAttempts, revokedAt: ctx.now() });
      const tail = left > 0 ? msg("attemptsLeft", { count: left }) : msg("enrollmentTokenNowRevoked");
      return record!.factorType === "OTP"
        ? new GenAuthError(400, msg("enrollTotpIncorrect", { tail }), API_CODES.totpIncorrect)
        : new GenAuthError(400, msg("passCodeIncorrect", { tail }), API_CODES.passCodeIncorrect);
    }
    const bound = enrollProblem(ctx, user, factors, record!.factorType);
    if (bound) return bound;
    const profile = record!.factorType === "FACE" ? { photo: request.enrollmentData.photo! } : record!.profile;
    await tx.insertFactor({
      factorId: toHex(ctx.ports.randomBytes(12)),
      userId: user.id,
      factorType: record!.factorType,
      profile,
      secretCipher: record!.secretCipher,
      recoveryHash: record!.recoveryHash,
      lastTotpStep: typeof proof === "number" ? proof : undefined,
      createdAt: ctx.now(),
    });
    await tx.updateEnrollment(tokenHash, { consumedAt: ctx.now() });
    // Binding an authenticator app proves it as well as a TOTP check does.
    if (record!.factorType === "OTP") await recordStepUp(ctx, tx, user);
    return undefined;
  });
}
