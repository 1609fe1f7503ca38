import { GenAuthError } from "../contract/envelope.ts";
import { secondsUntil, type MfaContext, type User } from "./mfa-context.ts";
import { msg } from "../messages/catalogue.ts";

/** The apiCode of a factor change refused for want of a recent step-up: this contract's own. */
export const STEP_UP_REQUIRED = 6120;

/** Records that the user just proved their bound OTP factor: a TOTP, the recovery code, or binding it. */
export function recordStepUp(ctx: MfaContext, user: User): void {
  ctx.store.setStepUpAt(user.id, ctx.now());
}

/** The failure to return while the user is locked out of OTP checks, if they are. */
export function lockedOut(ctx: MfaContext, user: User): GenAuthError | undefined {
  const until = ctx.store.otpFailures(user.id)?.lockedUntil;
  if (until === undefined || ctx.now() >= until) return undefined;
  return new GenAuthError(429, msg("tooManyIncorrectCodes", { seconds: secondsUntil(until, ctx.now()) }));
}

/**
 * Why a change to the user's factors (adding one, or unbinding one) must wait, if it must. A stolen
 * access token alone must not replace or add to the factors of a user who has an authenticator
 * app: while an OTP factor is bound, the change needs a step-up within STEP_UP_SECONDS, and none is
 * allowed during a lock-out. A user with only SMS or EMAIL bound has no step-up operation in this
 * API, so for them the token alone still suffices. Called inside a store transaction.
 */
export function stepUpProblem(ctx: MfaContext, user: User): GenAuthError | undefined {
  if (!ctx.store.findFactorByType(user.id, "OTP")) return undefined;
  const locked = lockedOut(ctx, user);
  if (locked) return locked;
  if (ctx.stepUpMs === 0) return undefined;
  const at = ctx.store.stepUpAt(user.id);
  if (at !== undefined && ctx.now() - at <= ctx.stepUpMs) return undefined;
  return new GenAuthError(403, msg("stepUpRequired", { seconds: ctx.stepUpMs / 1000 }), STEP_UP_REQUIRED);
}
