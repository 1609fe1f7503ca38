import { GenAuthError } from "../contract/envelope.ts";
import type { EnrollmentRecord, FactorRecord, FactorType, MfaStoreOps } from "../store/store.ts";
import { codeSubject, codeText, DeliveryError, type MessageTransport } from "../transports/transport.ts";
import { hmacSha256, sha256 } from "./digests.ts";
import { normaliseEmail } from "./email-address.ts";
import { ENROLLMENT_TOKEN_TTL_MS, mintEnrollmentToken } from "./enrollment-token.ts";
import { atomically, type MfaContext, type User } from "./mfa-context.ts";
import { otpauthUri } from "./otpauth-uri.ts";
import { normalisePhone } from "./phone-number.ts";
import { qrCodeDataUrl } from "./qr-code.ts";
import { giveBackSendSlot, SEND_INTERVAL_MS, takeSendSlot, type Channel } from "./send-slots.ts";
import { assertSmsRegionAllowed } from "./sms-regions.ts";
import { stepUpProblem } from "./step-up.ts";
import { generateRecoveryCode } from "./recovery-code.ts";
import { generateTotpSecret } from "./totp.ts";
import { generateVerificationCode } from "./verification-code.ts";
import { DEFAULT_LANGUAGE, msg, type Language } from "../messages/catalogue.ts";

/** What `sendEnrollFactorRequest` asks for, as the contract validated it. */
export interface StartEnrollmentRequest {
  factorType: FactorType;
  profile?: { phoneNumber?: string; phoneCountryCode?: string; email?: string };
}

/** The enrollment token, and for OTP what the authenticator app needs. */
export interface StartedEnrollment {
  enrollmentToken: string;
  otpData?: { qrCodeUri: string; qrCodeDataUrl: string; recoveryCode: string };
}

/** Pending (unused, unexpired) enrollments kept per user; a new one replaces the oldest beyond this. */
export const MAX_PENDING_ENROLLMENTS = 10;

type Draft = Omit<EnrollmentRecord, "tokenHash" | "userId" | "factorType" | "createdAt" | "expiresAt" | "failedAttempts">;

/** Why a factor type cannot be bound now, if it cannot: disabled, or one the user has already bound. */
function enrollProblem(ctx: MfaContext, factors: readonly FactorRecord[], factorType: FactorType): GenAuthError | undefined {
  if (!ctx.enabledFactors.has(factorType)) return new GenAuthError(403, msg("factorDisabled", { factorType }));
  if (!factors.some((f) => f.factorType === factorType)) return undefined;
  return factorType === "FACE" ? new GenAuthError(409, msg("faceAlreadyBound"), 1706) : new GenAuthError(409, msg("factorAlreadyBound", { factorType }));
}

/** Refuses a disabled factor type, or one the user has already bound. */
export async function assertCanEnroll(ctx: MfaContext, user: User, factorType: FactorType, store: MfaStoreOps = ctx.store): Promise<void> {
  const problem = enrollProblem(ctx, await store.listFactors(user.id), factorType);
  if (problem) throw problem;
}

/**
 * The checks before anything is sent or minted, in the caller's transaction: the factor type is
 * enabled and not yet bound, and the step-up holds. One read of the user's factors (locked until
 * the transaction ends) answers both.
 */
async function startProblem(ctx: MfaContext, tx: MfaStoreOps, user: User, factorType: FactorType): Promise<GenAuthError | undefined> {
  const factors = await tx.listFactors(user.id);
  return enrollProblem(ctx, factors, factorType) ?? (await stepUpProblem(ctx, tx, user, factors.some((f) => f.factorType === "OTP")));
}

/**
 * Sends a code to a destination under its rate limits. The slot is taken before the send, so
 * concurrent requests cannot both pass. It is handed back only when the gateway certainly did not
 * send the code (refused connection, unknown host, a "not sent" answer): after a timeout or a 5xx
 * the code may still arrive, and a slot handed back then would let a slow gateway be made to text
 * one number again and again.
 */
async function sendCode(ctx: MfaContext, user: User, transport: MessageTransport, channel: Channel, to: string, limitKey: string, language: Language): Promise<string> {
  // The step-up, the already-bound check and the slot share one transaction: one commit, and no
  // factor can be bound between the check and the send.
  const slot = await atomically(ctx.store, async (tx) => (await startProblem(ctx, tx, user, channel === "sms" ? "SMS" : "EMAIL")) ?? takeSendSlot(ctx, tx, user, channel, `${channel}:${limitKey}`));
  const code = generateVerificationCode(ctx.ports, ctx.codeLength);
  try {
    await transport.deliver({ channel, to, code, text: codeText(code, ENROLLMENT_TOKEN_TTL_MS / 1000, language), subject: codeSubject(language) });
  } catch (error) {
    const notSent = error instanceof DeliveryError && error.certainlyNotSent;
    if (notSent) await atomically(ctx.store, (tx) => giveBackSendSlot(tx, slot));
    const rejected = error instanceof DeliveryError && error.kind === "rejected";
    const sms = channel === "sms";
    const seconds = SEND_INTERVAL_MS / 1000;
    if (rejected) {
      throw notSent
        ? new GenAuthError(602, msg(sms ? "smsGatewayRefused" : "emailGatewayRefused"))
        : new GenAuthError(602, msg(sms ? "smsGatewayError" : "emailGatewayError", { seconds }));
    }
    throw notSent
      ? new GenAuthError(601, msg(sms ? "smsGatewayUnreachable" : "emailGatewayUnreachable"))
      : new GenAuthError(601, msg(sms ? "smsGatewayUnconfirmed" : "emailGatewayUnconfirmed", { seconds }));
  }
  return hmacSha256(ctx.ports, ctx.codeKey, code);
}

async function draftFor(ctx: MfaContext, user: User, request: StartEnrollmentRequest, language: Language): Promise<{ draft: Draft; otpData?: StartedEnrollment["otpData"] }> {
  const profile = request.profile ?? {};
  switch (request.factorType) {
    case "SMS": {
      const phone = normalisePhone(profile.phoneNumber!, profile.phoneCountryCode);
      assertSmsRegionAllowed(phone, ctx.smsAllowedCountries);
      const codeHash = await sendCode(ctx, user, ctx.transports.sms, "sms", phone.e164, phone.e164, language);
      return { draft: { profile: { phoneNumber: phone.masked, phoneCountryCode: phone.phoneCountryCode }, codeHash } };
    }
    case "EMAIL": {
      const email = normaliseEmail(profile.email!);
      const codeHash = await sendCode(ctx, user, ctx.transports.email, "email", email.address, email.limitKey, language);
      return { draft: { profile: { email: email.masked }, codeHash } };
    }
    case "OTP": {
      const secret = generateTotpSecret(ctx.ports);
      const label = { issuer: ctx.otpIssuer, account: user.label };
      const qrCodeUri = otpauthUri(label, secret);
      const recoveryCode = generateRecoveryCode(ctx.ports);
      const draft = { profile: { issuer: label.issuer, accountName: label.account }, secretCipher: await ctx.secretBox.seal(secret), recoveryHash: await sha256(ctx.ports, recoveryCode) };
      return { draft, otpData: { qrCodeUri, qrCodeDataUrl: await qrCodeDataUrl(ctx.ports, qrCodeUri), recoveryCode } };
    }
    case "FACE":
      return { draft: { profile: {} } };
  }
}

/**
 * Starts binding a factor: checks, delivers the code or builds the OTP secret, and mints the token.
 * `language` is the one the request asked for: the code's text message is written in it.
 */
export async function startEnrollment(
  ctx: MfaContext,
  user: User,
  request: StartEnrollmentRequest,
  language: Language = DEFAULT_LANGUAGE,
): Promise<StartedEnrollment> {
  // SMS and EMAIL check inside their send's transaction; OTP and FACE have no send to join.
  if (request.factorType === "OTP" || request.factorType === "FACE") await atomically(ctx.store, (tx) => startProblem(ctx, tx, user, request.factorType));
  const { draft, otpData } = await draftFor(ctx, user, request, language);
  const enrollmentToken = mintEnrollmentToken(ctx.ports);
  const createdAt = ctx.now();
  // One user could otherwise fill the store with pending enrollments (2,000 in four seconds): the
  // newest ones are kept, and the oldest pending one makes way, in the insert's own statement.
  await ctx.store.insertEnrollment(
    { ...draft, tokenHash: await sha256(ctx.ports, enrollmentToken), userId: user.id, factorType: request.factorType, createdAt, expiresAt: createdAt + ENROLLMENT_TOKEN_TTL_MS, failedAttempts: 0 },
    MAX_PENDING_ENROLLMENTS,
  );
  return otpData ? { enrollmentToken, otpData } : { enrollmentToken };
}
