import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { API_CODES } from "../../generated/api-codes.ts";
import { DEV_TOKEN_ALG, DEV_TOKEN_ISSUER } from "../../src/server/keys.ts";
import { enrolledFactors, enrollOtp, enrollSms, independentTotp, PATHS, wrongTotp } from "../support/enroll.ts";
import { buildTestApp, send, type TestApp, type TestAppOptions } from "../support/test-app.ts";
import { useCleanups } from "../support/cleanups.ts";

const STEP_UP_MS = 300_000;
const defer = useCleanups();

let t: TestApp;
let alice: string;
let secret: string;
let recoveryCode: string;

/** Builds an app that is closed after the test. */
async function build(options: TestAppOptions = {}): Promise<TestApp> {
  const built = await buildTestApp(options);
  defer(() => built.app.close());
  return built;
}

/** Alice binds an authenticator app; then, by default, more time passes than her binding's step-up lasts. */
async function setUp(options: TestAppOptions = {}, afterBinding = STEP_UP_MS + 30_000) {
  t = await build(options);
  // An email address on the account, as a FACE binding needs (apiCode 1703 otherwise).
  alice = await t.tokenFor("alice", { username: "alice", email: "alice@example.com" }, 86_400);
  ({ secret, recoveryCode } = await enrollOtp(t, alice));
  t.clock.advance(afterBinding - 30_000);
}

const otpFactorId = async () => (await enrolledFactors(t, alice)).find((f) => f.factorType === "OTP")!.factorId;
const reset = async (factorId?: string, token = alice) =>
  send(t.app, "POST", PATHS.resetFactor, token, { factorId: factorId ?? (await otpFactorId()) });
const sendSms = (phoneNumber = "18812345678", token = alice) =>
  send(t.app, "POST", PATHS.sendEnrollFactorRequest, token, { factorType: "SMS", profile: { phoneNumber } });
const verify = (totp = independentTotp(secret, t.clock.now()), token = alice) => send(t.app, "POST", PATHS.mfaOtpVerify, token, { totp });
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
    t = await build();
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
    t = await build();
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

  it("keeps the step-up in the store, so another instance on the same database honours it for the same session", async () => {
    const dir = mkdtempSync(join(tmpdir(), "step-up-"));
    try {
      const storePath = join(dir, "mfa.sqlite");
      await setUp({ storePath });
      const other = await build({ storePath });
      other.clock.advance(t.clock.now() - other.clock.now());
      const laptop = await t.tokenFor("alice", { sid: "alice-laptop" }, 3600);
      expect((await verify(undefined, laptop)).body.statusCode).toBe(200);
      await t.mfa.store.committed();
      const factorId = await otpFactorId();
      // Signed by the other instance's own key: each test app trusts its own signer.
      const sameSession = await other.tokenFor("alice", { sid: "alice-laptop" }, 3600);
      expect((await send(other.app, "POST", PATHS.resetFactor, sameSession, { factorId })).body.statusCode).toBe(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("step-ups belong to the session, not to the user", () => {
  it("gives a stolen token of the user no step-up when the real user checks a TOTP with another access token", async () => {
    await setUp();
    const stolen = await t.tokenFor("alice", { username: "alice" }, 86_400);
    expect((await reset(undefined, stolen)).body).toMatchObject(STEP_UP_REFUSAL);
    expect((await verify()).body.statusCode).toBe(200);
    expect((await reset(undefined, stolen)).body).toMatchObject(STEP_UP_REFUSAL);
    expect((await sendSms("18812345678", stolen)).body).toMatchObject(STEP_UP_REFUSAL);
    expect(t.outbox.messagesTo("+8618812345678")).toHaveLength(0);
    expect((await enrolledFactors(t, alice)).map((f) => f.factorType)).toEqual(["OTP"]);
    // The session that checked the code may go on.
    expect((await reset()).body.statusCode).toBe(200);
  });

  it("does not give the binding's step-up to another token either", async () => {
    await setUp({}, 30_000);
    const other = await t.tokenFor("alice", {}, 86_400);
    expect((await reset(undefined, other)).body).toMatchObject(STEP_UP_REFUSAL);
  });

  it("shares a step-up between tokens of one session (the same sid), as a refreshed token keeps its session's", async () => {
    await setUp();
    const before = await t.tokenFor("alice", { sid: "s-1" }, 3600);
    const refreshed = await t.tokenFor("alice", { sid: "s-1" }, 3600);
    const elsewhere = await t.tokenFor("alice", { sid: "s-2" }, 3600);
    expect((await verify(undefined, before)).body.statusCode).toBe(200);
    expect((await reset(undefined, elsewhere)).body).toMatchObject(STEP_UP_REFUSAL);
    expect((await reset(undefined, refreshed)).body.statusCode).toBe(200);
  });

  it("keys a session by jti when a token has no sid, and by the token itself when it has neither", async () => {
    await setUp();
    const withJti = await new SignJWT({ jti: "token-1" })
      .setProtectedHeader({ alg: DEV_TOKEN_ALG })
      .setSubject("alice")
      .setIssuer(DEV_TOKEN_ISSUER)
      .setIssuedAt(Math.floor(t.clock.now() / 1000))
      .setExpirationTime(Math.floor(t.clock.now() / 1000) + 3600)
      .sign(t.signingKey);
    const sameJti = await new SignJWT({ jti: "token-1", username: "another claim, same jti" })
      .setProtectedHeader({ alg: DEV_TOKEN_ALG })
      .setSubject("alice")
      .setIssuer(DEV_TOKEN_ISSUER)
      .setIssuedAt(Math.floor(t.clock.now() / 1000))
      .setExpirationTime(Math.floor(t.clock.now() / 1000) + 3600)
      .sign(t.signingKey);
    const bare = () =>
      new SignJWT({})
        .setProtectedHeader({ alg: DEV_TOKEN_ALG })
        .setSubject("alice")
        .setIssuer(DEV_TOKEN_ISSUER)
        .setIssuedAt(Math.floor(t.clock.now() / 1000))
        .setExpirationTime(Math.floor(t.clock.now() / 1000) + 3600)
        .sign(t.signingKey);
    const plain = await bare();
    expect((await verify(undefined, withJti)).body.statusCode).toBe(200);
    expect((await reset(undefined, plain)).body).toMatchObject(STEP_UP_REFUSAL);
    t.clock.advance(30_000);
    expect((await verify(undefined, plain)).body.statusCode).toBe(200);
    t.clock.advance(1000);
    const plainLater = await bare(); // another iat: another token, another session
    expect((await reset(undefined, plainLater)).body).toMatchObject(STEP_UP_REFUSAL);
    expect((await reset(undefined, sameJti)).body.statusCode).toBe(200);
  });
});
