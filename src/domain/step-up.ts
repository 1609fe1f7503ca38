import { API_CODES } from "../../generated/api-codes.ts";
import { GenAuthError } from "../contract/envelope.ts";
import type { MfaStoreOps } from "../store/store.ts";
import type { MfaContext, User } from "./mfa-context.ts";
import { lockoutProblem } from "./otp-lockout.ts";
import { msg } from "../messages/catalogue.ts";

/**
 * Records that the user just proved their bound OTP factor (a TOTP, the recovery code, or binding
 * it) in this session. The step-up is the session's, not the user's: another access token of the
 * same user, a stolen one say, must not be given a fresh step-up each time the real user checks a
 * TOTP. What names a session is decided where the token is read (token-session.ts names it).
 */
export function recordStepUp(ctx: MfaContext, tx: MfaStoreOps, user: User): Promise<void> {
  return tx.setStepUpAt(user.id, user.session, ctx.now());
}

/**
 * Why a change to the user's factors (starting to add one, finishing adding one, or unbinding one)
 * must wait, if it must. A stolen access token alone must not replace or add to the factors of a
 * user who has an authenticator app: while an OTP factor is bound, the change needs a step-up in
 * the same session within STEP_UP_SECONDS, and none is allowed during a lock-out. A user with only
 * SMS or EMAIL bound has no step-up operation in this API, so for them the token alone still
 * suffices. Called inside a store transaction, which the OTP factor's row (read first) holds
 * against the user's concurrent checks. A caller that has already read (and so locked) the user's
 * factors passes `otpBound`, saving a round trip; the lock-out and the step-up are one read.
 */
export async function stepUpProblem(ctx: MfaContext, tx: MfaStoreOps, user: User, otpBound?: boolean): Promise<GenAuthError | undefined> {
  if (!(otpBound ?? (await tx.findFactorByType(user.id, "OTP")))) return undefined;
  const { failures, stepUpAt } = await tx.otpGuard(user.id, user.session);
  const locked = lockoutProblem(ctx, failures);
  if (locked) return locked;
  if (ctx.stepUpMs === 0) return undefined;
  // A session that never stepped up did so infinitely long ago.
  if (ctx.now() - (stepUpAt ?? -Infinity) <= ctx.stepUpMs) return undefined;
  return new GenAuthError(403, msg("stepUpRequired", { seconds: ctx.stepUpMs / 1000 }), API_CODES.stepUpRequired);
}
