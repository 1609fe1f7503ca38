import { GenAuthError } from "../contract/envelope.ts";
import { FACTOR_TYPES } from "../contract/factor-types.ts";
import type { FactorRecord, FactorType } from "../store/store.ts";
import { atomically, type MfaContext, type User } from "./mfa-context.ts";
import { stepUpProblem } from "./step-up.ts";
import { msg } from "../messages/catalogue.ts";

/** A bound factor as the API shows it: never a secret, never a recovery hash. */
export interface FactorView {
  factorId: string;
  factorType: FactorType;
  profile: Record<string, string>;
}

/**
 * Factors bound before the SMS profile took GenAuth's `{ phoneNumber, phoneCountryCode }` shape kept
 * both in one masked string, `+86 188****5678`; they are shown in the new shape. Only SMS profiles
 * have a phone number, and a number in the new shape never starts with a calling code.
 */
function profileOf({ profile }: FactorRecord): Record<string, string> {
  const legacy = /^(\+\d{1,4}) (.+)$/.exec(profile.phoneNumber ?? "");
  return legacy ? Object.assign({}, profile, { phoneNumber: legacy[2]!, phoneCountryCode: legacy[1]! }) : profile;
}

const view = (record: FactorRecord): FactorView => ({
  factorId: record.factorId,
  factorType: record.factorType,
  profile: profileOf(record),
});

// The same answer for "no such factor" and "someone else's factor", so that ids cannot be probed.
const notFound = () => new GenAuthError(404, msg("factorNotFound"));

/** The factor types the application enables and the user has not bound. */
export async function listFactorsToEnroll(ctx: MfaContext, user: User): Promise<Array<{ factorType: FactorType }>> {
  const bound = new Set((await ctx.store.listFactors(user.id)).map((f) => f.factorType));
  return FACTOR_TYPES.filter((t) => ctx.enabledFactors.has(t) && !bound.has(t)).map((factorType) => ({ factorType }));
}

/** The user's bound factors. */
export async function listEnrolledFactors(ctx: MfaContext, user: User): Promise<FactorView[]> {
  return (await ctx.store.listFactors(user.id)).map(view);
}

/** One of the user's factors, or 404. */
export async function getFactor(ctx: MfaContext, user: User, factorId: string): Promise<FactorView> {
  const factor = await ctx.store.findFactor(user.id, factorId);
  if (!factor) throw notFound();
  return view(factor);
}

/**
 * Unbinds one of the user's factors; its secret and recovery hash go with the row. While an OTP
 * factor is bound this needs a recent step-up (see step-up.ts), checked in the same transaction.
 */
export async function resetFactor(ctx: MfaContext, user: User, factorId: string): Promise<void> {
  await atomically(ctx.store, async (tx) => {
    if (!(await tx.findFactor(user.id, factorId))) return notFound();
    const problem = await stepUpProblem(ctx, tx, user);
    if (problem) return problem;
    await tx.deleteFactor(user.id, factorId);
    return undefined;
  });
}
