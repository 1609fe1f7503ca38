import { completeEnrollment, type CompleteEnrollmentRequest } from "../../domain/complete-enrollment.ts";
import { getFactor, listEnrolledFactors, listFactorsToEnroll, resetFactor } from "../../domain/factors.ts";
import type { EventLog, MfaContext, User } from "../../domain/mfa-context.ts";
import type { Language } from "../../messages/catalogue.ts";
import { recoverWithCode, verifyTotp } from "../../domain/otp-verification.ts";
import { startEnrollment, type StartEnrollmentRequest } from "../../domain/start-enrollment.ts";

/** A validated request, as a handler sees it. */
export interface HandlerInput {
  body: unknown;
  query: Record<string, string>;
  /** The language the request asked for (x-genauth-lang, x-authing-lang). */
  language: Language;
  /** The request's logger, for what an operator should see (a number of unknown type). */
  log?: EventLog;
}

/** Returns the success `data`, or undefined for operations whose success carries none. */
export type Handler = (ctx: MfaContext, user: User, input: HandlerInput) => unknown;

// One thin handler per operationId: the contract has validated the input, the domain does the work.
/** The implementation of every operation in openapi.yaml, keyed by operationId. */
export const handlers: Record<string, Handler> = {
  sendEnrollFactorRequest: (ctx, user, { body, language, log }) =>
    startEnrollment(ctx, user, body as StartEnrollmentRequest, language, log),
  enrollFactor: (ctx, user, { body }) => completeEnrollment(ctx, user, body as CompleteEnrollmentRequest),
  listFactorsToEnroll: (ctx, user) => listFactorsToEnroll(ctx, user),
  listEnrolledFactors: (ctx, user) => listEnrolledFactors(ctx, user),
  getFactor: (ctx, user, { query }) => getFactor(ctx, user, query.factorId!),
  resetFactor: (ctx, user, { body }) => resetFactor(ctx, user, (body as { factorId: string }).factorId),
  mfaOtpVerify: (ctx, user, { body }) => verifyTotp(ctx, user, (body as { totp: string }).totp),
  mfaOtpRecover: (ctx, user, { body }) => recoverWithCode(ctx, user, (body as { recoveryCode: string }).recoveryCode),
};
