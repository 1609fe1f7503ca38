import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { markdown, section } from "../support/markdown.ts";

const ENV_EXAMPLE = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");

// The settings a deployment must think about before the server faces a network.
const SECURITY_SETTINGS = [
  "HOST",
  "DEV_ON_NETWORK",
  "JWKS_URL",
  "TOKEN_ISSUER",
  "TOKEN_AUDIENCE",
  "TOKEN_MAX_AGE_SECONDS",
  "SMS_WEBHOOK_URL",
  "SMTP_URL",
  "SMTP_REQUIRE_TLS",
  "ENCRYPTION_KEY",
  "SEND_LIMIT_USER_HOUR",
  "SEND_LIMIT_USER_DAY",
  "SEND_LIMIT_GLOBAL_MINUTE",
  "START_LIMIT_USER_HOUR",
  "START_LIMIT_USER_DAY",
  "SMS_ALLOWED_COUNTRIES",
  "SMS_ALLOW_FIXED_LINE",
  "STEP_UP_SECONDS",
  "TOTP_LOCKOUT_SECONDS",
  "TOTP_LOCKOUT_MAX_SECONDS",
  "TOTP_LOCKOUT_QUIET_SECONDS",
  "VERIFY_CODE_LENGTH",
  "MAX_CONNECTIONS",
  "MAX_CONNECTIONS_PER_CLIENT",
  "FAILURE_LIMIT_CLIENT_MINUTE",
  "TRUST_PROXY",
  "HEADERS_TIMEOUT_MS",
  "REQUEST_TIMEOUT_MS",
  "DB_DURABILITY",
  "DATA_DIR",
];

describe("the Deploying it section of docs/operations.md", () => {
  const deploying = section(markdown("docs/operations.md"), "Deploying it");

  it("is there", () => {
    expect(deploying).toContain("Before the server faces a network");
  });

  it.each(SECURITY_SETTINGS)("names %s, which .env.example documents", (name) => {
    expect(ENV_EXAMPLE).toMatch(new RegExp(`^#? ?${name}=`, "m"));
    expect(deploying).toContain(`\`${name}`);
  });
});
