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
import { askerOf, giveBackSendSlot, sendAsk, slotOf, type Channel, type TakenSlot } from "./send-slots.ts";
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

/** The refusal of a factor type the deployment has not enabled, if it has not. */
const disabledProblem = (ctx: MfaContext, factorType: FactorType): GenAuthError | undefined =>
  ctx.enabledFactors.has(factorType) ? undefined : new GenAuthError(403, msg("factorDisabled", { factorType }));

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
  const disabled = disabledProblem(ctx, factorType);
  if (disabled) return disabled;
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
 * Why the user cannot start binding `factorType` now, given their factors (read, and locked until
 * the transaction ends, by the caller): enabled and not yet bound (a face, for a user with a phone
 * or address), and the step-up holds. A face is checked here as well as when it is bound, so that a
 * user who cannot bind one is told before spending a start.
 */
async function startProblem(
  ctx: MfaContext,
  tx: MfaStoreOps,
  user: User,
  factors: readonly FactorRecord[],
  factorType: FactorType,
): Promise<GenAuthError | undefined> {
  const otpBound = factors.some((f) => f.factorType === "OTP");
  return enrollProblem(ctx, user, factors, factorType) ?? (await stepUpProblem(ctx, tx, user, otpBound));
}

/**
 * The checks, the slot and the enrollment of a send, in one transaction. One store call reads the
 * user's factors (locked until the transaction ends) and, unless the type is already bound or an
 * authenticator app is, takes the send and writes the enrollment: one statement on PostgreSQL. So a
 * send that its factors refuse takes nothing, not even until a rollback. A user with an
 * authenticator app has their step-up checked first, then asks again with nothing to hold it back.
 * A refused slot is thrown, which rolls back whatever was written. The send is asked for inside the
 * transaction, so that work run again after a conflict asks at its own time.
 */
async function takeSendAndEnroll(
  ctx: MfaContext,
  tx: MfaStoreOps,
  user: User,
  where: { channel: Channel; destinationKey: string; asker: string },
  enrollment: EnrollmentRecord,
): Promise<TakenSlot> {
  const ask = sendAsk(ctx, user, where.channel, where.destinationKey, where.asker);
  const start = { at: ask.at, rings: ask.rings, budget: ask.budget, enrollment, keepPending: MAX_PENDING_ENROLLMENTS };
  const { factors, take } = await tx.startSend({ unlessBound: [enrollment.factorType, "OTP"], ...start });
  const problem = await startProblem(ctx, tx, user, factors, enrollment.factorType);
  if (problem) throw problem;
  // Held back only for the step-up, which holds: nothing holds the second ask back, so it takes.
  const slot = slotOf(ask, take ?? (await tx.startSend({ unlessBound: [], ...start })).take!);
  if (slot instanceof GenAuthError) throw slot;
  return slot;
}

/** Where a code goes: its channel's gateway, the address, the key its limits count under, and the profile its enrollment shows. */
interface Destination {
  channel: Channel;
  transport: MessageTransport;
  to: string;
  limitKey: string;
  profile: Draft["profile"];
}

/** The destination of an SMS or email start, its number or address normalised and, for SMS, its region and type allowed. */
function destinationOf(ctx: MfaContext, request: StartEnrollmentRequest, log: EventLog | undefined): Destination {
  const profile = request.profile ?? {};
  if (request.factorType === "SMS") {
    const phone = normalisePhone(profile.phoneNumber!, profile.phoneCountryCode);
    assertSmsRegionAllowed(phone, { allowedCountries: ctx.smsAllowedCountries, allowFixedLine: ctx.smsAllowFixedLine }, log);
    const masked = { phoneNumber: phone.masked, phoneCountryCode: phone.phoneCountryCode };
    return { channel: "sms", transport: ctx.transports.sms, to: phone.e164, limitKey: phone.e164, profile: masked };
  }
  const email = normaliseEmail(profile.email!);
  return {
    channel: "email",
    transport: ctx.transports.email,
    to: email.address,
    limitKey: email.limitKey,
    profile: { email: email.masked },
  };
}

/**
 * Sends a code to a destination under its rate limits, writing the enrollment `enrollment` makes
 * of the code's hash. The slot is taken, and the enrollment written, before the send, so that
 * concurrent requests cannot both pass. The enrollment's token is handed out only once the code
 * is sent: should the send fail, the enrollment is revoked. The slot is handed back only when the
 * gateway certainly did not send the code (refused connection, unknown host, a "not sent" answer):
 * after a timeout or a 5xx the code may still arrive, and a slot handed back then would let a slow
 * gateway be made to text one number again and again.
 */
async function sendCode(
  ctx: MfaContext,
  user: User,
  { channel, transport, to, limitKey, profile }: Destination,
  language: Language,
  enrollment: (draft: Draft) => Promise<EnrollmentRecord>,
  log: EventLog | undefined,
): Promise<void> {
  // A disabled type is refused before anything is made; the factors are checked in the transaction.
  const disabled = disabledProblem(ctx, channel === "sms" ? "SMS" : "EMAIL");
  if (disabled) throw disabled;
  const code = generateVerificationCode(ctx.ports, ctx.codeLength);
  const codeHash = await hmacSha256(ctx.ports, ctx.codeKey, code);
  const [record, asker] = await Promise.all([enrollment({ profile, codeHash }), askerOf(ctx, user)]);
  const where = { channel, destinationKey: `${channel}:${limitKey}`, asker };
  const slot = await ctx.store.transaction((tx) => takeSendAndEnroll(ctx, tx, user, where, record));
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
    await revokeUndelivered(ctx, record, notSent ? slot : undefined, log);
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
}

/**
 * Revokes the enrollment of a code that did not go out, and hands its slot back if it certainly did
 * not. Its token was never handed over, so a store that fails here leaves nothing anyone can use:
 * the failure is logged for the operator, and the answer still names the delivery's.
 */
async function revokeUndelivered(ctx: MfaContext, record: EnrollmentRecord, slot: TakenSlot | undefined, log: EventLog | undefined) {
  try {
    await ctx.store.transaction(async (tx) => {
      await tx.updateEnrollment(record.tokenHash, { revokedAt: ctx.now() });
      if (slot) await giveBackSendSlot(tx, slot);
    });
  } catch (storeError) {
    log?.warn({ err: storeError }, "the enrollment of an undelivered code could not be revoked");
  }
}

/** What an OTP or FACE enrollment holds before it is written, and for OTP what the authenticator app needs. */
async function draftFor(
  ctx: MfaContext,
  user: User,
  factorType: "OTP" | "FACE",
): Promise<{ draft: Draft; otpData?: StartedEnrollment["otpData"] }> {
  if (factorType === "FACE") return { draft: { profile: {} } };
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
  const { factorType } = request;
  const enrollmentToken = mintEnrollmentToken(ctx.ports);
  // The record an enrollment is written as. Each write of one keeps the user's MAX_PENDING_ENROLLMENTS
  // newest unused ones, whether waiting, revoked or expired, the oldest making way in the insert's
  // own statement: one user could otherwise fill the store (2,000 in four seconds, or 2,209 revoked
  // ones in 30 when revoked ones were not counted).
  const enrollment = async (draft: Draft): Promise<EnrollmentRecord> => {
    const createdAt = ctx.now();
    const tokenHash = await sha256(ctx.ports, enrollmentToken);
    return {
      tokenHash,
      userId: user.id,
      factorType,
      createdAt,
      expiresAt: createdAt + ENROLLMENT_TOKEN_TTL_MS,
      failedAttempts: 0,
      ...draft,
    };
  };
  // SMS and EMAIL check, count and write in their send's transaction. OTP and FACE have no send to
  // join: their own transaction checks and counts the start, before a secret is drawn or a QR code
  // rendered, so that a refused start costs one transaction and no CPU.
  if (factorType === "SMS" || factorType === "EMAIL") {
    await sendCode(ctx, user, destinationOf(ctx, request, log), language, enrollment, log);
    return { enrollmentToken };
  }
  await atomically(
    ctx.store,
    async (tx) =>
      (await startProblem(ctx, tx, user, await tx.listFactors(user.id), factorType)) ?? takeStartSlot(ctx, tx, user, factorType),
  );
  const { draft, otpData } = await draftFor(ctx, user, factorType);
  await ctx.store.insertEnrollment(await enrollment(draft), MAX_PENDING_ENROLLMENTS);
  return otpData ? { enrollmentToken, otpData } : { enrollmentToken };
}
