import { join } from "node:path";
import { createOutboxTransport, type OutboxTransport } from "../transports/outbox.ts";
import { createSmsWebhookTransport } from "../transports/sms-webhook.ts";
import { createSmtpTransport } from "../transports/smtp.ts";
import { devTokenVerifier, jwksTokenVerifier } from "./access-tokens.ts";
import type { AppDeps } from "./app.ts";
import type { ServerConfig } from "./config.ts";
import { composeMfaContext } from "./compose-mfa.ts";
import { isLoopback } from "./loopback.ts";
import { createMetrics } from "./metrics.ts";
import { ensureDataDir, loadDevSigningKey, loadEncryptionKey } from "./keys.ts";
import { prettyStream } from "./log-format.ts";
import { openConfiguredStore } from "./open-store.ts";

/**
 * Builds the real dependencies from validated configuration: PostgreSQL at DATABASE_URL or the
 * SQLite file in DATA_DIR, the keys in DATA_DIR, SMTP or an SMS webhook where configured and the
 * outbox otherwise, and the token verifier.
 */
export async function composeDeps(
  config: ServerConfig,
  now: () => number = Date.now,
): Promise<AppDeps & { tokenMode: string; close(): Promise<void> }> {
  ensureDataDir(config.DATA_DIR);
  const encryptionKey = loadEncryptionKey(config.DATA_DIR, config.ENCRYPTION_KEY);
  let roundTrips = 0;
  const store = await openConfiguredStore(config, () => void roundTrips++);
  const timeoutMs = config.DELIVERY_TIMEOUT_MS;
  let outbox: OutboxTransport | undefined;
  const useOutbox = () => (outbox ??= createOutboxTransport());
  const metrics = createMetrics(store, config.DATABASE_URL ? () => roundTrips : undefined);
  const mfa = composeMfaContext(config, {
    store,
    now,
    transports: {
      sms: metrics.meter(
        "sms",
        config.SMS_WEBHOOK_URL ? createSmsWebhookTransport({ url: config.SMS_WEBHOOK_URL, timeoutMs }) : useOutbox(),
      ),
      email: metrics.meter(
        "email",
        config.SMTP_URL
          ? createSmtpTransport({ url: config.SMTP_URL, from: config.SMTP_FROM, timeoutMs, requireTLS: config.SMTP_REQUIRE_TLS })
          : useOutbox(),
      ),
    },
    encryptionKey,
  });
  const { verifyToken, tokenMode } = await tokenVerification(config, now);
  return {
    mfa,
    verifyToken,
    tokenMode,
    outbox,
    // Metrics tell load and failure rates; off loopback they are shown only to a scrape with the token.
    metrics: { metrics, exposed: config.METRICS_TOKEN !== undefined || isLoopback(config.HOST), token: config.METRICS_TOKEN },
    // On loopback the opt-in opens nothing, and the outbox keeps refusing foreign Host headers.
    devOnNetwork: config.DEV_ON_NETWORK && !isLoopback(config.HOST),
    logger: { level: config.LOG_LEVEL, ...(config.LOG_FORMAT === "pretty" && { stream: prettyStream() }) },
    limits: {
      requestMs: config.REQUEST_TIMEOUT_MS,
      headersMs: config.HEADERS_TIMEOUT_MS,
      keepAliveMs: 5000,
      maxConnections: config.MAX_CONNECTIONS,
      maxConnectionsPerClient: config.MAX_CONNECTIONS_PER_CLIENT,
    },
    failuresPerClientMinute: config.FAILURE_LIMIT_CLIENT_MINUTE,
    close: () => store.close(),
    ...(config.TRUST_PROXY && { trustProxy: config.TRUST_PROXY }),
  };
}

/** The access-token verifier, the JWKS at JWKS_URL or development tokens signed by DATA_DIR's key, and how to say which. */
async function tokenVerification(config: ServerConfig, now: () => number) {
  if (config.JWKS_URL) {
    return {
      verifyToken: jwksTokenVerifier(config.JWKS_URL, config.TOKEN_ISSUER, config.TOKEN_AUDIENCE, now, {
        maxTokenAgeSeconds: config.TOKEN_MAX_AGE_SECONDS,
      }),
      tokenMode:
        `access tokens verified against the JWKS at ${config.JWKS_URL} ` +
        `(issuer ${config.TOKEN_ISSUER}, audience ${config.TOKEN_AUDIENCE})`,
    };
  }
  return {
    verifyToken: devTokenVerifier((await loadDevSigningKey(config.DATA_DIR)).publicKey, now),
    tokenMode: `development access tokens, signed with the key in ${join(config.DATA_DIR, "dev-signing-key.json")}`,
  };
}
