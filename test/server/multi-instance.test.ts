import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDevSigningKey } from "../../src/server/keys.ts";
import { signDevToken } from "../../src/server/dev-tokens.ts";
import { freshPostgresDatabase, postgresAdminUrl } from "../support/postgres-database.ts";
import { spawnService, type Service } from "../support/spawn-service.ts";
import { awayFromStepBoundary, totpFor } from "../contract-suite/support/totp-clock.ts";
import { uniquePhoneNumber } from "../contract-suite/support/unique.ts";
import { useCleanups } from "../support/cleanups.ts";

// Two reference servers, each its own process, on one PostgreSQL database: what a load balancer
// in front of several instances sees. Every race goes over real sockets, half to each instance.

const defer = useCleanups("all");

interface Pair {
  servers: [Service, Service];
  tokenFor(sub: string): Promise<string>;
}

/** Starts two instances on a fresh database, sharing one DATA_DIR for the keys, as replicas share a secret. */
async function twoInstances(): Promise<Pair> {
  const dataDir = mkdtempSync(join(tmpdir(), "genauth-mfa-pair-"));
  defer(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "warn", DATABASE_URL: await freshPostgresDatabase() };
  // The first creates the keys; the second, started after it, reads them.
  const first = await spawnService("src/server/main.ts", env);
  defer(() => first.stop("SIGKILL"));
  const second = await spawnService("src/server/main.ts", env);
  defer(() => second.stop("SIGKILL"));
  const { privateKey } = await loadDevSigningKey(dataDir);
  return { servers: [first, second], tokenFor: (sub) => signDevToken(privateKey, { sub }) };
}

// biome-ignore lint/suspicious/noExplicitAny: a test reads data's fields only once statusCode says 200
type Body = { statusCode: number; apiCode?: number; message: string; data?: any };

async function call(base: string, token: string, path: string, body?: unknown): Promise<Body> {
  const init: RequestInit =
    body === undefined
      ? { headers: { authorization: token } }
      : { method: "POST", headers: { authorization: token, "content-type": "application/json" }, body: JSON.stringify(body) };
  return (await (await fetch(`${base}/api/v3/${path}`, init)).json()) as Body;
}

/** `count` copies of one request at once, alternating between the two instances. */
const race = (pair: Pair, count: number, request: (base: string) => Promise<Body>) =>
  Promise.all(Array.from({ length: count }, (_, i) => request(pair.servers[i % 2]!.url)));

const successes = (bodies: Body[]) => bodies.filter((b) => b.statusCode === 200);

/** Binds an authenticator app through the first instance; returns its otpauth URI. */
async function bindOtp(pair: Pair, token: string): Promise<string> {
  const base = pair.servers[0].url;
  const sent = await call(base, token, "send-enroll-factor-request", { factorType: "OTP" });
  await awayFromStepBoundary(5000);
  const passCode = totpFor(sent.data.otpData.qrCodeUri, Date.now() - 30_000); // leaves this step's code unused
  const bound = await call(base, token, "enroll-factor", {
    factorType: "OTP",
    enrollmentToken: sent.data.enrollmentToken,
    enrollmentData: { passCode },
  });
  expect(bound.statusCode, bound.message).toBe(200);
  return sent.data.otpData.qrCodeUri as string;
}

// One pair serves every case (each with users and numbers of its own); the SIGKILL case comes last.
describe.skipIf(!postgresAdminUrl)("two instances on one PostgreSQL database", () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await twoInstances();
  }, 60_000);

  it("send one code of 100 simultaneous sends for one number, and throttle the other 99 with statusCode 429", async () => {
    const token = await pair.tokenFor("race-sms");
    const phoneNumber = uniquePhoneNumber();
    const bodies = await race(pair, 100, (base) =>
      call(base, token, "send-enroll-factor-request", { factorType: "SMS", profile: { phoneNumber } }),
    );
    expect(successes(bodies)).toHaveLength(1);
    expect(bodies.filter((b) => b.statusCode === 429)).toHaveLength(99);
  }, 60_000);

  it("bind exactly one factor from 50 simultaneous enrollments with one token", async () => {
    const token = await pair.tokenFor("race-enroll");
    const sent = await call(pair.servers[0].url, token, "send-enroll-factor-request", { factorType: "OTP" });
    const passCode = totpFor(sent.data.otpData.qrCodeUri);
    const request = { factorType: "OTP", enrollmentToken: sent.data.enrollmentToken, enrollmentData: { passCode } };
    const bodies = await race(pair, 50, (base) => call(base, token, "enroll-factor", request));
    expect(successes(bodies)).toHaveLength(1);
    for (const server of pair.servers) expect((await call(server.url, token, "list-enrolled-factors")).data).toHaveLength(1);
  }, 60_000);

  it("verify one TOTP once among 20 simultaneous verifications", async () => {
    const token = await pair.tokenFor("race-verify");
    const uri = await bindOtp(pair, token);
    const totp = totpFor(uri);
    const bodies = await race(pair, 20, (base) => call(base, token, "mfa-totp-verify", { totp }));
    expect(successes(bodies).map((b) => b.data)).toStrictEqual([{ verified: true }]);
    expect(bodies.filter((b) => b.statusCode === 400 && /already used/.test(b.message))).toHaveLength(19);
  }, 60_000);

  it("share the lock-out: 10 wrong TOTPs split between the instances lock the user out on both", async () => {
    const token = await pair.tokenFor("race-lockout");
    const uri = await bindOtp(pair, token);
    const right = totpFor(uri);
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, "0");
    const bodies = await race(pair, 10, (base) => call(base, token, "mfa-totp-verify", { totp: wrong }));
    expect(bodies.every((b) => b.statusCode === 400)).toBe(true);
    for (const server of pair.servers) {
      expect(await call(server.url, token, "mfa-totp-verify", { totp: right })).toMatchObject({
        statusCode: 429,
        message: expect.stringContaining("Too many incorrect codes"),
      });
    }
  }, 60_000);

  it("keep every binding one instance acknowledged when that instance is killed with SIGKILL under load", async () => {
    const [victim, survivor] = pair.servers;
    const acknowledged: Array<{ token: string; enroll: unknown }> = [];
    let stop = false;
    let next = 0;
    const worker = async () => {
      while (!stop) {
        const token = await pair.tokenFor(`crash-user-${next++}`);
        try {
          const sent = await call(victim.url, token, "send-enroll-factor-request", { factorType: "OTP" });
          if (sent.statusCode !== 200) continue;
          const passCode = totpFor(sent.data.otpData.qrCodeUri, Date.now() - 30_000);
          const enroll = { factorType: "OTP", enrollmentToken: sent.data.enrollmentToken, enrollmentData: { passCode } };
          const bound = await call(victim.url, token, "enroll-factor", enroll);
          if (bound.statusCode === 200) acknowledged.push({ token, enroll });
        } catch {
          // the connection died with the instance: that request was never acknowledged
        }
      }
    };
    const workers = Array.from({ length: 12 }, worker);
    const deadline = Date.now() + 30_000;
    while (acknowledged.length < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await victim.stop("SIGKILL");
    stop = true;
    await Promise.all(workers);
    expect(acknowledged.length, "the instance acknowledged too few bindings before the kill").toBeGreaterThanOrEqual(30);
    for (const { token, enroll } of acknowledged) {
      const listed = await call(survivor.url, token, "list-enrolled-factors");
      expect(listed.data.map((f: { factorType: string }) => f.factorType)).toEqual(["OTP"]);
      expect(await call(survivor.url, token, "enroll-factor", enroll)).toMatchObject({ statusCode: 422, apiCode: 6112 });
    }
  }, 90_000);
});
