import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../src/client/index.ts";
import { createGenAuthHandlers } from "../../src/msw/index.ts";
import { decodeQrDataUrl } from "../contract-suite/support/decode-qr.ts";
import { secretOf, wrongTotp } from "../support/enroll.ts";
import { totpFor } from "../contract-suite/support/totp-clock.ts";
import { manualClock } from "../support/test-app.ts";

const baseUrl = "https://your-app.genauth.ai";
const clock = manualClock();
const genauth = createGenAuthHandlers({ baseUrl, stateful: true, now: clock.now, onWarning: () => {} });
const server = setupServer(...genauth.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => genauth.reset());
afterAll(() => server.close());

const client = (accessToken = "alice") => createClient({ baseUrl, accessToken });
const PHONE = "18812345678";
const types = (list: Array<{ factorType: string }> | null | undefined) => (list ?? []).map((f) => f.factorType);

/** Starts an SMS binding and reads its code from the outbox. */
async function sendSms(accessToken = "alice", phoneNumber = PHONE) {
  const sent = await client(accessToken).sendEnrollFactorRequest({ factorType: "SMS", profile: { phoneNumber } });
  expect(sent.error).toBeUndefined();
  const code = genauth.outbox(`+86${phoneNumber}`).at(-1)!.code;
  return { enrollmentToken: sent.data!.enrollmentToken, code };
}

describe("createGenAuthHandlers({ stateful: true }) under msw/node", () => {
  it("binds a phone with the outbox's code, lists it, stops offering it, refuses the spent token with 422, and unbinds it", async () => {
    const { enrollmentToken, code } = await sendSms();
    expect(code).toMatch(/^\d{6}$/);
    expect((await client().enrollFactor({ factorType: "SMS", enrollmentToken, enrollmentData: { passCode: code } })).error).toBeUndefined();

    const enrolled = (await client().listEnrolledFactors()).data!;
    expect(enrolled).toEqual([
      {
        factorId: expect.stringMatching(/^[0-9a-f]{24}$/),
        factorType: "SMS",
        profile: { phoneNumber: "188****5678", phoneCountryCode: "+86" },
      },
    ]);
    expect(types((await client().listFactorsToEnroll()).data)).toEqual(["OTP", "EMAIL", "FACE"]);

    const spent = await client().enrollFactor({ factorType: "SMS", enrollmentToken, enrollmentData: { passCode: code } });
    expect(spent.error).toMatchObject({ statusCode: 422, apiCode: 6112 });

    expect((await client().resetFactor({ factorId: enrolled[0]!.factorId })).error).toBeUndefined();
    expect((await client().listEnrolledFactors()).data).toEqual([]);
    expect(types((await client().listFactorsToEnroll()).data)).toContain("SMS");
  });

  it("binds an authenticator app with a TOTP computed from the QR code's secret, after refusing a wrong one", async () => {
    const sent = (await client().sendEnrollFactorRequest({ factorType: "OTP" })).data!;
    const uri = decodeQrDataUrl(sent.otpData!.qrCodeDataUrl).text!;
    expect(uri).toBe(sent.otpData!.qrCodeUri);
    const enroll = (passCode: string) =>
      client().enrollFactor({ factorType: "OTP", enrollmentToken: sent.enrollmentToken, enrollmentData: { passCode } });
    expect((await enroll(wrongTotp(secretOf(uri), clock.now()))).error).toMatchObject({ statusCode: 400, apiCode: 6001 });
    expect((await enroll(totpFor(uri, clock.now()))).error).toBeUndefined();
    expect(types((await client().listEnrolledFactors()).data)).toEqual(["OTP"]);
    // The app keeps working: the next step's TOTP verifies.
    clock.advance(30_000);
    expect((await client().mfaOtpVerify({ totp: totpFor(uri, clock.now()) })).data).toEqual({ verified: true });
  });

  it("keeps each access token's factors to itself", async () => {
    const { enrollmentToken, code } = await sendSms("alice");
    await client("alice").enrollFactor({ factorType: "SMS", enrollmentToken, enrollmentData: { passCode: code } });
    expect(types((await client("bob").listEnrolledFactors()).data)).toEqual([]);
    const bobs = await client("bob").enrollFactor({ factorType: "SMS", enrollmentToken, enrollmentData: { passCode: code } });
    expect(bobs.error).toMatchObject({ statusCode: 403, apiCode: 6113 });
  });

  it("expires an enrollment token after a minute on the clock the test moves", async () => {
    const { enrollmentToken, code } = await sendSms();
    clock.advance(60_000);
    expect((await client().enrollFactor({ factorType: "SMS", enrollmentToken, enrollmentData: { passCode: code } })).error).toMatchObject({
      statusCode: 422,
      apiCode: 6111,
    });
  });

  it("asks for a step-up before unbinding a factor once an authenticator app is bound, as the server does", async () => {
    const sent = (await client().sendEnrollFactorRequest({ factorType: "OTP" })).data!;
    await client().enrollFactor({
      factorType: "OTP",
      enrollmentToken: sent.enrollmentToken,
      enrollmentData: { passCode: totpFor(sent.otpData!.qrCodeUri, clock.now()) },
    });
    const otp = (await client().listEnrolledFactors()).data![0]!;
    clock.advance(301_000);
    expect((await client().resetFactor({ factorId: otp.factorId })).error).toMatchObject({ statusCode: 403, apiCode: 6120 });
    await client().mfaOtpVerify({ totp: totpFor(sent.otpData!.qrCodeUri, clock.now()) });
    expect((await client().resetFactor({ factorId: otp.factorId })).error).toBeUndefined();
  });

  it("binds a face only for a user whose JWT shows a phone number or an email address, as GenAuth's apiCode 1703 says", async () => {
    const jwt = (claims: object) => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
    const face = (accessToken: string) => client(accessToken).sendEnrollFactorRequest({ factorType: "FACE" });
    expect((await face(jwt({ sub: "dana" }))).error).toMatchObject({ statusCode: 403, apiCode: 1703 });
    expect((await face(jwt({ sub: "erin", email: "erin@example.com" }))).error).toBeUndefined();
    // An opaque token carries no claims to say no: its user stands for an account that has both.
    expect((await face("alice")).error).toBeUndefined();
  });

  it("caps a user's OTP starts, with the startLimits option", async () => {
    const own = createGenAuthHandlers({ baseUrl: "https://starts.genauth.test", stateful: true, startLimits: { userPerHour: 2 } });
    server.use(...own.handlers);
    const starter = createClient({ baseUrl: "https://starts.genauth.test", accessToken: "frank" });
    for (let i = 0; i < 2; i++) expect((await starter.sendEnrollFactorRequest({ factorType: "OTP" })).error).toBeUndefined();
    expect((await starter.sendEnrollFactorRequest({ factorType: "OTP" })).error).toMatchObject({ statusCode: 429 });
    expect((await starter.sendEnrollFactorRequest({ factorType: "FACE" })).error).toBeUndefined();
  });

  it("throttles a second code to one number within a minute, and forgets it on reset", async () => {
    await sendSms();
    expect((await client().sendEnrollFactorRequest({ factorType: "SMS", profile: { phoneNumber: PHONE } })).error).toMatchObject({
      statusCode: 429,
    });
    genauth.reset();
    expect(genauth.outbox(`+86${PHONE}`)).toEqual([]);
    expect((await client().sendEnrollFactorRequest({ factorType: "SMS", profile: { phoneNumber: PHONE } })).error).toBeUndefined();
  });

  it("serves the outbox at GET /dev/outbox?to= as the server does, with CORS headers for any origin", async () => {
    await sendSms();
    const response = await fetch(`${baseUrl}/dev/outbox?to=%2B86${PHONE}`, { headers: { origin: "http://localhost:6006" } });
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:6006");
    const body = await response.json();
    expect(body).toMatchObject({ statusCode: 200, data: [{ channel: "sms", to: `+86${PHONE}`, code: expect.stringMatching(/^\d{6}$/) }] });
    expect((await (await fetch(`${baseUrl}/dev/outbox`)).json()).statusCode).toBe(400);
  });

  it("still answers a named example, so that error screens stay one header away", async () => {
    const throttled = await createClient({
      baseUrl,
      accessToken: "alice",
      headers: { Prefer: "example=throttled" },
    }).sendEnrollFactorRequest({ factorType: "OTP" });
    expect(throttled.error).toMatchObject({ statusCode: 429 });
    expect(genauth.outbox(`+86${PHONE}`)).toEqual([]);
  });
});

describe("the stateful handlers' options", () => {
  it("take the send limits and the code length, and refuse values the server would refuse", async () => {
    const own = createGenAuthHandlers({
      baseUrl: "https://limits.genauth.test",
      stateful: true,
      sendLimits: { userPerHour: 1 },
      verifyCodeLength: 4,
    });
    server.use(...own.handlers);
    const limited = createClient({ baseUrl: "https://limits.genauth.test", accessToken: "carol" });
    expect((await limited.sendEnrollFactorRequest({ factorType: "EMAIL", profile: { email: "carol@example.com" } })).error).toBeUndefined();
    expect(own.outbox("CAROL@example.com")[0]!.code).toMatch(/^\d{4}$/);
    expect((await limited.sendEnrollFactorRequest({ factorType: "EMAIL", profile: { email: "carol2@example.com" } })).error).toMatchObject({
      statusCode: 429,
    });
    expect(() => createGenAuthHandlers({ stateful: true, verifyCodeLength: 3 })).toThrow(/verifyCodeLength must be an integer from 4 to 8/);
    expect(() => createGenAuthHandlers({ stateful: true, sendLimits: { userPerHour: 101 } })).toThrow(/sendLimits.userPerHour/);
  });
});
