import { generateKeyPair, type CryptoKey } from "jose";
import type { FastifyInstance } from "fastify";
import { devTokenVerifier } from "../../src/server/access-tokens.ts";
import { buildApp, type AppDeps } from "../../src/server/app.ts";
import { DEV_TOKEN_ALG } from "../../src/server/keys.ts";
import type { MfaContext } from "../../src/domain/mfa-context.ts";
import { DEFAULT_SEND_LIMITS, type SendLimits } from "../../src/domain/send-limits.ts";
import { DEFAULT_START_LIMITS, type StartLimits } from "../../src/domain/send-limits.ts";
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
  smsAllowedCountries?: string[];
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
 * Builds the reference server as main.ts does, but with an in-memory store, a manual clock and the
 * outbox, on the port set this run of the tests is for (test/support/ports.ts).
 */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const clock = manualClock();
  const outbox = createOutboxTransport({ print: () => {} });
  const { privateKey, publicKey } = await generateKeyPair(DEV_TOKEN_ALG);
  const mfa: MfaContext = {
    store: options.store ?? (options.storePath ? openSqliteStore(options.storePath) : freshStore()),
    now: clock.now,
    transports: { sms: outbox, email: outbox, ...options.transports },
    ports,
    secretBox: secretBoxOf(Buffer.alloc(32, 7)),
    codeKey: Buffer.alloc(32, 9),
    ...(options.codeLength !== undefined && { codeLength: options.codeLength }),
    enabledFactors: new Set(options.enabledFactors ?? ["OTP", "SMS", "EMAIL", "FACE"]),
    otpIssuer: "Test Pool",
    otpLockoutMs: options.otpLockoutMs ?? 900_000,
    ...(options.otpLockoutMaxMs !== undefined && { otpLockoutMaxMs: options.otpLockoutMaxMs }),
    ...(options.otpLockoutQuietMs !== undefined && { otpLockoutQuietMs: options.otpLockoutQuietMs }),
    stepUpMs: options.stepUpMs ?? 300_000,
    sendLimits: options.sendLimits ?? { ...DEFAULT_SEND_LIMITS },
    startLimits: options.startLimits ?? { ...DEFAULT_START_LIMITS },
    ...(options.smsAllowedCountries && { smsAllowedCountries: new Set(options.smsAllowedCountries) }),
    ...(options.smsAllowFixedLine !== undefined && { smsAllowFixedLine: options.smsAllowFixedLine }),
  };
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
