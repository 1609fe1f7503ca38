import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { API_CODES } from "../../generated/api-codes.ts";
import { enrolledFactors, enrollOtp, enrollSms, independentTotp, PATHS, wrongTotp } from "../support/enroll.ts";
import { buildTestApp, send, type TestApp, type TestAppOptions } from "../support/test-app.ts";

const STEP_UP_MS = 300_000;
const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.app.close();
});

let t: TestApp;
let alice: string;
let secret: string;
let recoveryCode: string;

/** Alice binds an authenticator app; then, by default, more time passes than her binding's step-up lasts. */
async function setUp(options: TestAppOptions = {}, afterBinding = STEP_UP_MS + 30_000) {
  t = await buildTestApp(options);
  apps.push(t);
  alice = await t.tokenFor("alice", { username: "alice" }, 86_400);
  ({ secret, recoveryCode } = await enrollOtp(t, alice));
  t.clock.advance(afterBinding - 30_000);
}

const otpFactorId = async () => (await enrolledFactors(t, alice)).find((f) => f.factorType === "OTP")!.factorId;
const reset = async (factorId?: string) => send(t.app, "POST", PATHS.resetFactor, alice, { factorId: factorId ?? (await otpFactorId()) });
const sendSms = (phoneNumber = "18812345678") => send(t.app, "POST", PATHS.sendEnrollFactorRequest, alice, { factorType: "SMS", profile: { phoneNumber } });
const verify = (totp = independentTotp(secret, t.clock.now())) => send(t.app, "POST", PATHS.mfaOtpVerify, alice, { totp });
const STEP_UP_REFUSAL = { statusCode: 403, apiCode: API_CODES.stepUpRequired, message: expect.stringContaining("within 300 seconds") };

describe("factor changes with only a stolen access token", () => {
  it("refuses to unbind the authenticator app without a recent step-up, and leaves it bound", async () => {
    await setUp();
    expect((await reset()).body).toMatchObject(STEP_UP_REFUSAL);
    expect((await enrolledFactors(t, alice)).map((f) => f.factorType)).toEqual(["OTP"]);
  });

  it("refuses to start binding the attacker's phone without a recent step-up, and sends no code", async () => {
    await setUp();
    expect((await sendSms()).body).toMatchObject(STEP_UP_REFUSAL);
    expect(t.outbox.messagesTo("+8618812345678")).toHaveLength(0);
    const face = await send(t.app, "POST", PATHS.sendEnrollFactorRequest, alice, { factorType: "FACE" });
    expect(face.body).toMatchObject(STEP_UP_REFUSAL);
  });

  it("refuses to unbind another factor (a phone) too, once the app is bound", async () => {
    t = await buildTestApp();
    apps.push(t);
    alice = await t.tokenFor("alice", {}, 86_400);
    await enrollSms(t, alice, "18812345678");
    ({ secret } = await enrollOtp(t, alice));
    t.clock.advance(STEP_UP_MS);
    const sms = (await enrolledFactors(t, alice)).find((f) => f.factorType === "SMS")!;
    expect((await reset(sms.factorId)).body).toMatchObject(STEP_UP_REFUSAL);
  });
});

describe("step-ups", () => {
  it("lets a TOTP check open a window of STEP_UP_SECONDS for changes, and closes it after", async () => {
    await setUp();
    expect((await verify()).body.statusCode).toBe(200);
    t.clock.advance(STEP_UP_MS);
    expect((await sendSms()).body.statusCode).toBe(200);
    t.clock.advance(1);
    expect((await reset()).body).toMatchObject(STEP_UP_REFUSAL);
  });

  it("counts a wrong TOTP for nothing", async () => {
    await setUp();
    expect((await verify(wrongTotp(secret, t.clock.now()))).body.statusCode).toBe(400);
    expect((await reset()).body).toMatchObject(STEP_UP_REFUSAL);
  });

  it("counts a spent recovery code as a step-up", async () => {
    await setUp();
    expect((await send(t.app, "POST", PATHS.mfaOtpRecover, alice, { recoveryCode })).body.statusCode).toBe(200);
    expect((await reset()).body.statusCode).toBe(200);
  });

  it("counts binding the authenticator app as a step-up, so the binding walk can go on to reset it", async () => {
    await setUp({}, 30_000);
    expect((await reset()).body.statusCode).toBe(200);
  });

  it("does not count binding a phone as a step-up: only the authenticator app proves the user", async () => {
    await setUp({}, 30_000);
    t.clock.advance(STEP_UP_MS - 60_000);
    await enrollSms(t, alice, "18812345678");
    // The app's binding was STEP_UP_MS ago; the phone's binding, a moment ago, must not extend it.
    t.clock.advance(60_000);
    expect((await reset()).body).toMatchObject(STEP_UP_REFUSAL);
  });

  it("asks nothing of a user with no authenticator app bound: they have no step-up operation", async () => {
    t = await buildTestApp();
    apps.push(t);
    alice = await t.tokenFor("alice");
    await enrollSms(t, alice, "18812345678");
    t.clock.advance(STEP_UP_MS * 2);
    const sms = (await enrolledFactors(t, alice))[0]!;
    expect((await reset(sms.factorId)).body.statusCode).toBe(200);
  });

  it("is off with STEP_UP_SECONDS=0", async () => {
    await setUp({ stepUpMs: 0 });
    expect((await sendSms()).body.statusCode).toBe(200);
    expect((await reset()).body.statusCode).toBe(200);
  });

  it("refuses reset during a TOTP lock-out even right after a step-up", async () => {
    await setUp();
    expect((await verify()).body.statusCode).toBe(200);
    for (let i = 0; i < 10; i++) await verify(wrongTotp(secret, t.clock.now()));
    const { body } = await reset();
    expect(body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/retry in \d+ seconds/) });
    expect((await enrolledFactors(t, alice)).map((f) => f.factorType)).toEqual(["OTP"]);
  });

  it("keeps the step-up in the store, so another instance on the same database honours it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "step-up-"));
    try {
      const storePath = join(dir, "mfa.sqlite");
      await setUp({ storePath });
      const other = await buildTestApp({ storePath });
      apps.push(other);
      other.clock.advance(t.clock.now() - other.clock.now());
      expect((await verify()).body.statusCode).toBe(200);
      await t.mfa.store.committed();
      const factorId = await otpFactorId();
      const token = await other.tokenFor("alice", {}, 3600);
      // Signed by the other instance's own key: each test app trusts its own signer.
      expect((await send(other.app, "POST", PATHS.resetFactor, token, { factorId })).body.statusCode).toBe(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
