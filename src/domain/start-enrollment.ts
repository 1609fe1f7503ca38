import { API_CODES } from "../../generated/api-codes.ts";
import { GenAuthError } from "../contract/envelope.ts";
import type { EnrollmentRecord, FactorRecord, FactorType, MfaStoreOps } from "../store/store.ts";
import { codeSubject, codeText, DeliveryError, type MessageTransport } from "../transports/transport.ts";
import { hmacSha256, sha256 } from "./digests.ts";
import { normaliseEmail } from "./email-address.ts";
import { ENROLLMENT_TOKEN_TTL_MS, mintEnrollmentToken } from "./enrollment-token.ts";
import { atomically, type EventLog, type MfaContext, type User } from "./mfa-context.ts";
import { otpauthUri } from "./otpauth-uri.ts";
import { normalisePhone } from "./phone-number.ts";
import { qrCodeDataUrl } from "./qr-code.ts";
import { SEND_INTERVAL_MS } from "./send-limits.ts";
import { giveBackSendSlot, takeSendSlot, type Channel } from "./send-slots.ts";
import { assertSmsRegionAllowed } from "./sms-regions.ts";
import { takeStartSlot } from "./start-limits.ts";
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

/**
 * Unused enrollments kept per user (waiting, revoked or expired until pruned); a new one replaces the
 * oldest beyond this.
 */
export const MAX_PENDING_ENROLLMENTS = 10;

type Draft = Omit<EnrollmentRecord, "tokenHash" | "userId" | "factorType" | "createdAt" | "expiresAt" | "failedAttempts">;

/**
 * Why a factor type cannot be bound now, if it cannot: disabled, one the user has already bound, or
 * a face for a user with no phone number or email address bound. GenAuth counts the account's phone
 * and address as bound factors (implicit SMS and EMAIL ones), so either the token's claims or an SMS
 * or EMAIL factor bound here will do.
 */
export function enrollProblem(
  ctx: MfaContext,
  user: User,
  factors: readonly FactorRecord[],
  factorType: FactorType,
): GenAuthError | undefined {
  if (!ctx.enabledFactors.has(factorType)) return new GenAuthError(403, msg("factorDisabled", { factorType }));
  if (factors.some((f) => f.factorType === factorType)) {
    return factorType === "FACE"
      ? new GenAuthError(409, msg("faceAlreadyBound"), API_CODES.faceAlreadyBound)
      : new GenAuthError(409, msg("factorAlreadyBound", { factorType }));
  }
  const reachable = user.hasPhoneOrEmail || factors.some((f) => f.factorType === "SMS" || f.factorType === "EMAIL");
  if (factorType === "FACE" && !reachable) return new GenAuthError(403, msg("faceNeedsPhoneOrEmail"), API_CODES.faceNeedsPhoneOrEmail);
  return undefined;
}

/**
 * The checks before anything is sent or minted, in the caller's transaction: the factor type is
 * enabled and not yet bound (a face, for a user with a phone or address), and the step-up holds.
 * One read of the user's factors (locked until the transaction ends) answers all of them. A face
 * is checked here as well as when it is bound, so that a user who cannot bind one is told before
 * spending a start.
 */
async function startProblem(ctx: MfaContext, tx: MfaStoreOps, user: User, factorType: FactorType): Promise<GenAuthError | undefined> {
  const factors = await tx.listFactors(user.id);
  return (
    enrollProblem(ctx, user, factors, factorType) ??
    (await stepUpProblem(
      ctx,
      tx,
      user,
      factors.some((f) => f.factorType === "OTP"),
    ))
  );
}

/**
 * Sends a code to a destination under its rate limits. The slot is taken before the send, so
 * concurrent requests cannot both pass. It is handed back only when the gateway certainly did not
 * send the code (refused connection, unknown host, a "not sent" answer): after a timeout or a 5xx
 * the code may still arrive, and a slot handed back then would let a slow gateway be made to text
 * one number again and again.
 */
async function sendCode(
  ctx: MfaContext,
  user: User,
  transport: MessageTransport,
  channel: Channel,
  to: string,
  limitKey: string,
  language: Language,
): Promise<string> {
  // The step-up, the already-bound check and the slot share one transaction: one commit, and no
  // factor can be bound between the check and the send.
  const slot = await atomically(
    ctx.store,
    async (tx) =>
      (await startProblem(ctx, tx, user, channel === "sms" ? "SMS" : "EMAIL")) ??
      takeSendSlot(ctx, tx, user, channel, `${channel}:${limitKey}`),
  );
  const code = generateVerificationCode(ctx.ports, ctx.codeLength);
  try {
    await transport.deliver({
      channel,
      to,
      code,
      text: codeText(code, ENROLLMENT_TOKEN_TTL_MS / 1000, language),
      subject: codeSubject(language),
    });
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

async function draftFor(
  ctx: MfaContext,
  user: User,
  request: StartEnrollmentRequest,
  language: Language,
  log: EventLog | undefined,
): Promise<{ draft: Draft; otpData?: StartedEnrollment["otpData"] }> {
  const profile = request.profile ?? {};
  switch (request.factorType) {
    case "SMS": {
      const phone = normalisePhone(profile.phoneNumber!, profile.phoneCountryCode);
      assertSmsRegionAllowed(phone, { allowedCountries: ctx.smsAllowedCountries, allowFixedLine: ctx.smsAllowFixedLine }, log);
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
      const draft = {
        profile: { issuer: label.issuer, accountName: label.account },
        secretCipher: await ctx.secretBox.seal(secret),
        recoveryHash: await sha256(ctx.ports, recoveryCode),
      };
      return { draft, otpData: { qrCodeUri, qrCodeDataUrl: await qrCodeDataUrl(ctx.ports, qrCodeUri), recoveryCode } };
    }
    case "FACE":
      return { draft: { profile: {} } };
  }
}

/**
 * Starts binding a factor: checks, delivers the code or builds the OTP secret, and mints the token.
 * `language` is the one the request asked for: the code's text message is written in it. `log`
 * hears of what only an operator needs to know (a number of unknown type).
 */
export async function startEnrollment(
  ctx: MfaContext,
  user: User,
  request: StartEnrollmentRequest,
  language: Language = DEFAULT_LANGUAGE,
  log?: EventLog,
): Promise<StartedEnrollment> {
  // SMS and EMAIL check inside their send's transaction. OTP and FACE have no send to join: their
  // own transaction checks and counts the start, before a secret is drawn or a QR code rendered, so
  // that a refused start costs one transaction and no CPU.
  const { factorType } = request;
  if (factorType === "OTP" || factorType === "FACE") {
    await atomically(ctx.store, async (tx) => (await startProblem(ctx, tx, user, factorType)) ?? takeStartSlot(ctx, tx, user, factorType));
  }
  const { draft, otpData } = await draftFor(ctx, user, request, language, log);
  const enrollmentToken = mintEnrollmentToken(ctx.ports);
  const createdAt = ctx.now();
  // One user could otherwise fill the store with enrollments (2,000 in four seconds, or 2,209 revoked
  // ones in 30 when revoked ones were not counted): the newest unused ones are kept, whether waiting,
  // revoked or expired, and the oldest makes way, in the insert's own statement.
  await ctx.store.insertEnrollment(
    {
      ...draft,
      tokenHash: await sha256(ctx.ports, enrollmentToken),
      userId: user.id,
      factorType: request.factorType,
      createdAt,
      expiresAt: createdAt + ENROLLMENT_TOKEN_TTL_MS,
      failedAttempts: 0,
    },
    MAX_PENDING_ENROLLMENTS,
  );
  return otpData ? { enrollmentToken, otpData } : { enrollmentToken };
}
