import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/parse-config.ts";
import { loadServerConfig } from "../../src/server/config.ts";

const KEY = Buffer.alloc(32, 1).toString("base64");

/** The message loadServerConfig throws for this environment; fails the test if it does not throw a ConfigError. */
function refusal(env: Record<string, string>): string {
  try {
    loadServerConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe("loadServerConfig", () => {
  it("fills every setting from its default when the environment is empty", () => {
    expect(loadServerConfig({})).toMatchObject({
      PORT: 3000,
      HOST: "127.0.0.1",
      DATA_DIR: "./data",
      MFA_FACTORS: ["OTP", "SMS", "EMAIL", "FACE"],
      OTP_ISSUER: "GenAuth MFA",
      LOG_LEVEL: "info",
    });
  });

  it("holds each client to 256 of the 1024 connections unless told otherwise", () => {
    expect(loadServerConfig({})).toMatchObject({ MAX_CONNECTIONS: 1024, MAX_CONNECTIONS_PER_CLIENT: 256 });
    expect(loadServerConfig({ MAX_CONNECTIONS_PER_CLIENT: "1024" }).MAX_CONNECTIONS_PER_CLIENT).toBe(1024);
    expect(refusal({ MAX_CONNECTIONS_PER_CLIENT: "0" })).toContain("MAX_CONNECTIONS_PER_CLIENT");
  });

  it("lets a client fail 1200 times a minute by default, and believes no X-Forwarded-For unless TRUST_PROXY names the proxies", () => {
    expect(loadServerConfig({})).toMatchObject({ FAILURE_LIMIT_CLIENT_MINUTE: 1200 });
    expect(loadServerConfig({}).TRUST_PROXY).toBeUndefined();
    expect(loadServerConfig({ FAILURE_LIMIT_CLIENT_MINUTE: "0" }).FAILURE_LIMIT_CLIENT_MINUTE).toBe(0);
    expect(loadServerConfig({ TRUST_PROXY: " 10.0.0.0/8, 192.0.2.1,loopback , 2001:db8::/32" }).TRUST_PROXY).toEqual([
      "10.0.0.0/8",
      "192.0.2.1",
      "loopback",
      "2001:db8::/32",
    ]);
  });

  it("logs in the pretty format on a terminal and in JSON otherwise, unless LOG_FORMAT says which", () => {
    expect(loadServerConfig({}, true).LOG_FORMAT).toBe("pretty");
    expect(loadServerConfig({}, false).LOG_FORMAT).toBe("json");
    expect(loadServerConfig({ LOG_FORMAT: "json" }, true).LOG_FORMAT).toBe("json");
    expect(loadServerConfig({ LOG_FORMAT: "pretty" }, false).LOG_FORMAT).toBe("pretty");
    expect(refusal({ LOG_FORMAT: "yaml" })).toContain("LOG_FORMAT");
  });

  it("caps codes at 5 per user per hour, 10 per day and 100 a minute in all unless told otherwise, and reads other caps", () => {
    expect(loadServerConfig({})).toMatchObject({ SEND_LIMIT_USER_HOUR: 5, SEND_LIMIT_USER_DAY: 10, SEND_LIMIT_GLOBAL_MINUTE: 100 });
    expect(loadServerConfig({ SEND_LIMIT_USER_HOUR: "20", SEND_LIMIT_USER_DAY: "50", SEND_LIMIT_GLOBAL_MINUTE: "1000" })).toMatchObject({
      SEND_LIMIT_USER_HOUR: 20,
      SEND_LIMIT_USER_DAY: 50,
      SEND_LIMIT_GLOBAL_MINUTE: 1000,
    });
    expect(refusal({ SEND_LIMIT_GLOBAL_MINUTE: "0" })).toContain("SEND_LIMIT_GLOBAL_MINUTE");
  });

  it("caps OTP and FACE starts at 100 per user and type in any hour and any day by default, up to 100, 0 turning one off", () => {
    expect(loadServerConfig({})).toMatchObject({ START_LIMIT_USER_HOUR: 100, START_LIMIT_USER_DAY: 100 });
    expect(loadServerConfig({ START_LIMIT_USER_HOUR: "0", START_LIMIT_USER_DAY: "100" })).toMatchObject({
      START_LIMIT_USER_HOUR: 0,
      START_LIMIT_USER_DAY: 100,
    });
    expect(refusal({ START_LIMIT_USER_HOUR: "101" })).toContain("START_LIMIT_USER_HOUR");
    expect(refusal({ START_LIMIT_USER_DAY: "-1" })).toContain("START_LIMIT_USER_DAY");
  });

  it("caps the per-user limits at 100, since each user's recent sends are kept in one row, and lets 0 turn one off", () => {
    expect(loadServerConfig({ SEND_LIMIT_USER_HOUR: "100", SEND_LIMIT_USER_DAY: "0" })).toMatchObject({
      SEND_LIMIT_USER_HOUR: 100,
      SEND_LIMIT_USER_DAY: 0,
    });
    expect(refusal({ SEND_LIMIT_USER_HOUR: "101" })).toContain("SEND_LIMIT_USER_HOUR");
    expect(refusal({ SEND_LIMIT_USER_DAY: "1000" })).toContain("SEND_LIMIT_USER_DAY");
  });

  it("locks first for 15 minutes, at most for a day, and undoes one doubling per quiet day unless told otherwise", () => {
    expect(loadServerConfig({})).toMatchObject({
      TOTP_LOCKOUT_SECONDS: 900,
      TOTP_LOCKOUT_MAX_SECONDS: 86_400,
      TOTP_LOCKOUT_QUIET_SECONDS: 86_400,
    });
    expect(
      loadServerConfig({ TOTP_LOCKOUT_SECONDS: "60", TOTP_LOCKOUT_MAX_SECONDS: "3600", TOTP_LOCKOUT_QUIET_SECONDS: "7200" }),
    ).toMatchObject({
      TOTP_LOCKOUT_SECONDS: 60,
      TOTP_LOCKOUT_MAX_SECONDS: 3600,
      TOTP_LOCKOUT_QUIET_SECONDS: 7200,
    });
    expect(refusal({ TOTP_LOCKOUT_QUIET_SECONDS: "59" })).toContain("TOTP_LOCKOUT_QUIET_SECONDS");
  });

  it("refuses a lock-out cap shorter than the first lock-out, naming the cap", () => {
    expect(refusal({ TOTP_LOCKOUT_SECONDS: "900", TOTP_LOCKOUT_MAX_SECONDS: "600" })).toMatch(
      /TOTP_LOCKOUT_MAX_SECONDS.*TOTP_LOCKOUT_SECONDS/,
    );
  });

  it("sends 6-digit codes unless VERIFY_CODE_LENGTH says 4 to 8, and refuses any other length at boot", () => {
    expect(loadServerConfig({}).VERIFY_CODE_LENGTH).toBe(6);
    expect(loadServerConfig({ VERIFY_CODE_LENGTH: "4" }).VERIFY_CODE_LENGTH).toBe(4);
    expect(loadServerConfig({ VERIFY_CODE_LENGTH: "8" }).VERIFY_CODE_LENGTH).toBe(8);
    for (const value of ["3", "9", "six", "4.5"]) expect(refusal({ VERIFY_CODE_LENGTH: value })).toContain("VERIFY_CODE_LENGTH");
  });

  it("reads SMS_ALLOWED_COUNTRIES as ISO 3166 codes in any case, and refuses one that is not a country", () => {
    expect(loadServerConfig({}).SMS_ALLOWED_COUNTRIES).toBeUndefined();
    expect(loadServerConfig({ SMS_ALLOWED_COUNTRIES: "cn, US" }).SMS_ALLOWED_COUNTRIES).toEqual(["CN", "US"]);
    expect(refusal({ SMS_ALLOWED_COUNTRIES: "CN,XX" })).toMatch(/SMS_ALLOWED_COUNTRIES.*ISO 3166-1 alpha-2/);
  });

  it("texts no fixed line unless SMS_ALLOW_FIXED_LINE is true, and refuses a value that is not true or false", () => {
    expect(loadServerConfig({}).SMS_ALLOW_FIXED_LINE).toBe(false);
    expect(loadServerConfig({ SMS_ALLOW_FIXED_LINE: "true" }).SMS_ALLOW_FIXED_LINE).toBe(true);
    expect(refusal({ SMS_ALLOW_FIXED_LINE: "yes" })).toContain("SMS_ALLOW_FIXED_LINE");
  });

  it("accepts plain http only to a loopback gateway or issuer", () => {
    expect(loadServerConfig({ SMS_WEBHOOK_URL: "http://127.0.0.1:9000/send" }).SMS_WEBHOOK_URL).toBe("http://127.0.0.1:9000/send");
    expect(loadServerConfig({ JWKS_URL: "http://localhost:8080/jwks", TOKEN_ISSUER: "i", TOKEN_AUDIENCE: "a" }).JWKS_URL).toBe(
      "http://localhost:8080/jwks",
    );
  });

  it("lets DEV_ON_NETWORK=true open development tokens and the outbox to a container's network, and nothing else does", () => {
    expect(loadServerConfig({ HOST: "0.0.0.0", DEV_ON_NETWORK: "true" })).toMatchObject({ HOST: "0.0.0.0", DEV_ON_NETWORK: true });
    expect(loadServerConfig({}).DEV_ON_NETWORK).toBe(false);
    const real = {
      HOST: "0.0.0.0",
      SMTP_URL: "smtps://mail.example",
      SMS_WEBHOOK_URL: "https://sms.example/send",
      JWKS_URL: "https://issuer.example/jwks",
      TOKEN_ISSUER: "i",
      TOKEN_AUDIENCE: "a",
    };
    expect(loadServerConfig(real).DEV_ON_NETWORK).toBe(false);
  });

  it("reads SMTP_REQUIRE_TLS, off unless set", () => {
    expect(loadServerConfig({}).SMTP_REQUIRE_TLS).toBe(false);
    expect(loadServerConfig({ SMTP_REQUIRE_TLS: "true" }).SMTP_REQUIRE_TLS).toBe(true);
  });

  it("reads MFA_FACTORS in any case and with spaces, and names the OTP issuer after the user pool", () => {
    const config = loadServerConfig({ MFA_FACTORS: "otp, Sms", USER_POOL_NAME: "Acme" });
    expect(config.MFA_FACTORS).toEqual(["OTP", "SMS"]);
    expect(config.OTP_ISSUER).toBe("Acme");
  });

  it("accepts a 32-byte ENCRYPTION_KEY in base64 and SMTP credentials in SMTP_URL", () => {
    const config = loadServerConfig({ ENCRYPTION_KEY: KEY, SMTP_URL: "smtps://mailer:pw@mail.example:465" });
    expect(config.ENCRYPTION_KEY).toBe(KEY);
    expect(config.SMTP_URL).toBe("smtps://mailer:pw@mail.example:465");
  });

  // Each case: the environment, the words the message must hold, and any text it must not echo.
  const cases: { name: string; env: Record<string, string>; words: string[]; hidden?: string }[] = [
    { name: "a PORT above 65535", env: { PORT: "70000" }, words: ["PORT", "70000", "65535"] },
    { name: "a fractional PORT", env: { PORT: "3.5" }, words: ["PORT", "3.5"] },
    { name: "an empty factor list", env: { MFA_FACTORS: "," }, words: ["MFA_FACTORS"] },
    { name: "an unknown factor type", env: { MFA_FACTORS: "OTP,PUSH" }, words: ["MFA_FACTORS", "OTP,PUSH"] },
    { name: "a LOG_LEVEL that does not exist", env: { LOG_LEVEL: "loud" }, words: ["LOG_LEVEL", "loud"] },
    { name: "a DELIVERY_TIMEOUT_MS under 100", env: { DELIVERY_TIMEOUT_MS: "50" }, words: ["DELIVERY_TIMEOUT_MS", "100"] },
    {
      name: "a JWKS_URL without TOKEN_ISSUER",
      env: { JWKS_URL: "https://issuer.example/jwks", TOKEN_AUDIENCE: "app" },
      words: ["TOKEN_ISSUER", "JWKS_URL"],
    },
    {
      name: "a JWKS_URL without TOKEN_AUDIENCE",
      env: { JWKS_URL: "https://issuer.example/jwks", TOKEN_ISSUER: "https://issuer.example" },
      words: ["TOKEN_AUDIENCE", "JWKS_URL"],
    },
    {
      name: "a public HOST while codes go to the development outbox",
      env: { HOST: "0.0.0.0" },
      words: ["HOST", "0.0.0.0", "outbox", "DEV_ON_NETWORK"],
    },
    {
      name: "a DATABASE_URL that is not a PostgreSQL URL",
      env: { DATABASE_URL: "mysql://mfa:s3cret@db/mfa" },
      words: ["DATABASE_URL", "postgres"],
      hidden: "s3cret",
    },
    { name: "a METRICS_TOKEN too short to resist guessing", env: { METRICS_TOKEN: "short" }, words: ["METRICS_TOKEN", "16 characters"] },
    { name: "a JWKS_URL with an ftp scheme", env: { JWKS_URL: "ftp://issuer.example/jwks" }, words: ["JWKS_URL", "https: or http:"] },
    { name: "a JWKS_URL that is not a URL", env: { JWKS_URL: "not a url" }, words: ["JWKS_URL", "URL"] },
    {
      name: "an SMS_WEBHOOK_URL to a local file",
      env: { SMS_WEBHOOK_URL: "file:///etc/passwd" },
      words: ["SMS_WEBHOOK_URL", "https: or http:"],
    },
    {
      name: "an OTP_ISSUER with a colon, which the Key URI uses as its separator",
      env: { OTP_ISSUER: "Acme:Prod" },
      words: ["OTP_ISSUER", "colon"],
    },
    { name: "a DB_DURABILITY that is neither NORMAL nor FULL", env: { DB_DURABILITY: "OFF" }, words: ["DB_DURABILITY", "OFF"] },
    { name: "a USER_POOL_NAME over 64 characters", env: { USER_POOL_NAME: "x".repeat(65) }, words: ["USER_POOL_NAME", "64"] },
    {
      name: "an SMTP_URL with credentials and an http scheme",
      env: { SMTP_URL: "http://mailer:hunter2@mail.example" },
      words: ["SMTP_URL", "smtp:"],
      hidden: "hunter2",
    },
    { name: "an SMTP_URL that is not a URL", env: { SMTP_URL: "//mailer:hunter2@mail.example" }, words: ["SMTP_URL"], hidden: "hunter2" },
    {
      name: "a public HOST with real gateways but development tokens",
      env: { HOST: "0.0.0.0", SMTP_URL: "smtps://mail.example", SMS_WEBHOOK_URL: "https://sms.example/send" },
      words: ["HOST", "development tokens", "JWKS_URL", "DEV_ON_NETWORK=true"],
    },
    {
      name: "a plain-http JWKS_URL to another host",
      env: { JWKS_URL: "http://issuer.example/jwks", TOKEN_ISSUER: "i", TOKEN_AUDIENCE: "a" },
      words: ["JWKS_URL", "https"],
    },
    {
      name: "a plain-http SMS_WEBHOOK_URL to another host, which would carry the code in the clear",
      env: { SMS_WEBHOOK_URL: "http://sms.example/send" },
      words: ["SMS_WEBHOOK_URL", "https"],
    },
    { name: "a DEV_ON_NETWORK that is not true or false", env: { DEV_ON_NETWORK: "yes" }, words: ["DEV_ON_NETWORK"] },
    {
      name: "a TRUST_PROXY of true, which would believe any client's X-Forwarded-For",
      env: { TRUST_PROXY: "true" },
      words: ["TRUST_PROXY", "CIDR"],
    },
    { name: "a TRUST_PROXY with a range that is not one", env: { TRUST_PROXY: "10.0.0.0/8,10.0.0.0/99" }, words: ["TRUST_PROXY", "CIDR"] },
    { name: "an empty TRUST_PROXY list", env: { TRUST_PROXY: " , " }, words: ["TRUST_PROXY"] },
    { name: "a negative FAILURE_LIMIT_CLIENT_MINUTE", env: { FAILURE_LIMIT_CLIENT_MINUTE: "-1" }, words: ["FAILURE_LIMIT_CLIENT_MINUTE"] },
    {
      name: "an ENCRYPTION_KEY of 31 bytes",
      env: { ENCRYPTION_KEY: Buffer.alloc(31, 1).toString("base64") },
      words: ["ENCRYPTION_KEY", "32 bytes"],
      hidden: "AQEB",
    },
    {
      name: "an ENCRYPTION_KEY that is not base64",
      env: { ENCRYPTION_KEY: `${KEY.slice(0, -2)}!!` },
      words: ["ENCRYPTION_KEY"],
      hidden: KEY.slice(0, 10),
    },
  ];
  it.each(cases)("refuses $name with a ConfigError that names the variable", ({ env, words, hidden }) => {
    const message = refusal(env);
    expect(message).toMatch(/^Invalid configuration: /);
    expect(message).not.toContain("\n");
    for (const word of words) expect(message).toContain(word);
    if (hidden) expect(message).not.toContain(hidden);
  });
});
