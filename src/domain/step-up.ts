import { API_CODES } from "../../generated/api-codes.ts";
import { GenAuthError } from "../contract/envelope.ts";
import type { MfaStoreOps } from "../store/store.ts";
import { secondsUntil, type MfaContext, type User } from "./mfa-context.ts";
import { msg } from "../messages/catalogue.ts";

/** Records that the user just proved their bound OTP factor: a TOTP, the recovery code, or binding it. */
export function recordStepUp(ctx: MfaContext, tx: MfaStoreOps, user: User): Promise<void> {
  return tx.setStepUpAt(user.id, ctx.now());
}

/** The failure to return while the user is locked out of OTP checks, if they are. */
export async function lockedOut(ctx: MfaContext, tx: MfaStoreOps, user: User): Promise<GenAuthError | undefined> {
  const until = (await tx.otpFailures(user.id))?.lockedUntil;
  if (until === undefined || ctx.now() >= until) return undefined;
  return new GenAuthError(429, msg("tooManyIncorrectCodes", { seconds: secondsUntil(until, ctx.now()) }));
}

/**
 * Why a change to the user's factors (adding one, or unbinding one) must wait, if it must. A stolen
 * access token alone must not replace or add to the factors of a user who has an authenticator
 * app: while an OTP factor is bound, the change needs a step-up within STEP_UP_SECONDS, and none is
 * allowed during a lock-out. A user with only SMS or EMAIL bound has no step-up operation in this
 * API, so for them the token alone still suffices. Called inside a store transaction, which the
 * OTP factor's row (read first) holds against the user's concurrent checks. A caller that has
 * already read (and so locked) the user's factors passes `otpBound`, saving a round trip.
 */
export async function stepUpProblem(ctx: MfaContext, tx: MfaStoreOps, user: User, otpBound?: boolean): Promise<GenAuthError | undefined> {
  if (!(otpBound ?? (await tx.findFactorByType(user.id, "OTP")))) return undefined;
  const locked = await lockedOut(ctx, tx, user);
  if (locked) return locked;
  if (ctx.stepUpMs === 0) return undefined;
  const at = await tx.stepUpAt(user.id);
  if (at !== undefined && ctx.now() - at <= ctx.stepUpMs) return undefined;
  return new GenAuthError(403, msg("stepUpRequired", { seconds: ctx.stepUpMs / 1000 }), API_CODES.stepUpRequired);
}
