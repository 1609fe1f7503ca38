import { afterEach, describe, expect, it } from "vitest";
import { GenAuthError } from "../../src/contract/envelope.ts";
import type { MfaContext, User } from "../../src/domain/mfa-context.ts";
import { DEFAULT_START_LIMITS } from "../../src/domain/send-limits.ts";
import { takeStartSlot } from "../../src/domain/start-limits.ts";
import type { MfaStoreOps } from "../../src/store/store.ts";
import { ROOMY_START_LIMITS } from "../support/roomy-limits.ts";
import { PATHS } from "../support/enroll.ts";
import { recordTransactions } from "../support/record-transactions.ts";
import { buildTestApp, send, type TestApp } from "../support/test-app.ts";

// The caps' defaults are both 100 (five contract-suite runs with one user must pass); the cases about
// the hour's window set a smaller hourly cap, as a deployment may, and say so.
let t: TestApp;
afterEach(async () => {
  await t.app.close();
});

const HOUR = 3_600_000;
const start = (token: string, factorType: "OTP" | "FACE") => send(t.app, "POST", PATHS.sendEnrollFactorRequest, token, { factorType });
const retrySeconds = (message: string) => Number(/retry in (\d+) seconds/.exec(message)?.[1]);
/** A user whose token shows an email address, as a FACE binding needs (apiCode 1703 otherwise). */
const user = (id: string, expiresInSeconds?: number) => t.tokenFor(id, { email: `${id}@example.com` }, expiresInSeconds);
/** A deployment's tighter burst: 20 starts of a type an hour, the default 100 a day. */
const TIGHT = { userPerHour: 20, userPerDay: 100 };

describe("the per-user caps on starting OTP and FACE bindings", () => {
  it("runs with the documented defaults of 100 starts of each type in any hour and in any 24 hours", async () => {
    t = await buildTestApp();
    expect(DEFAULT_START_LIMITS).toEqual({ userPerHour: 100, userPerDay: 100 });
    expect(t.mfa.startLimits).toEqual(DEFAULT_START_LIMITS);
  });

  it("starts 100 of 300 simultaneous OTP bindings by one token at the defaults, refuses 200 with 429, and draws 100 secrets", async () => {
    // One token ran 430 OTP starts a second, each drawing a secret and rendering a QR code.
    t = await buildTestApp();
    let sealed = 0;
    const seal = t.mfa.secretBox.seal.bind(t.mfa.secretBox);
    t.mfa.secretBox.seal = (secret) => {
      sealed++;
      return seal(secret);
    };
    const alice = await user("alice");
    const answers = await Promise.all(Array.from({ length: 300 }, () => start(alice, "OTP")));
    const codes = answers.map((a) => a.body.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(100);
    expect(codes.filter((c) => c === 429)).toHaveLength(200);
    expect(sealed).toBe(100);
    const refused = answers.find((a) => a.body.statusCode === 429)!.body;
    expect(refused.message).toBe("This user started binding OTP 100 times in the last 24 hours, the most allowed; retry in 86400 seconds");
  });

  it("caps FACE starts alike", async () => {
    t = await buildTestApp({ startLimits: TIGHT });
    const alice = await user("alice");
    for (let i = 0; i < 20; i++) expect((await start(alice, "FACE")).body.statusCode).toBe(200);
    expect((await start(alice, "FACE")).body).toMatchObject({
      statusCode: 429,
      message: "This user started binding FACE 20 times in the last hour, the most allowed; retry in 3600 seconds",
    });
  });

  it("counts OTP and FACE apart, and one user's starts never against another's", async () => {
    t = await buildTestApp({ startLimits: TIGHT });
    const [alice, bob] = [await user("alice"), await user("bob")];
    for (let i = 0; i < 20; i++) await start(alice, "FACE");
    expect((await start(alice, "FACE")).body.statusCode).toBe(429);
    expect((await start(alice, "OTP")).body.statusCode).toBe(200);
    expect((await start(bob, "FACE")).body.statusCode).toBe(200);
  });

  it("says when the hourly cap frees a start, and starts again at that moment", async () => {
    t = await buildTestApp({ startLimits: TIGHT });
    const alice = await user("alice", 2 * 3600);
    for (let i = 0; i < 20; i++) {
      expect((await start(alice, "FACE")).body.statusCode).toBe(200);
      t.clock.advance(60_000);
    }
    const refused = (await start(alice, "FACE")).body;
    // The first start was 20 minutes ago: it leaves the hour in 40 minutes.
    expect(retrySeconds(refused.message)).toBe(40 * 60);
    t.clock.advance(40 * 60_000 - 1);
    expect((await start(alice, "FACE")).body.statusCode).toBe(429);
    t.clock.advance(1);
    expect((await start(alice, "FACE")).body.statusCode).toBe(200);
  });

  it("caps a user at 100 starts of a type in 24 hours even when each hour stays under the hour's cap", async () => {
    t = await buildTestApp({ startLimits: TIGHT });
    const alice = await user("alice", 24 * 3600);
    for (let i = 0; i < 100; i++) {
      expect((await start(alice, "FACE")).body.statusCode).toBe(200);
      t.clock.advance(HOUR / 5);
    }
    const refused = (await start(alice, "FACE")).body;
    expect(refused).toMatchObject({
      statusCode: 429,
      message: expect.stringMatching(
        /^This user started binding FACE 100 times in the last 24 hours, the most allowed; retry in \d+ seconds$/,
      ),
    });
    expect(retrySeconds(refused.message)).toBe(4 * 3600);
  });

  it('says "once" for a cap of one', async () => {
    t = await buildTestApp({ startLimits: { userPerHour: 1, userPerDay: 10 } });
    const alice = await user("alice");
    await start(alice, "OTP");
    expect((await start(alice, "OTP")).body.message).toBe(
      "This user started binding OTP once in the last hour, the most allowed; retry in 3600 seconds",
    );
  });

  it("counts nothing when both caps are 0", async () => {
    t = await buildTestApp({ startLimits: ROOMY_START_LIMITS });
    const alice = await user("alice");
    for (let i = 0; i < 40; i++) expect((await start(alice, "FACE")).body.statusCode).toBe(200);
    expect(await t.mfa.store.recentSends("start:face:alice")).toEqual([]);
  });

  it("does not count a start refused for another reason", async () => {
    t = await buildTestApp({ startLimits: { userPerHour: 1, userPerDay: 10 }, enabledFactors: ["OTP"] });
    const alice = await user("alice");
    expect((await start(alice, "FACE")).body.statusCode).toBe(403);
    expect(await t.mfa.store.recentSends("start:face:alice")).toEqual([]);
  });
});

describe("the answer of a refused start", () => {
  // A day's first start 23.5 hours before the second frees the day 29 minutes from the third; one
  // 23 hours before frees it at the same moment as the hour, 59 minutes from it.
  it.each([
    ["after the day's", 23.5],
    ["at the same moment as the day's", 23],
  ])("names the hour's window when it frees %s", async (_when, hoursBetween) => {
    t = await buildTestApp({ startLimits: { userPerHour: 1, userPerDay: 2 } });
    const alice = await user("alice", 2 * 24 * 3600);
    expect((await start(alice, "OTP")).body.statusCode).toBe(200);
    t.clock.advance(hoursBetween * HOUR);
    expect((await start(alice, "OTP")).body.statusCode).toBe(200);
    t.clock.advance(60_000);
    expect((await start(alice, "OTP")).body.message).toBe(
      "This user started binding OTP once in the last hour, the most allowed; retry in 3540 seconds",
    );
  });

  it("says when to retry if the store refuses with no window full, as only a spent budget would", async () => {
    const now = 1_700_000_000_000;
    const ctx = { startLimits: { userPerHour: 5, userPerDay: 10 }, now: () => now } as MfaContext;
    const tx = {
      takeSend: async () => ({ taken: false, rings: [[undefined, undefined]], budget: now + 30_000 }),
    } as unknown as MfaStoreOps;
    const refusal = await takeStartSlot(ctx, tx, { id: "alice" } as User, "OTP");
    expect(refusal).toBeInstanceOf(GenAuthError);
    expect([refusal?.statusCode, refusal?.message]).toEqual([429, "Too many requests to start binding a factor; retry in 30 seconds"]);
  });
});

describe("the rings and the budget a start writes", () => {
  // Rows in the database: another version's instance must find a user's starts under the same keys.
  it("counts a user's starts of a type under start:<type>:<user id>, and pays into the all:start budget", async () => {
    t = await buildTestApp({ startLimits: TIGHT });
    const now = t.clock.now();
    expect((await start(await user("alice"), "FACE")).body.statusCode).toBe(200);
    expect(await t.mfa.store.recentSends("start:face:alice")).toEqual([now]);
    expect(await t.mfa.store.takeSend(now, [], { key: "all:start", cap: 1 })).toMatchObject({ taken: false });
    expect(await t.mfa.store.takeSend(now, [], { key: "all:other", cap: 1 })).toMatchObject({ taken: true });
  });
});

describe("the transaction a start takes", () => {
  it("checks factors and counts the start in one transaction, one read and one take, before writing the enrollment", async () => {
    t = await buildTestApp();
    const recorded = recordTransactions(t.mfa.store);
    const alice = await user("alice");
    expect((await start(alice, "OTP")).body.statusCode).toBe(200);
    expect(recorded.transactions).toBe(1);
    expect(recorded.calls).toEqual(["listFactors", "takeSend"]);
  });
});
