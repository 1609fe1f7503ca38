import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Secret, TOTP } from "otpauth";
import { SMTPServer } from "smtp-server";
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.ts";
import { composeDeps } from "../../src/server/compose.ts";
import { loadServerConfig } from "../../src/server/config.ts";
import { loadDevSigningKey } from "../../src/server/keys.ts";
import { devToken } from "../support/dev-token.ts";
import { send } from "../support/test-app.ts";
import { uniqueEmail, uniquePhoneNumber } from "../contract-suite/support/unique.ts";
import { signDevToken } from "../../src/server/dev-tokens.ts";
import { useCleanups } from "../support/cleanups.ts";

const SEND = "/api/v3/send-enroll-factor-request";
const ENROLL = "/api/v3/enroll-factor";
const LIST = "/api/v3/list-enrolled-factors";

const defer = useCleanups();

/** A DATA_DIR that does not exist yet, inside a temporary directory removed after the test. */
function newDataDir(): string {
  const parent = mkdtempSync(join(tmpdir(), "mfa-compose-"));
  defer(() => rmSync(parent, { recursive: true, force: true }));
  return join(parent, "data");
}

interface Composed {
  app: FastifyInstance;
  dataDir: string;
  /** Closes the app, then the store; safe to call twice. */
  stop(): Promise<void>;
}

/** Composes the server as main.ts does, from an environment read by loadServerConfig, without listening. */
async function compose(env: Record<string, string>): Promise<Composed> {
  const config = loadServerConfig({ LOG_LEVEL: "silent", DELIVERY_TIMEOUT_MS: "1000", ...env });
  const deps = await composeDeps(config);
  const app = buildApp(deps);
  await app.ready();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
    await deps.close();
  };
  defer(stop);
  return { app, dataDir: config.DATA_DIR, stop };
}

/** A development access token signed in-process with DATA_DIR's key, as the token CLI signs it. */
async function signIn(dataDir: string, sub: string): Promise<string> {
  const { privateKey } = await loadDevSigningKey(dataDir);
  return signDevToken(privateKey, { sub });
}

/** A real SMTP server on a free local port that keeps each message; `refuse` makes it answer RCPT TO with 550. */
async function startSmtpServer() {
  const received: { rcptTo: string[]; raw: string }[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (state.refuse) return callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (raw += chunk));
      stream.on("end", () => {
        received.push({ rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, received, state };
}

/** The 6-digit code in a raw message's body, decoding quoted-printable if the mailer used it. */
function codeIn(raw: string): string {
  const body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
  const text = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const match = /\b(\d{6})\b/.exec(text);
  expect(match, `no code in:\n${raw}`).not.toBeNull();
  return match![1]!;
}

/** A port that was free a moment ago, so nothing answers on it. */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Binds a factor with the code that was delivered, and returns the user's factors afterwards. */
async function enrollWith(app: FastifyInstance, token: string, factorType: string, enrollmentToken: string, passCode: string) {
  const enrolled = await send(app, "POST", ENROLL, token, { factorType, enrollmentToken, enrollmentData: { passCode } });
  expect(enrolled.body).toMatchObject({ statusCode: 200 });
  return (await send(app, "GET", LIST, token)).body.data as { factorType: string; factorId: string; profile: Record<string, string> }[];
}

describe("composeDeps with real gateways and a SQLite file", () => {
  it("delivers an EMAIL code through a real SMTP exchange, and that code binds the address", async () => {
    const smtp = await startSmtpServer();
    const server = await compose({ DATA_DIR: newDataDir(), SMTP_URL: smtp.url, SMTP_FROM: "MFA <no-reply@example.com>" });
    const token = await signIn(server.dataDir, "alice");
    const address = uniqueEmail();

    const started = await send(server.app, "POST", SEND, token, { factorType: "EMAIL", profile: { email: address.toUpperCase() } });
    expect(started.body.statusCode).toBe(200);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.rcptTo).toEqual([address]);

    const factors = await enrollWith(server.app, token, "EMAIL", started.body.data.enrollmentToken, codeIn(smtp.received[0]!.raw));
    expect(factors).toEqual([expect.objectContaining({ factorType: "EMAIL", profile: { email: `${address[0]}***@example.com` } })]);
  });

  it("delivers an SMS code to the webhook as JSON, and that code binds the number", async () => {
    const posts: { contentType?: string; to: string; text: string; code: string }[] = [];
    const receiver: HttpServer = createHttpServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (body += chunk));
      req.on("end", () => {
        posts.push({ contentType: req.headers["content-type"], ...(JSON.parse(body) as { to: string; text: string; code: string }) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    defer(() => new Promise((resolve) => receiver.close(resolve)));
    const webhook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sms`;
    const server = await compose({ DATA_DIR: newDataDir(), SMS_WEBHOOK_URL: webhook });
    const token = await signIn(server.dataDir, "alice");
    const phone = uniquePhoneNumber();

    const started = await send(server.app, "POST", SEND, token, { factorType: "SMS", profile: { phoneNumber: phone } });
    expect(started.body.statusCode).toBe(200);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ contentType: "application/json", to: `+86${phone}` });
    expect(posts[0]!.code).toMatch(/^\d{6}$/);
    expect(posts[0]!.text).toContain(posts[0]!.code);

    const factors = await enrollWith(server.app, token, "SMS", started.body.data.enrollmentToken, posts[0]!.code);
    expect(factors).toEqual([expect.objectContaining({ factorType: "SMS" })]);
  });

  it("answers 602 when the SMTP server refuses the recipient, and does not spend the address's minute", async () => {
    const smtp = await startSmtpServer();
    smtp.state.refuse = true;
    const server = await compose({ DATA_DIR: newDataDir(), SMTP_URL: smtp.url });
    const token = await signIn(server.dataDir, "alice");
    const request = { factorType: "EMAIL", profile: { email: uniqueEmail() } };

    const refused = await send(server.app, "POST", SEND, token, request);
    expect(refused.http).toBe(200);
    expect(refused.body).toMatchObject({ statusCode: 602 });
    expect(refused.body.message).toContain("refused");
    expect(refused.body).not.toHaveProperty("data");

    smtp.state.refuse = false;
    const retried = await send(server.app, "POST", SEND, token, request);
    expect(retried.body.statusCode).toBe(200);
    expect(smtp.received).toHaveLength(1);
  });

  it("answers 601 when nothing listens on the SMTP port, each time, without throttling the retry", async () => {
    const server = await compose({ DATA_DIR: newDataDir(), SMTP_URL: `smtp://127.0.0.1:${await freePort()}` });
    const token = await signIn(server.dataDir, "alice");
    const request = { factorType: "EMAIL", profile: { email: uniqueEmail() } };
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await send(server.app, "POST", SEND, token, request);
      expect(answer.http).toBe(200);
      expect(answer.body).toMatchObject({ statusCode: 601 });
      expect(answer.body.message).toContain("could not be reached");
    }
  });

  it("applies SEND_LIMIT_*, SMS_ALLOWED_COUNTRIES and SMS_ALLOW_FIXED_LINE from the environment to the running server", async () => {
    const { app, dataDir } = await compose({
      DATA_DIR: newDataDir(),
      SEND_LIMIT_USER_HOUR: "1",
      SMS_ALLOWED_COUNTRIES: "CN",
      SMS_ALLOW_FIXED_LINE: "true",
    });
    const token = await signIn(dataDir, "alice");
    expect(
      (await send(app, "POST", SEND, token, { factorType: "SMS", profile: { phoneNumber: uniquePhoneNumber() } })).body.statusCode,
    ).toBe(200);
    const capped = (await send(app, "POST", SEND, token, { factorType: "SMS", profile: { phoneNumber: uniquePhoneNumber() } })).body;
    expect(capped).toMatchObject({ statusCode: 429, message: expect.stringContaining("sent 1 SMS code in the last hour") });
    const abroad = (
      await send(app, "POST", SEND, await signIn(dataDir, "bob"), {
        factorType: "SMS",
        profile: { phoneNumber: "2015550123", phoneCountryCode: "+1" },
      })
    ).body;
    expect(abroad).toMatchObject({ statusCode: 403, message: expect.stringContaining("US (+1)") });
    // A Beijing fixed line, which only SMS_ALLOW_FIXED_LINE lets through.
    expect(
      (await send(app, "POST", SEND, await signIn(dataDir, "carol"), { factorType: "SMS", profile: { phoneNumber: "1012345678" } })).body
        .statusCode,
    ).toBe(200);
  });

  it("keeps bound factors, the encryption key and the signing key across a restart on the same DATA_DIR", async () => {
    const dataDir = newDataDir();
    const first = await compose({ DATA_DIR: dataDir });
    const token = await devToken(dataDir, "alice", "Alice");

    const started = await send(first.app, "POST", SEND, token, { factorType: "OTP" });
    expect(started.body.statusCode).toBe(200);
    const secret = new URL(started.body.data.otpData.qrCodeUri as string).searchParams.get("secret")!;
    const totp = new TOTP({ secret: Secret.fromBase32(secret) });
    const before = await enrollWith(first.app, token, "OTP", started.body.data.enrollmentToken, totp.generate());
    expect(before).toEqual([expect.objectContaining({ factorType: "OTP", profile: { issuer: "GenAuth MFA", accountName: "Alice" } })]);
    await first.stop();

    const second = await compose({ DATA_DIR: dataDir });
    const after = await send(second.app, "GET", LIST, token);
    expect(after.body).toMatchObject({ statusCode: 200, data: before });
    // The next time step's code is accepted only if the stored secret still decrypts.
    const verified = await send(second.app, "POST", "/api/v3/mfa-totp-verify", token, {
      totp: totp.generate({ timestamp: Date.now() + 30_000 }),
    });
    expect(verified.body).toMatchObject({ statusCode: 200, data: { verified: true } });
  });

  it("creates DATA_DIR private to its owner and the key files readable by the owner alone", async () => {
    const { dataDir } = await compose({ DATA_DIR: newDataDir() });
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const file of ["encryption.key", "dev-signing-key.json"]) {
      expect(statSync(join(dataDir, file)).mode & 0o777, file).toBe(0o600);
    }
    expect(Buffer.from(readFileSync(join(dataDir, "encryption.key"), "utf8").trim(), "base64")).toHaveLength(32);
  });

  it("makes the SQLite database, its WAL and shared-memory files for the owner alone, and narrows an old world-readable file", async () => {
    const dataDir = newDataDir();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, "mfa.sqlite"), "", { mode: 0o644 });
    chmodSync(join(dataDir, "mfa.sqlite"), 0o644); // as an older version left it
    const { app } = await compose({ DATA_DIR: dataDir });
    const token = await signIn(dataDir, "alice");
    expect((await send(app, "POST", SEND, token, { factorType: "OTP" })).body.statusCode).toBe(200); // a write, so the WAL exists
    for (const file of ["mfa.sqlite", "mfa.sqlite-wal", "mfa.sqlite-shm"]) {
      expect(statSync(join(dataDir, file)).mode & 0o777, file).toBe(0o600);
    }
  });

  it("says which access tokens it accepts", async () => {
    const dataDir = newDataDir();
    const deps = await composeDeps(loadServerConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent" }));
    defer(() => deps.close());
    expect(deps.tokenMode).toBe(`development access tokens, signed with the key in ${join(dataDir, "dev-signing-key.json")}`);
    const jwks = await composeDeps(
      loadServerConfig({
        DATA_DIR: newDataDir(),
        JWKS_URL: "https://issuer.example/jwks",
        TOKEN_ISSUER: "https://issuer.example",
        TOKEN_AUDIENCE: "app",
      }),
    );
    defer(() => jwks.close());
    expect(jwks.tokenMode).toBe(
      "access tokens verified against the JWKS at https://issuer.example/jwks (issuer https://issuer.example, audience app)",
    );
  });

  it("writes no encryption.key when ENCRYPTION_KEY is given", async () => {
    const { dataDir } = await compose({ DATA_DIR: newDataDir(), ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64") });
    expect(() => statSync(join(dataDir, "encryption.key"))).toThrow(/ENOENT/);
  });
});
