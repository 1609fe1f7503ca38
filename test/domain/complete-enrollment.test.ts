import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { API_CODES } from "../../generated/api-codes.ts";
import { enrolledFactors, enrollOtp, independentTotp, PATHS, startEmail, startOtp, startSms, wrongTotp } from "../support/enroll.ts";
import { buildTestApp, send, type TestApp } from "../support/test-app.ts";
import { aliceAndBob } from "../support/users.ts";

const PHONE = "18812345678";

let t: TestApp;
let alice: string;
let bob: string;
afterEach(async () => {
  await t.app.close();
});

async function setUp() {
  t = await buildTestApp();
  ({ alice, bob } = await aliceAndBob(t));
}

const enroll = (token: string, factorType: string, enrollmentToken: string, enrollmentData: Record<string, string>) =>
  send(t.app, "POST", PATHS.enrollFactor, token, { factorType, enrollmentToken, enrollmentData });

/** A 6-digit code that is certainly not `code`. */
const otherThan = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("binding an SMS factor", () => {
  it("binds the number with the delivered code and lists it with its masked number", async () => {
    await setUp();
    const { enrollmentToken, code } = await startSms(t, alice, PHONE);
    const { body } = await enroll(alice, "SMS", enrollmentToken, { passCode: code });
    expect(body).toMatchObject({ statusCode: 200 });
    expect(body.data).toBeUndefined();
    expect(await enrolledFactors(t, alice)).toEqual([
      {
        factorId: expect.stringMatching(/^[0-9a-f]{24}$/),
        factorType: "SMS",
        profile: { phoneNumber: "188****5678", phoneCountryCode: "+86" },
      },
    ]);
  });

  it("refuses a wrong code with statusCode 400, apiCode 6101, and says how many attempts are left", async () => {
    await setUp();
    const { enrollmentToken, code } = await startSms(t, alice, PHONE);
    const { body } = await enroll(alice, "SMS", enrollmentToken, { passCode: otherThan(code) });
    expect(body).toMatchObject({ statusCode: 400, apiCode: 6101, message: expect.stringContaining("4 attempts left") });
    expect(await enrolledFactors(t, alice)).toEqual([]);
  });

  it("revokes the token after 5 wrong codes, so that even the right code then gets apiCode 6115", async () => {
    await setUp();
    const { enrollmentToken, code } = await startSms(t, alice, PHONE);
    for (let left = 4; left >= 1; left--) {
      expect((await enroll(alice, "SMS", enrollmentToken, { passCode: otherThan(code) })).body.message).toContain(`${left} attempts left`);
    }
    expect((await enroll(alice, "SMS", enrollmentToken, { passCode: otherThan(code) })).body.message).toContain("now revoked");
    const { body } = await enroll(alice, "SMS", enrollmentToken, { passCode: code });
    expect(body).toMatchObject({ statusCode: 422, apiCode: 6115, message: expect.stringContaining("after 5 incorrect codes") });
    expect(await enrolledFactors(t, alice)).toEqual([]);
  });

  it("still accepts the token just before its 60 seconds are up", async () => {
    await setUp();
    const { enrollmentToken, code } = await startSms(t, alice, PHONE);
    t.clock.advance(59_999);
    expect((await enroll(alice, "SMS", enrollmentToken, { passCode: code })).body.statusCode).toBe(200);
  });

  it("refuses an expired token with statusCode 422 and apiCode 6111", async () => {
    await setUp();
    const { enrollmentToken, code } = await startSms(t, alice, PHONE);
    t.clock.advance(60_001);
    expect((await enroll(alice, "SMS", enrollmentToken, { passCode: code })).body).toMatchObject({ statusCode: 422, apiCode: 6111 });
  });

  it("refuses a token from the very moment its 60 seconds are up, and says how long a token lives", async () => {
    await setUp();
    const { enrollmentToken, code } = await startSms(t, alice, PHONE);
    t.clock.advance(60_000);
    const { body } = await enroll(alice, "SMS", enrollmentToken, { passCode: code });
    expect(body).toMatchObject({ statusCode: 422, apiCode: 6111 });
    expect(body.message).toMatch(/\b60\b/);
  });

  it("refuses a token that was already used with apiCode 6112", async () => {
    await setUp();
    const { enrollmentToken, code } = await startSms(t, alice, PHONE);
    expect((await enroll(alice, "SMS", enrollmentToken, { passCode: code })).body.statusCode).toBe(200);
    expect((await enroll(alice, "SMS", enrollmentToken, { passCode: code })).body).toMatchObject({ statusCode: 422, apiCode: 6112 });
  });

  it("refuses another user's token with statusCode 403 and apiCode 6113, without binding anything for either", async () => {
    await setUp();
    const { enrollmentToken, code } = await startSms(t, alice, PHONE);
    expect((await enroll(bob, "SMS", enrollmentToken, { passCode: code })).body).toMatchObject({ statusCode: 403, apiCode: 6113 });
    expect(await enrolledFactors(t, bob)).toEqual([]);
    expect((await enroll(alice, "SMS", enrollmentToken, { passCode: code })).body.statusCode).toBe(200);
  });

  it("refuses a token issued for another factor type with statusCode 422 and apiCode 6114", async () => {
    await setUp();
    const { enrollmentToken, code } = await startSms(t, alice, PHONE);
    const { body } = await enroll(alice, "EMAIL", enrollmentToken, { passCode: code });
    expect(body).toMatchObject({ statusCode: 422, apiCode: 6114, message: expect.stringContaining("SMS") });
  });

  it("refuses a well-formed token the server never issued with statusCode 422 and apiCode 6110", async () => {
    await setUp();
    const { body } = await enroll(alice, "SMS", randomBytes(128).toString("base64"), { passCode: "123456" });
    expect(body).toMatchObject({ statusCode: 422, apiCode: 6110 });
  });

  it("refuses to bind a second SMS factor when another enrollment bound one first, with statusCode 409", async () => {
    await setUp();
    const first = await startSms(t, alice, PHONE);
    const second = await startSms(t, alice, "18887654321");
    expect((await enroll(alice, "SMS", first.enrollmentToken, { passCode: first.code })).body.statusCode).toBe(200);
    expect((await enroll(alice, "SMS", second.enrollmentToken, { passCode: second.code })).body.statusCode).toBe(409);
    expect(await enrolledFactors(t, alice)).toHaveLength(1);
  });

  it("lets exactly one of 50 simultaneous calls with one token bind the factor, and answers the rest with apiCode 6112", async () => {
    await setUp();
    const { enrollmentToken, code } = await startSms(t, alice, PHONE);
    const answers = await Promise.all(Array.from({ length: 50 }, () => enroll(alice, "SMS", enrollmentToken, { passCode: code })));
    expect(answers.filter((answer) => answer.body.statusCode === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.body.apiCode === 6112)).toHaveLength(49);
    expect(await enrolledFactors(t, alice)).toHaveLength(1);
  });
});

describe("binding an EMAIL factor", () => {
  it("binds the address with the delivered code and lists it masked", async () => {
    await setUp();
    const { enrollmentToken, code } = await startEmail(t, alice, "alice@example.com");
    expect((await enroll(alice, "EMAIL", enrollmentToken, { passCode: code })).body.statusCode).toBe(200);
    expect(await enrolledFactors(t, alice)).toEqual([
      { factorId: expect.any(String), factorType: "EMAIL", profile: { email: "a***@example.com" } },
    ]);
  });

  it("refuses a wrong code with statusCode 400 and apiCode 6101, and binds nothing", async () => {
    await setUp();
    const { enrollmentToken, code } = await startEmail(t, alice, "alice@example.com");
    const { body } = await enroll(alice, "EMAIL", enrollmentToken, { passCode: otherThan(code) });
    expect(body).toMatchObject({ statusCode: 400, apiCode: 6101, message: expect.stringContaining("4 attempts left") });
    expect(await enrolledFactors(t, alice)).toEqual([]);
  });
});

describe("binding an OTP factor", () => {
  it("binds the authenticator app with a TOTP computed independently from the QR code's secret", async () => {
    await setUp();
    const { enrollmentToken, secret } = await startOtp(t, alice);
    const { body } = await enroll(alice, "OTP", enrollmentToken, { passCode: independentTotp(secret, t.clock.now()) });
    expect(body.statusCode).toBe(200);
    const [factor] = await enrolledFactors(t, alice);
    expect(factor).toMatchObject({ factorType: "OTP", profile: { issuer: "Test Pool", accountName: "alice" } });
  });

  it("accepts the previous step's TOTP, one step of clock drift", async () => {
    await setUp();
    const { enrollmentToken, secret } = await startOtp(t, alice);
    const { body } = await enroll(alice, "OTP", enrollmentToken, { passCode: independentTotp(secret, t.clock.now() - 30_000) });
    expect(body.statusCode).toBe(200);
  });

  it("refuses a wrong TOTP with statusCode 400 and apiCode 6001", async () => {
    await setUp();
    const { enrollmentToken, secret } = await startOtp(t, alice);
    const { body } = await enroll(alice, "OTP", enrollmentToken, { passCode: wrongTotp(secret, t.clock.now()) });
    expect(body).toMatchObject({ statusCode: 400, apiCode: 6001, message: expect.stringContaining("4 attempts left") });
  });

  it("refuses a TOTP from two steps ago with apiCode 6001", async () => {
    await setUp();
    const { enrollmentToken, secret } = await startOtp(t, alice);
    const { body } = await enroll(alice, "OTP", enrollmentToken, { passCode: independentTotp(secret, t.clock.now() - 60_000) });
    expect(body).toMatchObject({ statusCode: 400, apiCode: 6001 });
    expect(await enrolledFactors(t, alice)).toEqual([]);
  });
});

describe("binding a FACE factor", () => {
  it("binds the face and shows the photo URL as its profile", async () => {
    await setUp();
    const started = await send(t.app, "POST", PATHS.sendEnrollFactorRequest, alice, { factorType: "FACE" });
    const photo = "https://files.example.com/face/alice.jpg";
    const { body } = await enroll(alice, "FACE", started.body.data.enrollmentToken, { photo });
    expect(body.statusCode).toBe(200);
    expect(await enrolledFactors(t, alice)).toEqual([{ factorId: expect.any(String), factorType: "FACE", profile: { photo } }]);
  });

  const startFace = async (token: string) =>
    (await send(t.app, "POST", PATHS.sendEnrollFactorRequest, token, { factorType: "FACE" })).body.data.enrollmentToken as string;
  const enrollFace = (token: string, enrollmentToken: string, enrollmentData: Record<string, unknown>) =>
    send(t.app, "POST", PATHS.enrollFactor, token, { factorType: "FACE", enrollmentToken, enrollmentData });

  // What a client might render as a link or an <img src>: none of these may be stored and shown back.
  const refusedPhotos: Array<{ photo: string; what: string }> = [
    { photo: "javascript:alert(document.domain)", what: "a javascript: URL" },
    { photo: "JaVaScRiPt:alert(1)", what: "a javascript: URL in mixed case" },
    { photo: "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+", what: "a data: URL" },
    { photo: "http://files.example.com/face.jpg", what: "a plain http: URL" },
    { photo: "file:///etc/passwd", what: "a file: URL" },
    { photo: "//evil.example.com/face.jpg", what: "a scheme-relative URL" },
    { photo: 'https://files.example.com/a.jpg"onerror="alert(1)', what: "an https URL with a quote in it" },
    { photo: "<img src=x onerror=alert(1)>", what: "markup" },
    { photo: "faces/../../secrets", what: "a key that climbs out of its folder" },
    { photo: "face key", what: "a key with a space" },
    { photo: "k".repeat(257), what: "a key of 257 characters" },
  ];
  for (const { photo, what } of refusedPhotos) {
    it(`refuses ${what} for a photo with statusCode 400 naming enrollmentData.photo, stores nothing, keeps the token usable`, async () => {
      await setUp();
      const enrollmentToken = await startFace(alice);
      const { body } = await enrollFace(alice, enrollmentToken, { photo, isExternalPhoto: true });
      expect(body).toMatchObject({ statusCode: 400, message: expect.stringContaining("enrollmentData.photo must be an https:// URL") });
      expect(await enrolledFactors(t, alice)).toEqual([]);
      expect((await enrollFace(alice, enrollmentToken, { photo: "132434235ad244" })).body.statusCode).toBe(200);
    });
  }

  const keptPhotos = [
    { photo: "132434235ad244", isExternalPhoto: true, what: "GenAuth's own sample key, even with isExternalPhoto true" },
    { photo: "132434235ad244", isExternalPhoto: false, what: "GenAuth's own sample key" },
    { photo: "avatars/2024/6571c1f8a3d2e4b5c6d7e8f9.jpg", isExternalPhoto: false, what: "a key in a folder" },
    { photo: "k".repeat(256), isExternalPhoto: false, what: "a key of 256 characters" },
    {
      photo: "https://files.example.com:8443/face/alice.jpg?v=2#crop",
      isExternalPhoto: true,
      what: "an https URL with a port, a query and a fragment",
    },
  ];
  for (const { photo, isExternalPhoto, what } of keptPhotos) {
    it(`binds ${what}, and shows it as it was sent`, async () => {
      await setUp();
      expect((await enrollFace(alice, await startFace(alice), { photo, isExternalPhoto })).body.statusCode).toBe(200);
      expect((await enrolledFactors(t, alice))[0]!.profile).toEqual({ photo });
    });
  }
});

// GenAuth's apiCode 1703, 未绑定邮箱或手机号，无法绑定人脸: a user with no phone or email bound cannot bind a face.
describe("binding a face without a phone number or email address", () => {
  const FACE_1703 = { statusCode: 403, apiCode: 1703, message: "Bind a phone number or an email address before binding a face" };

  it("refuses to start it with statusCode 403 and apiCode 1703, and mints no token", async () => {
    t = await buildTestApp();
    const nobody = await t.tokenFor("nobody", { username: "nobody" });
    const { body } = await send(t.app, "POST", PATHS.sendEnrollFactorRequest, nobody, { factorType: "FACE" });
    expect(body).toMatchObject(FACE_1703);
    expect(body.data).toBeUndefined();
  });

  it("refuses to finish it with apiCode 1703 when the phone that made it possible was unbound meanwhile, and stores no photo", async () => {
    t = await buildTestApp();
    const carol = await t.tokenFor("carol");
    const { enrollmentToken, code } = await startSms(t, carol, PHONE);
    expect((await enroll(carol, "SMS", enrollmentToken, { passCode: code })).body.statusCode).toBe(200);
    const face = (await send(t.app, "POST", PATHS.sendEnrollFactorRequest, carol, { factorType: "FACE" })).body.data.enrollmentToken;
    const sms = (await enrolledFactors(t, carol))[0]!;
    expect((await send(t.app, "POST", PATHS.resetFactor, carol, { factorId: sms.factorId })).body.statusCode).toBe(200);
    const { body } = await enroll(carol, "FACE", face, { photo: "https://files.example.com/face/carol.jpg" });
    expect(body).toMatchObject(FACE_1703);
    expect(await enrolledFactors(t, carol)).toEqual([]);
  });

  const reachable: Array<{ claims: Record<string, unknown>; what: string }> = [
    { claims: { email: "dave@example.com" }, what: "an email claim" },
    { claims: { email: "dave@example.com", email_verified: true }, what: "a verified email claim" },
    { claims: { phone_number: "+8618812345678" }, what: "a phone_number claim" },
  ];
  for (const { claims, what } of reachable) {
    it(`binds a face for a user whose token carries ${what}`, async () => {
      t = await buildTestApp();
      const dave = await t.tokenFor("dave", claims);
      const enrollmentToken = (await send(t.app, "POST", PATHS.sendEnrollFactorRequest, dave, { factorType: "FACE" })).body.data
        .enrollmentToken;
      expect((await enroll(dave, "FACE", enrollmentToken, { photo: "132434235ad244" })).body.statusCode).toBe(200);
    });
  }

  const unreachable: Array<{ claims: Record<string, unknown>; what: string }> = [
    { claims: {}, what: "no contact claim" },
    { claims: { email: "dave@example.com", email_verified: false }, what: "an email its issuer marks unverified" },
    { claims: { phone_number: "+8618812345678", phone_number_verified: false }, what: "a phone number its issuer marks unverified" },
    { claims: { email: "", phone_number: " " }, what: "empty contact claims" },
    { claims: { email: ["dave@example.com"] }, what: "an email claim that is not a string" },
  ];
  for (const { claims, what } of unreachable) {
    it(`answers a user whose token carries ${what} with apiCode 1703`, async () => {
      t = await buildTestApp();
      const dave = await t.tokenFor("dave", claims);
      expect((await send(t.app, "POST", PATHS.sendEnrollFactorRequest, dave, { factorType: "FACE" })).body).toMatchObject(FACE_1703);
    });
  }

  it("binds a face for a user whose token shows no contact but who has bound an email address here", async () => {
    t = await buildTestApp();
    const erin = await t.tokenFor("erin");
    const { enrollmentToken, code } = await startEmail(t, erin, "erin@example.com");
    expect((await enroll(erin, "EMAIL", enrollmentToken, { passCode: code })).body.statusCode).toBe(200);
    const face = (await send(t.app, "POST", PATHS.sendEnrollFactorRequest, erin, { factorType: "FACE" })).body.data.enrollmentToken;
    expect((await enroll(erin, "FACE", face, { photo: "132434235ad244" })).body.statusCode).toBe(200);
  });
});

// A user with an authenticator app must pass the step-up, and must not be locked out, when a
// binding finishes as well as when it starts: the token's minute is long enough for either to change.
describe("finishing a binding for a user with an authenticator app", () => {
  const STEP_UP_MS = 300_000;
  let secret: string;

  /** Alice binds an app, checks a TOTP (her step-up), and starts binding a phone inside its window. */
  async function startSmsInsideWindow(afterStepUp = 0) {
    await setUp();
    ({ secret } = await enrollOtp(t, alice));
    t.clock.advance(STEP_UP_MS);
    expect((await send(t.app, "POST", PATHS.mfaOtpVerify, alice, { totp: independentTotp(secret, t.clock.now()) })).body.statusCode).toBe(
      200,
    );
    t.clock.advance(afterStepUp);
    return startSms(t, alice, PHONE);
  }

  it("refuses to finish during a lock-out that wrong TOTPs began after the start, with statusCode 429, and binds nothing", async () => {
    const { enrollmentToken, code } = await startSmsInsideWindow();
    for (let i = 0; i < 10; i++) await send(t.app, "POST", PATHS.mfaOtpVerify, alice, { totp: wrongTotp(secret, t.clock.now()) });
    const { body } = await enroll(alice, "SMS", enrollmentToken, { passCode: code });
    expect(body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/retry in \d+ seconds/) });
    expect((await enrolledFactors(t, alice)).map((f) => f.factorType)).toEqual(["OTP"]);
  });

  it("refuses to finish once the step-up window has closed, with statusCode 403 and apiCode 6120, and binds nothing", async () => {
    const { enrollmentToken, code } = await startSmsInsideWindow(STEP_UP_MS - 10_000);
    t.clock.advance(15_000); // 5 s after the window closed, well inside the token's 60 s
    const { body } = await enroll(alice, "SMS", enrollmentToken, { passCode: code });
    expect(body).toMatchObject({ statusCode: 403, apiCode: API_CODES.stepUpRequired });
    expect((await enrolledFactors(t, alice)).map((f) => f.factorType)).toEqual(["OTP"]);
  });

  it("spends none of the token's attempts on a refused finish, so the user may check a TOTP and finish with the same token", async () => {
    const { enrollmentToken, code } = await startSmsInsideWindow(STEP_UP_MS - 10_000);
    t.clock.advance(15_000);
    for (let i = 0; i < 6; i++)
      expect((await enroll(alice, "SMS", enrollmentToken, { passCode: "000000" })).body.apiCode).toBe(API_CODES.stepUpRequired);
    expect((await send(t.app, "POST", PATHS.mfaOtpVerify, alice, { totp: independentTotp(secret, t.clock.now()) })).body.statusCode).toBe(
      200,
    );
    expect((await enroll(alice, "SMS", enrollmentToken, { passCode: code })).body.statusCode).toBe(200);
  });

  it("refuses to finish with another token of the same user, whose session has no step-up", async () => {
    const { enrollmentToken, code } = await startSmsInsideWindow();
    const stolen = await t.tokenFor("alice-id", { username: "alice" });
    expect((await enroll(stolen, "SMS", enrollmentToken, { passCode: code })).body).toMatchObject({
      statusCode: 403,
      apiCode: API_CODES.stepUpRequired,
    });
  });

  it("refuses to finish a FACE binding outside the window too", async () => {
    await setUp();
    ({ secret } = await enrollOtp(t, alice)); // binding it is the step-up; the clock is 30 s on
    t.clock.advance(STEP_UP_MS - 70_000);
    const started = await send(t.app, "POST", PATHS.sendEnrollFactorRequest, alice, { factorType: "FACE" });
    expect(started.body.statusCode).toBe(200);
    t.clock.advance(45_000); // 5 s after the window closed, 45 s into the token's 60
    const { body } = await enroll(alice, "FACE", started.body.data.enrollmentToken, { photo: "https://files.example.com/face/alice.jpg" });
    expect(body).toMatchObject({ statusCode: 403, apiCode: API_CODES.stepUpRequired });
  });
});
