import { generateKeyPair, type CryptoKey } from "jose";
import type { FastifyInstance } from "fastify";
import { devTokenVerifier } from "../../src/server/access-tokens.ts";
import { buildApp, type AppDeps } from "../../src/server/app.ts";
import { DEV_TOKEN_ALG } from "../../src/server/keys.ts";
import { FACTOR_TYPES } from "../../src/contract/factor-types.ts";
import type { MfaContext } from "../../src/domain/mfa-context.ts";
import { DEFAULT_STEP_UP_SECONDS, DEFAULT_TOTP_LOCKOUT_SECONDS } from "../../src/domain/mfa-defaults.ts";
import { DEFAULT_LOCKOUT_MAX_MS, DEFAULT_LOCKOUT_QUIET_MS } from "../../src/domain/otp-lockout.ts";
import { DEFAULT_SEND_LIMITS, type SendLimits } from "../../src/domain/send-limits.ts";
import { DEFAULT_START_LIMITS, type StartLimits } from "../../src/domain/send-limits.ts";
import { DEFAULT_CODE_LENGTH } from "../../src/domain/verification-code.ts";
import { composeMfaContext, type DomainConfig } from "../../src/server/compose-mfa.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import { freshStore, ports, secretBoxOf } from "./ports.ts";
import type { FactorType, MfaStore } from "../../src/store/store.ts";
import { createOutboxTransport, type OutboxTransport } from "../../src/transports/outbox.ts";
import { DeliveryError, type MessageTransport } from "../../src/transports/transport.ts";
import { signDevToken } from "../../src/server/dev-tokens.ts";

/** A clock a test moves by hand. */
export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
}

/** A clock that starts at a fixed moment and moves only when told. */
export function manualClock(start = Date.parse("2026-11-28T10:00:00Z")): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A built (not listening) reference server with in-memory state, and what a test needs to drive it. */
export interface TestApp {
  app: FastifyInstance;
  clock: ManualClock;
  outbox: OutboxTransport;
  mfa: MfaContext;
  /** A valid access token for a user. */
  tokenFor(sub: string, claims?: Record<string, unknown>, expiresInSeconds?: number): Promise<string>;
  signingKey: CryptoKey;
}

/** Options for {@link buildTestApp}. */
export interface TestAppOptions {
  enabledFactors?: FactorType[];
  transports?: Partial<MfaContext["transports"]>;
  /** A SQLite file to keep the state in; without it (and without `store`) a fresh store in memory. */
  storePath?: string;
  /** A store of the test's own (PostgreSQL, say) in place of SQLite at storePath. */
  store?: MfaStore;
  otpLockoutMs?: number;
  otpLockoutMaxMs?: number;
  otpLockoutQuietMs?: number;
  stepUpMs?: number;
  /** The send caps; the server's defaults unless a test needs more room, and says so. */
  sendLimits?: SendLimits;
  /** The OTP and FACE start caps; the server's defaults unless a test needs more room, and says so. */
  startLimits?: StartLimits;
  /** SMS_ALLOWED_COUNTRIES: when given, the only countries (ISO 3166-1 alpha-2) SMS codes go to. */
  smsAllowedCountries?: DomainConfig["SMS_ALLOWED_COUNTRIES"];
  /** SMS_ALLOW_FIXED_LINE; off, as the server's default, unless given. */
  smsAllowFixedLine?: boolean;
  /** Digits in the SMS and email codes sent (VERIFY_CODE_LENGTH); the server's default, 6, unless given. */
  codeLength?: number;
  handlers?: AppDeps["handlers"];
  logger?: AppDeps["logger"];
  metrics?: AppDeps["metrics"];
  draining?: AppDeps["draining"];
  failuresPerClientMinute?: AppDeps["failuresPerClientMinute"];
  trustProxy?: AppDeps["trustProxy"];
}

/**
 * The domain's variables for a test app: the server's defaults (test/fidelity/stateful-mock.test.ts
 * holds the server to these constants), with the test's options in their place where given.
 */
function domainConfigOf(options: TestAppOptions): DomainConfig {
  const sendLimits = options.sendLimits ?? DEFAULT_SEND_LIMITS;
  const startLimits = options.startLimits ?? DEFAULT_START_LIMITS;
  const seconds = (ms: number | undefined, otherwise: number) => (ms === undefined ? otherwise : ms / 1000);
  return {
    VERIFY_CODE_LENGTH: options.codeLength ?? DEFAULT_CODE_LENGTH,
    MFA_FACTORS: options.enabledFactors ?? [...FACTOR_TYPES],
    OTP_ISSUER: "Test Pool",
    TOTP_LOCKOUT_SECONDS: seconds(options.otpLockoutMs, DEFAULT_TOTP_LOCKOUT_SECONDS),
    TOTP_LOCKOUT_MAX_SECONDS: seconds(options.otpLockoutMaxMs, DEFAULT_LOCKOUT_MAX_MS / 1000),
    TOTP_LOCKOUT_QUIET_SECONDS: seconds(options.otpLockoutQuietMs, DEFAULT_LOCKOUT_QUIET_MS / 1000),
    STEP_UP_SECONDS: seconds(options.stepUpMs, DEFAULT_STEP_UP_SECONDS),
    SEND_LIMIT_USER_HOUR: sendLimits.userPerHour,
    SEND_LIMIT_USER_DAY: sendLimits.userPerDay,
    SEND_LIMIT_GLOBAL_MINUTE: sendLimits.globalPerMinute,
    START_LIMIT_USER_HOUR: startLimits.userPerHour,
    START_LIMIT_USER_DAY: startLimits.userPerDay,
    SMS_ALLOWED_COUNTRIES: options.smsAllowedCountries,
    SMS_ALLOW_FIXED_LINE: options.smsAllowFixedLine ?? false,
  };
}

/**
 * Builds the reference server as main.ts does, its MfaContext composed by the server's own
 * composeMfaContext, but with an in-memory store, a manual clock and the outbox, on the port set
 * this run of the tests is for (test/support/ports.ts).
 */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const clock = manualClock();
  const outbox = createOutboxTransport({ print: () => {} });
  const { privateKey, publicKey } = await generateKeyPair(DEV_TOKEN_ALG);
  const mfa = composeMfaContext(domainConfigOf(options), {
    store: options.store ?? (options.storePath ? openSqliteStore(options.storePath) : freshStore()),
    now: clock.now,
    transports: { sms: outbox, email: outbox, ...options.transports },
    encryptionKey: Buffer.alloc(32, 7),
    ports,
    secretBoxOf,
  });
  const app = buildApp({
    mfa,
    verifyToken: devTokenVerifier(publicKey, clock.now),
    outbox,
    handlers: options.handlers,
    logger: options.logger,
    metrics: options.metrics,
    draining: options.draining,
    failuresPerClientMinute: options.failuresPerClientMinute,
    trustProxy: options.trustProxy,
  });
  await app.ready();
  const tokenFor = (sub: string, claims: Record<string, unknown> = {}, expiresInSeconds = 3600) => {
    const issuedAt = Math.floor(clock.now() / 1000);
    return signDevToken(privateKey, { sub, claims, issuedAt, expiresIn: issuedAt + expiresInSeconds });
  };
  return { app, clock, outbox, mfa, tokenFor, signingKey: privateKey };
}

/** Sends one JSON request to a built app and returns the parsed GenAuth body. */
export async function send(app: FastifyInstance, method: "GET" | "POST", url: string, token: string | null, body?: unknown) {
  const response = await app.inject({
    method,
    url,
    headers: { ...(token !== null && { authorization: token }), ...(body !== undefined && { "content-type": "application/json" }) },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
  return { http: response.statusCode, body: response.json(), headers: response.headers };
}

/**
 * A transport that fails like a gateway that is down, and counts its calls. By default the failure
 * is certain (nothing was sent); `certainlyNotSent: false` is a timeout or a 5xx after which the
 * code may have gone out.
 */
export function failingTransport(kind: "unreachable" | "rejected", certainlyNotSent = true): MessageTransport & { calls: number } {
  return {
    name: "failing",
    calls: 0,
    async deliver() {
      this.calls++;
      throw new DeliveryError(kind, "failing", "down for the test", certainlyNotSent);
    },
  };
}
