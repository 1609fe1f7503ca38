import { afterEach, describe, expect, it } from "vitest";
import type { MfaContext } from "../../src/domain/mfa-context.ts";
import {
  afterFailure,
  afterSuccess,
  decayedEscalation,
  lockoutProblem,
  MAX_CONSECUTIVE_OTP_FAILURES,
  OTP_LOCKED_UNTIL_UNLOCKED,
  unlockOtp,
} from "../../src/domain/otp-lockout.ts";
import type { OtpFailureRecord } from "../../src/store/store.ts";
import { freshStore } from "../support/ports.ts";
import { enrolledFactors, enrollOtp, independentTotp, PATHS, wrongTotp } from "../support/enroll.ts";
import { buildTestApp, send, type TestApp, type TestAppOptions } from "../support/test-app.ts";

const DAY_MS = 86_400_000;

let t: TestApp;
let alice: string;
let secret: string;
let recoveryCode: string;
afterEach(async () => {
  await t.app.close();
});

/** Alice binds an authenticator app; the lock-out settings are the server's defaults unless given. */
async function setUp(options: TestAppOptions = {}) {
  t = await buildTestApp(options);
  alice = await t.tokenFor("alice", { username: "alice" }, 10 * 365 * 86_400);
  ({ secret, recoveryCode } = await enrollOtp(t, alice));
}

const verify = (totp = independentTotp(secret, t.clock.now())) => send(t.app, "POST", PATHS.mfaOtpVerify, alice, { totp });

/** Sends `n` wrong TOTPs, each refused as wrong (none falls into a lock-out). */
async function guessWrong(n = 10) {
  for (let i = 0; i < n; i++) expect((await verify(wrongTotp(secret, t.clock.now()))).body.apiCode).toBe(6001);
}

/** The seconds the lock-out has left, as the refusal of the right code says. */
async function lockedForSeconds(): Promise<number> {
  const { body } = await verify();
  expect(body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/retry in \d+ seconds/) });
  return Number(/retry in (\d+) seconds/.exec(body.message)![1]);
}

/** Runs `lockOuts` runs of 10 wrong TOTPs, each after waiting the last lock-out out; returns each lock-out's seconds. */
async function waitOutAndGuess(lockOuts: number): Promise<number[]> {
  const seconds: number[] = [];
  for (let i = 0; i < lockOuts; i++) {
    await guessWrong();
    seconds.push(await lockedForSeconds());
    t.clock.advance(seconds.at(-1)! * 1000);
  }
  return seconds;
}

const HARD_LOCK = {
  statusCode: 429,
  apiCode: OTP_LOCKED_UNTIL_UNLOCKED,
  message: expect.stringContaining("until an administrator unlocks"),
};

describe("lock-outs in a row", () => {
  it("doubles each lock-out in a row up to a day, so an attacker who waits one out meets a longer one", async () => {
    await setUp();
    expect(await waitOutAndGuess(9)).toEqual([900, 1800, 3600, 7200, 14_400, 28_800, 57_600, 86_400, 86_400]);
  });

  it("stops doubling at TOTP_LOCKOUT_MAX_SECONDS", async () => {
    await setUp({ otpLockoutMs: 60_000, otpLockoutMaxMs: 200_000 });
    expect(await waitOutAndGuess(4)).toEqual([60, 120, 200, 200]);
  });

  it("stops escalating at the cap, so one quiet period after a long attack shortens the next lock-out at once", async () => {
    await setUp({ otpLockoutMs: 60_000, otpLockoutMaxMs: 200_000 });
    await waitOutAndGuess(8); // 60, 120, 200 and five more at the cap
    t.clock.advance(DAY_MS);
    expect(await waitOutAndGuess(1)).toEqual([120]);
  });

  it("keeps the escalation across a right code: the real user's success does not shorten the attacker's next lock-out", async () => {
    await setUp();
    await waitOutAndGuess(3);
    expect((await verify()).body.statusCode).toBe(200);
    t.clock.advance(30_000);
    expect(await waitOutAndGuess(1)).toEqual([7200]);
  });

  it("undoes one doubling for each quiet period (TOTP_LOCKOUT_QUIET_SECONDS) after the last lock-out ended", async () => {
    await setUp();
    await waitOutAndGuess(3); // next would be 7200
    t.clock.advance(DAY_MS);
    expect(await waitOutAndGuess(1)).toEqual([3600]);
    t.clock.advance(2 * DAY_MS);
    expect(await waitOutAndGuess(1)).toEqual([1800]);
    t.clock.advance(30 * DAY_MS);
    expect(await waitOutAndGuess(1)).toEqual([900]);
  });

  it("starts the quiet period again at each wrong code, so guessing slowly does not undo the escalation", async () => {
    await setUp({ otpLockoutQuietMs: DAY_MS });
    await waitOutAndGuess(2); // next would be 3600
    for (let i = 0; i < 9; i++) {
      t.clock.advance(DAY_MS - 1000);
      await guessWrong(1);
    }
    t.clock.advance(DAY_MS - 1000);
    await guessWrong(1);
    expect(await lockedForSeconds()).toBe(3600);
  });
});

describe(`the lock-out after ${MAX_CONSECUTIVE_OTP_FAILURES} wrong codes in a row`, () => {
  it("locks TOTP checks, recovery and factor changes for good, whatever the wait, until an operator unlocks the user", async () => {
    await setUp();
    await waitOutAndGuess(9);
    await guessWrong(9);
    expect((await verify(wrongTotp(secret, t.clock.now()))).body.apiCode).toBe(6001); // the 100th
    expect((await verify()).body).toMatchObject(HARD_LOCK);
    t.clock.advance(365 * DAY_MS);
    expect((await verify()).body).toMatchObject(HARD_LOCK);
    expect((await send(t.app, "POST", PATHS.mfaOtpRecover, alice, { recoveryCode })).body).toMatchObject(HARD_LOCK);
    const factorId = (await enrolledFactors(t, alice))[0]!.factorId;
    expect((await send(t.app, "POST", PATHS.resetFactor, alice, { factorId })).body).toMatchObject(HARD_LOCK);
    const sms = await send(t.app, "POST", PATHS.sendEnrollFactorRequest, alice, {
      factorType: "SMS",
      profile: { phoneNumber: "18812345678" },
    });
    expect(sms.body).toMatchObject(HARD_LOCK);

    expect(await unlockOtp(t.mfa.store, "alice")).toMatchObject({ consecutive: MAX_CONSECUTIVE_OTP_FAILURES });
    expect((await verify()).body).toMatchObject({ statusCode: 200, data: { verified: true } });
  });

  it("counts the 100 from the last right code, as NIST SP 800-63B counts consecutive failures", async () => {
    await setUp();
    await waitOutAndGuess(9);
    expect((await verify()).body.statusCode).toBe(200);
    t.clock.advance(30_000);
    await guessWrong(10);
    expect(await lockedForSeconds()).toBeGreaterThan(0); // a timed lock-out, not the operator's
  });

  it("keeps the escalation an operator's unlock finds, so an attack still under way meets long lock-outs again", async () => {
    await setUp();
    await waitOutAndGuess(9);
    await guessWrong(10);
    expect((await verify()).body).toMatchObject(HARD_LOCK);
    await unlockOtp(t.mfa.store, "alice");
    await guessWrong(10);
    expect(await lockedForSeconds()).toBe(86_400);
  });

  it("lets an operator end a timed lock-out early", async () => {
    await setUp();
    await guessWrong(10);
    expect(await unlockOtp(t.mfa.store, "alice")).toMatchObject({ lockedUntil: expect.any(Number) });
    expect((await verify()).body.statusCode).toBe(200);
  });
});

describe("the lock-out's arithmetic", () => {
  const NOW = 1_700_000_000_000;
  /** The lock-out settings alone, as the functions read them: a minute's first lock-out and the defaults beyond it. */
  const ctx = { otpLockoutMs: 60_000, now: () => NOW } as MfaContext;
  const record = (fields: Partial<OtpFailureRecord>): OtpFailureRecord => ({
    userId: "u",
    count: 0,
    consecutive: 0,
    escalation: 0,
    ...fields,
  });

  it("undoes one step of escalation per day without a wrong code when TOTP_LOCKOUT_QUIET_SECONDS is not set", () => {
    const failures = record({ escalation: 3, lastFailureAt: NOW - 2 * DAY_MS - 1 });
    expect(decayedEscalation(ctx, failures, NOW)).toBe(1);
    expect(decayedEscalation({ ...ctx, otpLockoutQuietMs: DAY_MS / 2 }, failures, NOW)).toBe(0);
  });

  it("locks for good at exactly 100 wrong codes in a row, and names the 100 in its refusal", () => {
    const hundredth = afterFailure(ctx, "u", record({ count: 3, consecutive: MAX_CONSECUTIVE_OTP_FAILURES - 1 }), NOW);
    expect(hundredth).toEqual({ userId: "u", count: 0, consecutive: MAX_CONSECUTIVE_OTP_FAILURES, escalation: 1, lastFailureAt: NOW });
    const refusal = lockoutProblem(ctx, hundredth);
    expect([refusal?.statusCode, refusal?.apiCode]).toEqual([429, OTP_LOCKED_UNTIL_UNLOCKED]);
    expect(refusal?.message).toContain(String(MAX_CONSECUTIVE_OTP_FAILURES));
    expect(lockoutProblem(ctx, record({ consecutive: MAX_CONSECUTIVE_OTP_FAILURES - 1 }))).toBeUndefined();
  });

  it("writes nothing after a right code when nothing was counted, and starts both counts again otherwise", () => {
    expect(afterSuccess(undefined)).toBeUndefined();
    expect(afterSuccess(record({ escalation: 2 }))).toBeUndefined();
    expect(afterSuccess(record({ count: 2, escalation: 2 }))).toEqual(record({ escalation: 2 }));
    expect(afterSuccess(record({ consecutive: 12, escalation: 1 }))).toEqual(record({ escalation: 1 }));
  });

  it("unlocks a user with no failures without writing a record for them", async () => {
    const store = freshStore();
    expect(await unlockOtp(store, "nobody")).toBeUndefined();
    expect(await store.otpFailures("nobody")).toBeUndefined();
    await store.close();
  });
});
