import { z } from "zod";
import { parseConfig } from "../config/parse-config.ts";
import type { FactorType } from "../store/store.ts";

import { isSupportedCountry } from "libphonenumber-js/max";
import { FACTOR_TYPES } from "../contract/factor-types.ts";
import type { LogFormat } from "./log-format.ts";
import { DEFAULT_SEND_LIMITS, MAX_USER_SEND_LIMIT } from "../domain/send-limits.ts";
import { DEFAULT_START_LIMITS, MAX_USER_START_LIMIT } from "../domain/send-limits.ts";
import { DEFAULT_CODE_LENGTH } from "../domain/verification-code.ts";
import { isProxyRange, PROXY_RANGE_NAMES } from "../http/client-key.ts";
import { DEFAULT_CONNECTION_LIMITS } from "../http/connection-limits.ts";
import { DEFAULT_FAILURES_PER_CLIENT_MINUTE } from "../http/failure-budget.ts";
import { DEFAULT_LOCKOUT_MAX_MS, DEFAULT_LOCKOUT_QUIET_MS } from "../domain/otp-lockout.ts";
import { isLoopback } from "./loopback.ts";

// zod runs the refinement even when z.url() has already failed, so it must not throw on a non-URL.
const url = (protocols: string[]) =>
  z.url().refine((v) => URL.canParse(v) && protocols.includes(new URL(v).protocol), `must be a ${protocols.join(" or ")} URL`);
// Plain http carries the SMS code (and the issuer's keys) in the clear: only to this machine.
const httpsUnlessLoopback = () =>
  url(["https:", "http:"]).refine(
    (v) => !URL.canParse(v) || new URL(v).protocol === "https:" || isLoopback(new URL(v).hostname),
    "must be an https URL (plain http only to a loopback host such as 127.0.0.1)",
  );
const flag = z
  .enum(["true", "false"])
  .default("false")
  .transform((v) => v === "true");

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    // The development opt-in: development tokens and the outbox on a non-loopback HOST (a container).
    DEV_ON_NETWORK: flag,
    DATA_DIR: z.string().min(1).default("./data"),
    DB_DURABILITY: z.enum(["NORMAL", "FULL"]).default("NORMAL"),
    // PostgreSQL instead of the SQLite file in DATA_DIR, for instances that share one database.
    DATABASE_URL: url(["postgres:", "postgresql:"]).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
    // The Key URI format separates issuer and account with a colon, so an issuer may not contain one.
    USER_POOL_NAME: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[^:]+$/, "must not contain a colon")
      .default("GenAuth MFA"),
    OTP_ISSUER: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[^:]+$/, "must not contain a colon")
      .optional(),
    MFA_FACTORS: z
      .string()
      .default(FACTOR_TYPES.join(","))
      .transform((v) => v.split(",").map((t) => t.trim().toUpperCase()))
      .pipe(z.array(z.enum(FACTOR_TYPES)).min(1, `must name at least one of ${FACTOR_TYPES.join(", ")}`)),
    JWKS_URL: httpsUnlessLoopback().optional(),
    TOKEN_ISSUER: z.string().min(1).optional(),
    TOKEN_AUDIENCE: z.string().min(1).optional(),
    // The oldest access token accepted, by its iat, whatever its exp says: a stolen token's life is bounded.
    TOKEN_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(31_536_000).default(2_592_000),
    ENCRYPTION_KEY: z
      .string()
      .refine(
        (v) => Buffer.from(v, "base64").length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(v),
        "must be 32 bytes in base64 (openssl rand -base64 32)",
      )
      .optional(),
    SMTP_URL: url(["smtp:", "smtps:"]).optional(),
    // Refuse to send a code over an SMTP connection that did not upgrade to TLS (STARTTLS).
    SMTP_REQUIRE_TLS: flag,
    SMTP_FROM: z.string().min(3).default("GenAuth MFA <no-reply@localhost>"),
    SMS_WEBHOOK_URL: httpsUnlessLoopback().optional(),
    DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
    // Codes per user and channel, and per channel for everyone: the caps against SMS pumping. The
    // per-user caps are exact, from one row of recent send times per user, so they stop at
    // MAX_USER_SEND_LIMIT; 0 turns one off (benches and load runs about something else).
    SEND_LIMIT_USER_HOUR: z.coerce.number().int().min(0).max(MAX_USER_SEND_LIMIT).default(DEFAULT_SEND_LIMITS.userPerHour),
    SEND_LIMIT_USER_DAY: z.coerce.number().int().min(0).max(MAX_USER_SEND_LIMIT).default(DEFAULT_SEND_LIMITS.userPerDay),
    SEND_LIMIT_GLOBAL_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_SEND_LIMITS.globalPerMinute),
    // OTP and FACE starts per user and type, in the same exact rings, so they stop at the same bound.
    START_LIMIT_USER_HOUR: z.coerce.number().int().min(0).max(MAX_USER_START_LIMIT).default(DEFAULT_START_LIMITS.userPerHour),
    START_LIMIT_USER_DAY: z.coerce.number().int().min(0).max(MAX_USER_START_LIMIT).default(DEFAULT_START_LIMITS.userPerDay),
    SMS_ALLOWED_COUNTRIES: z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((c) => c.trim().toUpperCase())
          .filter((c) => c !== ""),
      )
      .pipe(z.array(z.string().refine((c) => isSupportedCountry(c), "must list ISO 3166-1 alpha-2 country codes, such as CN,US")).min(1))
      .optional(),
    // Fixed lines take a text only where their operator reads it out as a call: off unless asked for.
    SMS_ALLOW_FIXED_LINE: flag,
    // While an OTP factor is bound, adding or unbinding a factor needs a TOTP (or recovery) this recent; 0 turns that off.
    STEP_UP_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    // Ten wrong TOTPs or recovery codes lock checks and factor changes for TOTP_LOCKOUT_SECONDS; each
    // lock-out in a row lasts twice the one before, up to TOTP_LOCKOUT_MAX_SECONDS, and a quiet
    // TOTP_LOCKOUT_QUIET_SECONDS (no wrong code, no lock-out) undoes one doubling. 100 wrong codes
    // since the last right one lock until an operator runs `genauth-mfa unlock` (NIST SP 800-63B).
    TOTP_LOCKOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
    TOTP_LOCKOUT_MAX_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(2_592_000)
      .default(DEFAULT_LOCKOUT_MAX_MS / 1000),
    TOTP_LOCKOUT_QUIET_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(2_592_000)
      .default(DEFAULT_LOCKOUT_QUIET_MS / 1000),
    // Digits in an SMS or email code. GenAuth's Guard asks for 4 by default; each digit fewer makes a
    // guess ten times likelier (1 in 10^n, and 5 guesses per enrollment token).
    VERIFY_CODE_LENGTH: z.coerce.number().int().min(4).max(8).default(DEFAULT_CODE_LENGTH),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    // Unset, the format follows the output: readable lines on a terminal, JSON for a log collector.
    LOG_FORMAT: z.enum(["pretty", "json"]).optional(),
    MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_CONNECTION_LIMITS.maxConnections),
    // Counted by the connection's peer address (an IPv4 address, an IPv6 /64) as it is accepted, before
    // any header is read: behind a proxy every connection is the proxy's, so raise it to MAX_CONNECTIONS there.
    MAX_CONNECTIONS_PER_CLIENT: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_CONNECTION_LIMITS.maxConnectionsPerClient),
    // Failed requests without a verified user (no token, a bad one, an unknown path) a client may
    // make a minute, and at once, before it gets 429 unheard; 0 turns the limit off.
    FAILURE_LIMIT_CLIENT_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_FAILURES_PER_CLIENT_MINUTE),
    // The proxies whose X-Forwarded-For names the client for that limit. Unset, the header is never believed.
    TRUST_PROXY: z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((entry) => entry.trim())
          .filter((entry) => entry !== ""),
      )
      .pipe(
        z
          .array(
            z.string().refine(isProxyRange, `must list IP addresses, CIDR ranges such as 10.0.0.0/8, or ${PROXY_RANGE_NAMES.join(", ")}`),
          )
          .min(1),
      )
      .optional(),
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
    HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(5000),
    // What a Prometheus scrape must send as `Authorization: Bearer <token>`. Off loopback, /metrics
    // is served only with one.
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (openssl rand -hex 16)").optional(),
  })
  .refine((c) => c.TOTP_LOCKOUT_SECONDS <= c.TOTP_LOCKOUT_MAX_SECONDS, {
    path: ["TOTP_LOCKOUT_MAX_SECONDS"],
    message: "must not be less than TOTP_LOCKOUT_SECONDS (the first lock-out; later ones only grow)",
  })
  .refine((c) => c.HEADERS_TIMEOUT_MS <= c.REQUEST_TIMEOUT_MS, {
    path: ["HEADERS_TIMEOUT_MS"],
    message: "must not exceed REQUEST_TIMEOUT_MS (the headers are part of the request)",
  })
  // Without both, a JWKS accepts any token its keys signed, including other applications' tokens.
  .refine((c) => !c.JWKS_URL || c.TOKEN_ISSUER, { path: ["TOKEN_ISSUER"], message: "is required with JWKS_URL" })
  .refine((c) => !c.JWKS_URL || c.TOKEN_AUDIENCE, { path: ["TOKEN_AUDIENCE"], message: "is required with JWKS_URL" })
  // The development outbox shows every code at GET /dev/outbox, so it may only listen on loopback.
  .refine((c) => (c.SMTP_URL && c.SMS_WEBHOOK_URL) || isLoopback(c.HOST) || c.DEV_ON_NETWORK, {
    path: ["HOST"],
    message:
      "is not a loopback address, and codes would go to the development outbox, which shows them to anyone: " +
      "set SMTP_URL and SMS_WEBHOOK_URL, listen on 127.0.0.1, or for a development container set DEV_ON_NETWORK=true",
  })
  // Development tokens are signed by a key in DATA_DIR that `npm run token` uses for any user.
  .refine((c) => c.JWKS_URL || isLoopback(c.HOST) || c.DEV_ON_NETWORK, {
    path: ["HOST"],
    message:
      "is not a loopback address, and without JWKS_URL the server accepts development tokens, which anyone with DATA_DIR's key " +
      "mints for any user: set JWKS_URL, TOKEN_ISSUER and TOKEN_AUDIENCE, listen on 127.0.0.1, or for a development container " +
      "set DEV_ON_NETWORK=true",
  });

/** The reference server's settings, read from the environment once at boot. */
export type ServerConfig = Omit<z.infer<typeof schema>, "MFA_FACTORS" | "OTP_ISSUER" | "LOG_FORMAT"> & {
  MFA_FACTORS: FactorType[];
  OTP_ISSUER: string;
  LOG_FORMAT: LogFormat;
};

/** Reads and validates the environment; a bad value throws a ConfigError that names the variable. */
export function loadServerConfig(env: NodeJS.ProcessEnv = process.env, stdoutIsTerminal = process.stdout.isTTY === true): ServerConfig {
  const config = parseConfig(schema, env);
  return Object.assign({}, config, {
    OTP_ISSUER: config.OTP_ISSUER ?? config.USER_POOL_NAME,
    LOG_FORMAT: config.LOG_FORMAT ?? (stdoutIsTerminal ? "pretty" : "json"),
  });
}
