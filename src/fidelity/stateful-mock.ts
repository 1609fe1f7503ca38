import { GenAuthError } from "../contract/envelope.ts";
import type { Operation } from "../contract/operations.ts";
import { FACTOR_TYPES } from "../contract/factor-types.ts";
import type { MfaContext, User } from "../domain/mfa-context.ts";
import { DEFAULT_STEP_UP_SECONDS, DEFAULT_TOTP_LOCKOUT_SECONDS, DEFAULT_USER_POOL_NAME } from "../domain/mfa-defaults.ts";
import type { DomainPorts } from "../domain/ports.ts";
import type { SecretBox } from "../domain/secret-box.ts";
import {
  DEFAULT_SEND_LIMITS,
  DEFAULT_START_LIMITS,
  MAX_USER_SEND_LIMIT,
  MAX_USER_START_LIMIT,
  type SendLimits,
  type StartLimits,
} from "../domain/send-limits.ts";
import { sessionOf, vouchesPhoneOrEmail, type TokenClaims } from "../domain/token-session.ts";
import { DEFAULT_CODE_LENGTH } from "../domain/verification-code.ts";
import { msg } from "../messages/catalogue.ts";
import { handlers, type HandlerInput } from "../server/routes/handlers.ts";
import { openMemoryStore } from "../store/memory-store.ts";
import { createOutboxTransport, outboxRecipient, type OutboxMessage } from "../transports/outbox.ts";

/** The stateful mock's settings: each is the reference server's variable of the same meaning, with its default. */
export interface StatefulMockOptions {
  /** SEND_LIMIT_USER_HOUR, SEND_LIMIT_USER_DAY and SEND_LIMIT_GLOBAL_MINUTE: 5, 10 and 100. */
  sendLimits?: Partial<SendLimits> | undefined;
  /** START_LIMIT_USER_HOUR and START_LIMIT_USER_DAY: OTP and FACE starts per user and type; 100 and 100 (0 turns a cap off). */
  startLimits?: Partial<StartLimits> | undefined;
  /** VERIFY_CODE_LENGTH: the digits in an SMS or email code, 4 to 8; 6. */
  verifyCodeLength?: number | undefined;
  /** STEP_UP_SECONDS: how long a TOTP lets a user with an authenticator app change factors; 300, 0 for no step-up. */
  stepUpSeconds?: number | undefined;
  /** TOTP_LOCKOUT_SECONDS: how long TOTP checks are refused after 10 wrong ones; 900. */
  totpLockoutSeconds?: number | undefined;
  /** The clock, in milliseconds since the epoch; `Date.now` unless a test moves its own. */
  now?: (() => number) | undefined;
  /** Where a line for each code "sent" goes, as the server prints it; nowhere by default. */
  print?: ((line: string) => void) | undefined;
}

/** What the runtime lends the domain: the ports and an AES-GCM box (the server's or a browser's). */
export interface StatefulRuntime {
  ports: DomainPorts;
  secretBox(key: Uint8Array): SecretBox;
}

/** The reference server's domain, in memory, answering per access token. */
export interface StatefulMock {
  /** Runs an operation's handler for the token's user: its success data, or a thrown GenAuthError. */
  serve(op: Operation, token: string, input: HandlerInput): Promise<unknown>;
  /** The codes "sent" to a destination (E.164 phone number or address), oldest first. */
  outbox(to: string): OutboxMessage[];
  /** Forgets every user's factors, enrollments, limits and the outbox. */
  reset(): void;
}

function checked(name: string, value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

/** The settings, checked as the server checks its environment, with the server's defaults. */
function settings(options: StatefulMockOptions) {
  const limits = options.sendLimits ?? {};
  const starts = options.startLimits ?? {};
  return {
    sendLimits: {
      userPerHour: checked("sendLimits.userPerHour", limits.userPerHour, 0, MAX_USER_SEND_LIMIT, DEFAULT_SEND_LIMITS.userPerHour),
      userPerDay: checked("sendLimits.userPerDay", limits.userPerDay, 0, MAX_USER_SEND_LIMIT, DEFAULT_SEND_LIMITS.userPerDay),
      globalPerMinute: checked("sendLimits.globalPerMinute", limits.globalPerMinute, 1, 1_000_000, DEFAULT_SEND_LIMITS.globalPerMinute),
    },
    startLimits: {
      userPerHour: checked("startLimits.userPerHour", starts.userPerHour, 0, MAX_USER_START_LIMIT, DEFAULT_START_LIMITS.userPerHour),
      userPerDay: checked("startLimits.userPerDay", starts.userPerDay, 0, MAX_USER_START_LIMIT, DEFAULT_START_LIMITS.userPerDay),
    },
    codeLength: checked("verifyCodeLength", options.verifyCodeLength, 4, 8, DEFAULT_CODE_LENGTH),
    stepUpMs: checked("stepUpSeconds", options.stepUpSeconds, 0, 86_400, DEFAULT_STEP_UP_SECONDS) * 1000,
    otpLockoutMs: checked("totpLockoutSeconds", options.totpLockoutSeconds, 1, 86_400, DEFAULT_TOTP_LOCKOUT_SECONDS) * 1000,
  };
}

/** A JWT's claims, read and not checked; none for an opaque token, as a test's "alice" is. */
function claimsOf(token: string): TokenClaims | undefined {
  try {
    const payload = token.split(".")[1];
    if (!payload) return undefined;
    const claims: unknown = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    return typeof claims === "object" && claims !== null && !Array.isArray(claims) ? (claims as TokenClaims) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The user an access token stands for. The mock verifies nothing: each token is a user of its own,
 * and a JWT's username, email or subject (read, not checked) is the account an authenticator app
 * shows. Its session is named as the server names a token's with neither `sid` nor `jti`, by the
 * token, so that a step-up lasts as long as the token it was made with. A JWT's `phone_number` or
 * `email` says whether a face may be bound (apiCode 1703 otherwise); an opaque token has no claims
 * to say no, and stands for an account that has both, as the mock's examples show.
 */
export async function mockUser(ports: DomainPorts, token: string): Promise<User> {
  const claims = claimsOf(token);
  const name = [claims?.username, claims?.preferred_username, claims?.email, claims?.sub].find(
    (v): v is string => typeof v === "string" && v.length > 0,
  );
  // Cut well inside the contract's 1,024 characters for the whole otpauth URI, however it encodes.
  const label = Array.from(name ?? "mock-user")
    .slice(0, 48)
    .join("");
  return { id: token, session: await sessionOf(ports, {}, token), label, hasPhoneOrEmail: claims ? vouchesPhoneOrEmail(claims) : true };
}

/**
 * The stateful mock: the reference server's route handlers and domain, on the in-memory store, with
 * every factor type enabled and the outbox for both channels. Keys are random per mock, so sealed
 * secrets and code digests mean nothing outside it.
 */
export function createStatefulMock(runtime: StatefulRuntime, options: StatefulMockOptions = {}): StatefulMock {
  const fixed = settings(options);
  const encryptionKey = runtime.ports.randomBytes(32);
  const codeKey = runtime.ports.randomBytes(32);
  const fresh = (): MfaContext & { outbox: ReturnType<typeof createOutboxTransport> } => {
    const outbox = createOutboxTransport({ print: options.print ?? (() => {}) });
    return {
      store: openMemoryStore(),
      now: options.now ?? Date.now,
      transports: { sms: outbox, email: outbox },
      outbox,
      ports: runtime.ports,
      secretBox: runtime.secretBox(encryptionKey),
      codeKey,
      enabledFactors: new Set(FACTOR_TYPES),
      otpIssuer: DEFAULT_USER_POOL_NAME,
      ...fixed,
    };
  };
  let ctx = fresh();
  return {
    async serve(op, token, input) {
      const handler = handlers[op.operationId];
      if (!handler) throw new GenAuthError(501, msg("notImplemented"));
      return handler(ctx, await mockUser(runtime.ports, token), input);
    },
    outbox: (to) => ctx.outbox.messagesTo(outboxRecipient(to) ?? to),
    reset() {
      ctx = fresh();
    },
  };
}
