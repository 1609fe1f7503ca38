import { afterEach, describe, expect, it } from "vitest";
import { enrollOtp, independentTotp, PATHS, wrongTotp } from "../support/enroll.ts";
import { buildTestApp, send, type TestApp } from "../support/test-app.ts";
import { aliceAndBob } from "../support/users.ts";

const RECOVERY_CODE = /^[0-9a-f]{4}(-[0-9a-f]{4}){5}$/;

let t: TestApp;
let alice: string;
let bob: string;
/** Alice's bound authenticator app's secret, and the recovery code she was given. */
let secret: string;
let recoveryCode: string;
afterEach(async () => {
  await t.app.close();
});

/** Builds the app and binds an authenticator app for Alice; Bob binds nothing. */
async function setUp() {
  t = await buildTestApp({ otpLockoutMs: 300_000 });
  ({ alice, bob } = await aliceAndBob(t));
  ({ secret, recoveryCode } = await enrollOtp(t, alice));
}

const verify = (token: string, totp: string) => send(t.app, "POST", PATHS.mfaOtpVerify, token, { totp });
const recover = (token: string, code: string) => send(t.app, "POST", PATHS.mfaOtpRecover, token, { recoveryCode: code });
const currentTotp = () => independentTotp(secret, t.clock.now());

describe("mfaOtpVerify", () => {
  it("accepts a current TOTP from the bound authenticator app", async () => {
    await setUp();
    const { body } = await verify(alice, currentTotp());
    expect(body).toMatchObject({ statusCode: 200, data: { verified: true } });
  });

  it("refuses the same TOTP a second time with statusCode 400 and apiCode 6001", async () => {
    await setUp();
    const totp = currentTotp();
    expect((await verify(alice, totp)).body.statusCode).toBe(200);
    expect((await verify(alice, totp)).body).toMatchObject({ statusCode: 400, apiCode: 6001 });
  });

  it("refuses the TOTP that bound the factor, which is already spent", async () => {
    await setUp();
    expect((await verify(alice, independentTotp(secret, t.clock.now() - 30_000))).body.apiCode).toBe(6001);
  });

  it("accepts a TOTP from a factor with no step recorded, as one bound before steps were has, and refuses its replay", async () => {
    t = await buildTestApp();
    const carol = await t.tokenFor("carol");
    const carolSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const secretCipher = await t.mfa.secretBox.seal(carolSecret);
    await t.mfa.store.insertFactor({
      factorId: "c".repeat(24),
      userId: "carol",
      factorType: "OTP",
      profile: {},
      secretCipher,
      createdAt: 0,
    });
    const totp = independentTotp(carolSecret, t.clock.now());
    expect((await verify(carol, totp)).body).toMatchObject({ statusCode: 200, data: { verified: true } });
    expect((await verify(carol, totp)).body).toMatchObject({ statusCode: 400, apiCode: 6001 });
  });

  it("accepts the next step's TOTP after one was used", async () => {
    await setUp();
    await verify(alice, currentTotp());
    t.clock.advance(30_000);
    expect((await verify(alice, currentTotp())).body.data).toEqual({ verified: true });
  });

  it("answers a user with no OTP factor with statusCode 404, never verified: false", async () => {
    await setUp();
    const { body } = await verify(bob, currentTotp());
    expect(body.statusCode).toBe(404);
    expect(body.data).toBeUndefined();
  });

  it("refuses a request without a TOTP with statusCode 400 and apiCode 6003", async () => {
    await setUp();
    expect((await send(t.app, "POST", PATHS.mfaOtpVerify, alice, {})).body).toMatchObject({ statusCode: 400, apiCode: 6003 });
  });

  it("locks the user out with statusCode 429 after 10 wrong TOTPs, even for the right one, until the cool-down ends", async () => {
    await setUp();
    for (let i = 0; i < 10; i++) expect((await verify(alice, wrongTotp(secret, t.clock.now()))).body.apiCode).toBe(6001);
    const locked = (await verify(alice, currentTotp())).body;
    expect(locked).toMatchObject({ statusCode: 429, message: expect.stringMatching(/retry in 300 seconds/) });
    t.clock.advance(t.mfa.otpLockoutMs - 1_000);
    expect((await verify(alice, currentTotp())).body).toMatchObject({
      statusCode: 429,
      message: expect.stringMatching(/retry in 1 seconds/),
    });
    t.clock.advance(1_000);
    expect((await verify(alice, currentTotp())).body.data).toEqual({ verified: true });
  });

  it("forgets a run of wrong TOTPs once a right one is accepted", async () => {
    await setUp();
    for (let i = 0; i < 9; i++) await verify(alice, wrongTotp(secret, t.clock.now()));
    expect((await verify(alice, currentTotp())).body.statusCode).toBe(200);
    t.clock.advance(30_000);
    for (let i = 0; i < 9; i++) await verify(alice, wrongTotp(secret, t.clock.now()));
    expect((await verify(alice, currentTotp())).body.statusCode).toBe(200);
  });

  it("accepts exactly one of 20 simultaneous checks of the same fresh TOTP", async () => {
    await setUp();
    const totp = currentTotp();
    const answers = await Promise.all(Array.from({ length: 20 }, () => verify(alice, totp)));
    expect(answers.filter((answer) => answer.body.data?.verified === true)).toHaveLength(1);
    // A replay is refused as already used, and is not counted towards the lock-out.
    const refused = answers.filter((answer) => answer.body.statusCode !== 200);
    expect(refused).toHaveLength(19);
    for (const { body } of refused)
      expect(body).toMatchObject({ statusCode: 400, apiCode: 6001, message: expect.stringContaining("already used") });
    expect((await t.mfa.store.otpFailures("alice-id"))?.count ?? 0).toBe(0);
  });
});

describe("mfaOtpRecover", () => {
  it("accepts the enrollment's recovery code and returns a new, different one", async () => {
    await setUp();
    const { body } = await recover(alice, recoveryCode);
    expect(body.statusCode).toBe(200);
    expect(body.data.recoveryCode).toMatch(RECOVERY_CODE);
    expect(body.data.recoveryCode).not.toBe(recoveryCode);
  });

  it("refuses a spent recovery code with statusCode 400 and apiCode 6002", async () => {
    await setUp();
    await recover(alice, recoveryCode);
    expect((await recover(alice, recoveryCode)).body).toMatchObject({ statusCode: 400, apiCode: 6002 });
  });

  it("accepts the new recovery code once, and then refuses it", async () => {
    await setUp();
    const next = (await recover(alice, recoveryCode)).body.data.recoveryCode;
    expect((await recover(alice, next)).body.statusCode).toBe(200);
    expect((await recover(alice, next)).body.apiCode).toBe(6002);
  });

  it("refuses another user's recovery code", async () => {
    await setUp();
    const other = await t.tokenFor("carol-id", { username: "carol" });
    const carols = (await enrollOtp(t, other)).recoveryCode;
    expect((await recover(alice, carols)).body.apiCode).toBe(6002);
    expect((await recover(other, carols)).body.statusCode).toBe(200);
  });

  it("answers a user with no OTP factor with statusCode 404", async () => {
    await setUp();
    expect((await recover(bob, recoveryCode)).body.statusCode).toBe(404);
  });

  it("refuses a request without a recovery code with statusCode 400 and apiCode 6004", async () => {
    await setUp();
    expect((await send(t.app, "POST", PATHS.mfaOtpRecover, alice, {})).body).toMatchObject({ statusCode: 400, apiCode: 6004 });
  });

  it("counts wrong recovery codes towards the same lock-out as wrong TOTPs", async () => {
    await setUp();
    for (let i = 0; i < 10; i++) await recover(alice, "0000-0000-0000-0000-0000-0000");
    expect((await recover(alice, recoveryCode)).body.statusCode).toBe(429);
    expect((await verify(alice, currentTotp())).body.statusCode).toBe(429);
  });
});
