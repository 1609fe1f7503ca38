import { createHash } from "node:crypto";
import { decodeJwt } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { sessionOf } from "../../src/domain/token-session.ts";
import { DEFAULT_SEND_LIMITS } from "../../src/domain/send-limits.ts";
import { MAX_PENDING_ENROLLMENTS } from "../../src/domain/start-enrollment.ts";
import { sha256 } from "../../src/domain/digests.ts";
import type { EnrollmentRecord } from "../../src/store/store.ts";
import { ROOMY_SEND_LIMITS, ROOMY_START_LIMITS } from "../support/roomy-limits.ts";
import { PATHS } from "../support/enroll.ts";
import { recordTransactions } from "../support/record-transactions.ts";
import { aliceAndBob } from "../support/users.ts";
import { buildTestApp, failingTransport, send, type TestApp } from "../support/test-app.ts";

// These tests run with the server's default caps (5 codes per user and channel per hour, 10 per
// day, 100 per channel per minute for everyone): buildTestApp uses them unless told otherwise.
let t: TestApp;
afterEach(async () => {
  await t.app.close();
});

const HOUR = 3_600_000;
const start = (token: string, body: unknown) => send(t.app, "POST", PATHS.sendEnrollFactorRequest, token, body);
const number = (i: number) => `1880000${String(i).padStart(4, "0")}`;
const sms = (i: number) => ({ factorType: "SMS", profile: { phoneNumber: number(i) } });
const email = (i: number) => ({ factorType: "EMAIL", profile: { email: `inbox-${i}@example.com` } });
const retrySeconds = (message: string) => Number(/retry in (\d+) seconds/.exec(message)?.[1]);

describe("the per-user caps on codes (SMS pumping)", () => {
  it("runs with the documented defaults of 5 an hour, 10 a day and 100 a minute", async () => {
    t = await buildTestApp();
    expect(t.mfa.sendLimits).toEqual({ userPerHour: 5, userPerDay: 10, globalPerMinute: 100 });
    expect(DEFAULT_SEND_LIMITS).toEqual(t.mfa.sendLimits);
  });

  it("sends codes to 5 of 30 different numbers one user asks for in a burst, and answers the other 25 with 429", async () => {
    t = await buildTestApp();
    const alice = await t.tokenFor("alice");
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => start(alice, sms(i))));
    const codes = answers.map((a) => a.body.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(5);
    expect(codes.filter((c) => c === 429)).toHaveLength(25);
    const delivered = Array.from({ length: 30 }, (_, i) => t.outbox.messagesTo(`+86${number(i)}`).length);
    expect(delivered.reduce((a, b) => a + b)).toBe(5);
    const refused = answers.find((a) => a.body.statusCode === 429)!.body;
    expect(refused.message).toMatch(/^This user was sent 5 SMS codes in the last hour, the most allowed; retry in \d+ seconds$/);
    expect(retrySeconds(refused.message)).toBe(3600);
  });

  it("says when the hourly cap frees a code, and sends again at that moment", async () => {
    t = await buildTestApp();
    const alice = await t.tokenFor("alice", {}, 2 * HOUR);
    for (let i = 0; i < 5; i++) {
      expect((await start(alice, sms(i))).body.statusCode).toBe(200);
      t.clock.advance(60_000);
    }
    const refused = (await start(alice, sms(5))).body;
    expect(refused.statusCode).toBe(429);
    // The first send was 5 minutes ago: it leaves the hour in 55 minutes.
    expect(retrySeconds(refused.message)).toBe(55 * 60);
    t.clock.advance(55 * 60_000 - 1);
    expect((await start(alice, sms(5))).body.statusCode).toBe(429);
    t.clock.advance(1);
    expect((await start(alice, sms(5))).body.statusCode).toBe(200);
  });

  it("caps a user at 10 codes in 24 hours even when each hour stays under 5", async () => {
    t = await buildTestApp();
    const alice = await t.tokenFor("alice", {}, 24 * HOUR);
    for (let i = 0; i < 10; i++) {
      expect((await start(alice, sms(i))).body.statusCode).toBe(200);
      t.clock.advance(HOUR / 2);
    }
    const refused = (await start(alice, sms(10))).body;
    expect(refused.statusCode).toBe(429);
    expect(refused.message).toMatch(/^This user was sent 10 SMS codes in the last 24 hours, the most allowed; retry in \d+ seconds$/);
    expect(retrySeconds(refused.message)).toBe(19 * 3600);
  });

  it("counts SMS and email apart, and one user's codes never against another's", async () => {
    t = await buildTestApp();
    const [alice, bob] = [await t.tokenFor("alice"), await t.tokenFor("bob")];
    for (let i = 0; i < 5; i++) expect((await start(alice, sms(i))).body.statusCode).toBe(200);
    expect((await start(alice, sms(5))).body.statusCode).toBe(429);
    expect((await start(alice, email(0))).body.statusCode).toBe(200);
    expect((await start(bob, sms(6))).body.statusCode).toBe(200);
  });

  it("does not count a refused request against the cap", async () => {
    t = await buildTestApp();
    const alice = await t.tokenFor("alice");
    // The same number twice: the second is refused by the number's minute and must not use up a code.
    for (let i = 0; i < 5; i++) expect((await start(alice, sms(0))).body.statusCode).toBe(i === 0 ? 200 : 429);
    for (let i = 1; i < 5; i++) expect((await start(alice, sms(i))).body.statusCode).toBe(200);
  });

  it("gives the number's minute and the cap as one answer when both refuse: the later of the two", async () => {
    t = await buildTestApp();
    const alice = await t.tokenFor("alice");
    for (let i = 0; i < 5; i++) expect((await start(alice, sms(i))).body.statusCode).toBe(200);
    const { body } = await start(alice, sms(4));
    expect(body.message).toMatch(/in the last hour/);
  });
});

describe("the caps' answers", () => {
  it("name email codes for the email channel", async () => {
    t = await buildTestApp();
    const alice = await t.tokenFor("alice");
    for (let i = 0; i < 5; i++) expect((await start(alice, email(i))).body.statusCode).toBe(200);
    expect((await start(alice, email(5))).body.message).toMatch(
      /^This user was sent 5 email codes in the last hour, the most allowed; retry in \d+ seconds$/,
    );
  });

  it('say "1 SMS code" and "1 email code" for a cap of one', async () => {
    t = await buildTestApp({ sendLimits: { userPerHour: 1, userPerDay: 10, globalPerMinute: 100 } });
    const alice = await t.tokenFor("alice");
    await start(alice, sms(0));
    await start(alice, email(0));
    expect((await start(alice, sms(1))).body.message).toContain("was sent 1 SMS code in the last hour");
    expect((await start(alice, email(1))).body.message).toContain("was sent 1 email code in the last hour");
  });

  it("say whether the phone number or the address had a code less than a minute ago", async () => {
    t = await buildTestApp();
    const alice = await t.tokenFor("alice");
    await start(alice, sms(0));
    await start(alice, email(0));
    expect((await start(alice, sms(0))).body.message).toBe(
      "A code was sent to this phone number less than a minute ago; retry in 60 seconds",
    );
    expect((await start(alice, email(0))).body.message).toBe("A code was sent to this address less than a minute ago; retry in 60 seconds");
  });

  it("name the limit that frees last when two refuse, whichever of them is checked first", async () => {
    t = await buildTestApp({ sendLimits: { userPerHour: 5, userPerDay: 10, globalPerMinute: 2 } });
    const [alice, bob, carol] = [await t.tokenFor("alice"), await t.tokenFor("bob"), await t.tokenFor("carol")];
    await start(alice, sms(0));
    t.clock.advance(10_000);
    await start(bob, sms(1));
    t.clock.advance(10_000);
    // Bob's number's minute frees in 50 s, the budget (its oldest send is 20 s old) in 40 s.
    expect((await start(bob, sms(1))).body.message).toBe(
      "A code was sent to this phone number less than a minute ago; retry in 50 seconds",
    );
    // A new number: only the budget refuses.
    expect((await start(carol, sms(2))).body.message).toMatch(/at most 2 a minute\); retry in 40 seconds$/);
  });

  it("name the destination's minute when it frees at the same moment as the budget", async () => {
    t = await buildTestApp({ sendLimits: { userPerHour: 5, userPerDay: 10, globalPerMinute: 1 } });
    const [alice, bob] = [await t.tokenFor("alice"), await t.tokenFor("bob")];
    await start(alice, sms(0));
    expect((await start(bob, sms(0))).body.message).toBe(
      "A code was sent to this phone number less than a minute ago; retry in 60 seconds",
    );
  });
});

describe("the global budget of codes", () => {
  it("sends 100 SMS codes a minute across all users and answers the 101st user with 429", async () => {
    t = await buildTestApp();
    const tokens = await Promise.all(Array.from({ length: 101 }, (_, i) => t.tokenFor(`user-${i}`)));
    const answers = await Promise.all(tokens.map((token, i) => start(token, sms(i))));
    expect(answers.filter((a) => a.body.statusCode === 200)).toHaveLength(100);
    const refused = answers.filter((a) => a.body.statusCode === 429);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.body.message).toMatch(/^Too many SMS codes are being sent right now \(at most 100 a minute\); retry in 60 seconds$/);
    t.clock.advance(60_000);
    expect((await start(tokens[100]!, sms(100))).body.statusCode).toBe(200);
  });

  it("counts SMS and email codes in budgets of their own, and names the channel whose budget is spent", async () => {
    t = await buildTestApp({ sendLimits: { userPerHour: 5, userPerDay: 10, globalPerMinute: 1 } });
    const [alice, bob, carol] = [await t.tokenFor("alice"), await t.tokenFor("bob"), await t.tokenFor("carol")];
    expect((await start(alice, sms(0))).body.statusCode).toBe(200);
    expect((await start(bob, email(0))).body.statusCode).toBe(200);
    expect((await start(carol, email(1))).body.message).toBe(
      "Too many email codes are being sent right now (at most 1 a minute); retry in 60 seconds",
    );
  });

  it("takes its limits from the context, so a deployment can raise or lower them", async () => {
    t = await buildTestApp({ sendLimits: { userPerHour: 2, userPerDay: 3, globalPerMinute: 1000 } });
    const alice = await t.tokenFor("alice");
    expect((await start(alice, sms(0))).body.statusCode).toBe(200);
    expect((await start(alice, sms(1))).body.statusCode).toBe(200);
    expect((await start(alice, sms(2))).body).toMatchObject({
      statusCode: 429,
      message: expect.stringContaining("sent 2 SMS codes in the last hour"),
    });
  });
});

// GenAuth documents one code per number (and address) per minute, whoever asks: another user's
// request still refuses this one. What it must not do is tell this user when the other one asked.
describe("what the destination's minute tells the user who asks", () => {
  it("tells the user who took a number's minute exactly how long is left of it", async () => {
    t = await buildTestApp();
    const alice = await t.tokenFor("alice");
    await start(alice, sms(0));
    t.clock.advance(7_000);
    expect((await start(alice, sms(0))).body.message).toBe(
      "A code was sent to this phone number less than a minute ago; retry in 53 seconds",
    );
  });

  it("tells another user only the whole minute, so that the answer does not say when the first request was made", async () => {
    t = await buildTestApp();
    const [alice, bob] = [await t.tokenFor("alice"), await t.tokenFor("bob")];
    await start(alice, sms(0));
    await start(alice, email(0));
    // 7, 30 and 52 seconds after the first request: the answer is the same each time.
    for (const step of [7_000, 23_000, 22_000]) {
      t.clock.advance(step);
      expect((await start(bob, sms(0))).body).toMatchObject({
        statusCode: 429,
        message: "A code was sent to this phone number less than a minute ago; retry in 60 seconds",
      });
      expect((await start(bob, email(0))).body).toMatchObject({
        statusCode: 429,
        message: "A code was sent to this address less than a minute ago; retry in 60 seconds",
      });
    }
    expect(t.outbox.messagesTo(`+86${number(0)}`)).toHaveLength(1);
  });

  it("gives the other user a time at which the send passes", async () => {
    t = await buildTestApp();
    const [alice, bob] = [await t.tokenFor("alice"), await t.tokenFor("bob")];
    await start(alice, sms(0));
    t.clock.advance(7_000);
    const seconds = retrySeconds((await start(bob, sms(0))).body.message);
    t.clock.advance(seconds * 1000);
    expect((await start(bob, sms(0))).body.statusCode).toBe(200);
  });

  it("still names the other user's own cap when it frees later than the number's minute", async () => {
    t = await buildTestApp();
    const [alice, bob] = [await t.tokenFor("alice"), await t.tokenFor("bob")];
    for (let i = 1; i <= 5; i++) expect((await start(bob, sms(i))).body.statusCode).toBe(200);
    await start(alice, sms(0));
    expect((await start(bob, sms(0))).body.message).toMatch(/^This user was sent 5 SMS codes in the last hour/);
  });

  it("lets one user hold a victim's number for at most 5 minutes of an hour with the default caps", async () => {
    t = await buildTestApp();
    const [mallory, victim] = [await t.tokenFor("mallory", {}, 2 * HOUR), await t.tokenFor("victim", {}, 2 * HOUR)];
    const held: number[] = [];
    for (let minute = 0; minute < 60; minute++) {
      if ((await start(mallory, sms(0))).body.statusCode === 200) held.push(minute);
      const victimAnswer = (await start(victim, sms(0))).body.statusCode;
      if (victimAnswer === 200) break;
      t.clock.advance(60_000);
    }
    expect(held).toEqual([0, 1, 2, 3, 4]);
    expect(t.outbox.messagesTo(`+86${number(0)}`)).toHaveLength(6);
  });
});

describe("email rate-limit keys", () => {
  it("gives plus-tagged and Gmail's dotted spellings of one inbox one per-minute slot, and delivers to the address as given", async () => {
    t = await buildTestApp();
    const alice = await t.tokenFor("alice");
    const to = (address: string) => start(alice, { factorType: "EMAIL", profile: { email: address } });
    expect((await to("alice+1@example.com")).body.statusCode).toBe(200);
    expect((await to("alice+2@example.com")).body.statusCode).toBe(429);
    expect((await to("alice@example.com")).body.statusCode).toBe(429);
    expect((await to("bob.smith@gmail.com")).body.statusCode).toBe(200);
    expect((await to("b.o.b.s.m.i.t.h+x@googlemail.com")).body.statusCode).toBe(429);
    expect(t.outbox.messagesTo("alice+1@example.com")).toHaveLength(1);
    expect(t.outbox.messagesTo("bob.smith@gmail.com")).toHaveLength(1);
    // Dots still matter outside Gmail.
    expect((await to("a.lice@example.com")).body.statusCode).toBe(200);
  });
});

describe("the transaction a send takes", () => {
  it("reads the factors, takes the slot and writes the enrollment in one store call, in one transaction", async () => {
    // One transaction per send: the step-up, the already-bound check, the slot and the enrollment
    // share a commit, and the factors, the take and the enrollment are one store call (one statement
    // on PostgreSQL), so no factor is bound between the check and the send, and no key is read
    // before the store holds it.
    t = await buildTestApp();
    const recorded = recordTransactions(t.mfa.store);
    const alice = await t.tokenFor("alice");
    expect((await start(alice, sms(0))).body.statusCode).toBe(200);
    expect(recorded.transactions).toBe(1);
    expect(recorded.calls).toEqual(["startSend"]);
  });

  it("writes no enrollment for a refused send, so that a refused send pushes out none of the user's pending ones", async () => {
    // Each insert keeps the user's 10 newest unused enrollments; a refused send's must not count.
    t = await buildTestApp({ startLimits: ROOMY_START_LIMITS });
    const { alice } = await aliceAndBob(t);
    const faces: string[] = [];
    for (let i = 0; i < MAX_PENDING_ENROLLMENTS; i++) {
      faces.push((await start(alice, { factorType: "FACE" })).body.data.enrollmentToken);
      t.clock.advance(1);
    }
    const held = async () =>
      (await Promise.all(faces.map(async (token) => t.mfa.store.findEnrollment(await sha256(t.mfa.ports, token))))).map(Boolean);
    expect((await start(alice, sms(0))).body.statusCode).toBe(200);
    expect(await held()).toEqual([false, ...Array(MAX_PENDING_ENROLLMENTS - 1).fill(true)]);
    expect((await start(alice, sms(0))).body.statusCode).toBe(429);
    expect(await held()).toEqual([false, ...Array(MAX_PENDING_ENROLLMENTS - 1).fill(true)]);
  });

  it("takes nothing for a send the user's factors refuse: the number's minute, the user's hour and the budget stay free", async () => {
    // Refused for an SMS factor already bound, while another user holds the number's minute: the
    // factor's refusal is the answer, and nothing was taken, not even until a rollback.
    t = await buildTestApp();
    const [alice, bob] = [await t.tokenFor("alice"), await t.tokenFor("bob")];
    expect((await start(bob, sms(1))).body.statusCode).toBe(200);
    await t.mfa.store.insertFactor({ factorId: "f".repeat(24), userId: "alice", factorType: "SMS", profile: {}, createdAt: t.clock.now() });
    const recorded = recordTransactions(t.mfa.store);
    expect((await start(alice, sms(1))).body).toMatchObject({ statusCode: 409 });
    expect((await start(alice, sms(2))).body).toMatchObject({ statusCode: 409 });
    expect(recorded.calls).toEqual(["startSend", "startSend"]);
    expect(await t.mfa.store.recentSends(`sms:+86${number(2)}`)).toEqual([]);
    expect(await t.mfa.store.recentSends("user:sms:alice")).toEqual([]);
  });

  it("checks the step-up of a user with an authenticator app before it takes anything, then asks again and takes", async () => {
    t = await buildTestApp();
    const alice = await t.tokenFor("alice");
    await t.mfa.store.insertFactor({ factorId: "a".repeat(24), userId: "alice", factorType: "OTP", profile: {}, createdAt: t.clock.now() });
    const recorded = recordTransactions(t.mfa.store);
    expect((await start(alice, sms(0))).body).toMatchObject({ statusCode: 403 });
    expect(recorded.calls).toEqual(["startSend", "otpGuard"]);
    expect(await t.mfa.store.recentSends(`sms:+86${number(0)}`)).toEqual([]);
    expect(await t.mfa.store.recentSends("user:sms:alice")).toEqual([]);
    await t.mfa.store.setStepUpAt("alice", await sessionOf(t.mfa.ports, decodeJwt(alice), alice), t.clock.now());
    recorded.calls.length = 0;
    expect((await start(alice, sms(0))).body.statusCode).toBe(200);
    expect(recorded.calls).toEqual(["startSend", "otpGuard", "startSend"]);
    expect(await t.mfa.store.recentSends(`sms:+86${number(0)}`)).toEqual([t.clock.now()]);
  });

  it("revokes the enrollment of a send whose code did not go out, since its token was never handed over", async () => {
    t = await buildTestApp({ transports: { sms: failingTransport("unreachable", true) } });
    const written: EnrollmentRecord[] = [];
    const transaction = t.mfa.store.transaction.bind(t.mfa.store);
    t.mfa.store.transaction = (work) =>
      transaction((tx) =>
        work({
          ...tx,
          startSend: (start) => {
            written.push(start.enrollment);
            return tx.startSend(start);
          },
        }),
      );
    const alice = await t.tokenFor("alice");
    expect((await start(alice, sms(0))).body.statusCode).toBe(601);
    expect(written).toHaveLength(1);
    expect(await t.mfa.store.findEnrollment(written[0]!.tokenHash)).toMatchObject({ revokedAt: t.clock.now() });
  });

  it("answers a failed delivery with its own 601 when the store then fails to revoke the enrollment, and logs why", async () => {
    const lines: string[] = [];
    t = await buildTestApp({
      transports: { sms: failingTransport("unreachable", true) },
      logger: { level: "info", stream: { write: (line: string) => void lines.push(line) } },
    });
    const transaction = t.mfa.store.transaction.bind(t.mfa.store);
    let calls = 0;
    // The send's own transaction goes through; the revoke after the failed delivery meets a store that has gone.
    t.mfa.store.transaction = (work) => (++calls === 1 ? transaction(work) : Promise.reject(new Error("connection to the store lost")));
    const answer = (await start(await t.tokenFor("alice"), sms(0))).body;
    expect(answer).toMatchObject({ statusCode: 601 });
    expect(answer.message).toMatch(/SMS/);
    expect(calls).toBe(2);
    const warned = lines.map((line) => JSON.parse(line)).find((entry) => entry.level === 40);
    expect(warned).toMatchObject({
      msg: "the enrollment of an undelivered code could not be revoked",
      err: { message: "connection to the store lost" },
    });
  });
});

// The rings' keys are rows in the database: an instance of the next version, or one still running
// the last, must find a limit under the key this one wrote it under.
describe("the rings a send writes", () => {
  const askedBy = (userId: string) => createHash("sha256").update(userId).digest("hex").slice(0, 32);

  it("keeps the number's minute and the user's caps under their documented keys, and who asked in the number's own row", async () => {
    // Who took the minute is the number's ring's holder: the ring that once said it under
    // asked:<digest>:<key> is no longer written, since a row less is a page less to commit.
    t = await buildTestApp();
    const now = t.clock.now();
    const [alice, bob] = [await t.tokenFor("alice"), await t.tokenFor("bob")];
    await start(alice, sms(0));
    expect(await t.mfa.store.recentSends(`sms:+86${number(0)}`)).toEqual([now]);
    expect(await t.mfa.store.recentSends(`asked:${askedBy("alice")}:sms:+86${number(0)}`)).toEqual([]);
    expect(await t.mfa.store.recentSends("user:sms:alice")).toEqual([now]);
    const minute = { cap: 1, windowMs: 60_000 };
    const ask = (holder: string) =>
      t.mfa.store.takeSend(now + 1, [{ key: `sms:+86${number(0)}`, windows: [minute], holder }], { key: "all:sms", cap: 100 });
    expect(await ask(askedBy("alice"))).toMatchObject({ taken: false, mine: [true] });
    expect(await ask(askedBy("bob"))).toMatchObject({ taken: false, mine: [false] });
    expect((await start(bob, sms(0))).body.statusCode).toBe(429);
  });

  it("keeps no ring of the user's codes when both per-user caps are off", async () => {
    t = await buildTestApp({ sendLimits: ROOMY_SEND_LIMITS });
    const now = t.clock.now();
    await start(await t.tokenFor("alice"), sms(0));
    expect(await t.mfa.store.recentSends(`sms:+86${number(0)}`)).toEqual([now]);
    expect(await t.mfa.store.recentSends("user:sms:alice")).toEqual([]);
  });
});
