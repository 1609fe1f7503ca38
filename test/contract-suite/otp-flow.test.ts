import { describe, expect, it } from "vitest";
import { decodeQrDataUrl } from "../support/decode-qr.ts";
import { awayFromStepBoundary, totpFor } from "../support/totp-clock.ts";
import { call } from "./call.ts";
import { target } from "./target.ts";

const types = (body: { data: Array<{ factorType: string }> }) => body.data.map((f) => f.factorType);

// The whole "Two-factor" screen with an authenticator app, against a server that keeps state. The
// TOTPs come from the independent `otpauth` package, never from the server's own code.
describe.runIf(target.stateful)(`binding, using and unbinding an OTP factor on the ${target.name}`, () => {
  it("walks list, send, enroll, list, get, verify, replay, recover, reset and list again", async () => {
    expect(types((await call("listFactorsToEnroll")).body)).toContain("OTP");

    const sent = (await call("sendEnrollFactorRequest", { body: { factorType: "OTP" } })).body;
    expect(sent.statusCode).toBe(200);
    const { enrollmentToken, otpData } = sent.data;
    expect(decodeQrDataUrl(otpData.qrCodeDataUrl).text).toBe(otpData.qrCodeUri);

    // Enroll with the previous step's TOTP (one step of drift is allowed), so that the current
    // step's TOTP is still unused for the verification below.
    await awayFromStepBoundary();
    const enroll = { factorType: "OTP", enrollmentToken, enrollmentData: { passCode: totpFor(otpData.qrCodeUri, Date.now() - 30_000) } };
    expect((await call("enrollFactor", { body: enroll })).body.statusCode).toBe(200);
    const replayedToken = (await call("enrollFactor", { body: enroll })).body;
    expect(replayedToken).toMatchObject({ statusCode: 422, apiCode: 6112 });

    const listed = (await call("listEnrolledFactors")).body;
    const otp = listed.data.find((f: { factorType: string }) => f.factorType === "OTP");
    expect(otp.profile.accountName).toEqual(expect.any(String));
    expect(JSON.stringify(listed)).not.toContain(new URL(otpData.qrCodeUri).searchParams.get("secret"));
    expect(types((await call("listFactorsToEnroll")).body)).not.toContain("OTP");
    expect((await call("getFactor", { query: { factorId: otp.factorId } })).body.data).toEqual(otp);

    const totp = totpFor(otpData.qrCodeUri);
    expect((await call("mfaOtpVerify", { body: { totp } })).body).toMatchObject({ statusCode: 200, data: { verified: true } });
    expect((await call("mfaOtpVerify", { body: { totp } })).body).toMatchObject({ statusCode: 400, apiCode: 6001 });

    const recovered = (await call("mfaOtpRecover", { body: { recoveryCode: otpData.recoveryCode } })).body;
    expect(recovered.statusCode).toBe(200);
    expect(recovered.data.recoveryCode).not.toBe(otpData.recoveryCode);
    expect((await call("mfaOtpRecover", { body: { recoveryCode: otpData.recoveryCode } })).body).toMatchObject({ statusCode: 400, apiCode: 6002 });

    expect((await call("sendEnrollFactorRequest", { body: { factorType: "OTP" } })).body.statusCode).toBe(409);
    // The reference server lets a user with an authenticator app unbind a factor only within a few
    // minutes of a step-up (a TOTP check, a recovery, or the binding itself): this walk unbinds right
    // after its recovery, as a "Two-factor" screen would after asking for a code. GenAuth has no such rule.
    expect((await call("resetFactor", { body: { factorId: otp.factorId } })).body.statusCode).toBe(200);
    expect((await call("getFactor", { query: { factorId: otp.factorId } })).body.statusCode).toBe(404);
    expect(types((await call("listFactorsToEnroll")).body)).toContain("OTP");
    expect((await call("mfaOtpVerify", { body: { totp: totpFor(otpData.qrCodeUri) } })).body.statusCode).toBe(404);
  });

  it("answers an enrollment token that was never issued with apiCode 6110", async () => {
    const token = Buffer.alloc(128, 1).toString("base64");
    const { body } = await call("enrollFactor", { body: { factorType: "OTP", enrollmentToken: token, enrollmentData: { passCode: "123456" } } });
    expect(body).toMatchObject({ statusCode: 422, apiCode: 6110 });
  });

  it.runIf(target.otherAccessToken !== undefined)("refuses another user's factor on getFactor and resetFactor with the plain 404", async () => {
    const sent = (await call("sendEnrollFactorRequest", { body: { factorType: "FACE" }, token: target.otherAccessToken })).body;
    const photo = "https://files.authing.co/face/contract-suite.jpg";
    const enroll = { factorType: "FACE", enrollmentToken: sent.data.enrollmentToken, enrollmentData: { photo } };
    expect((await call("enrollFactor", { body: enroll, token: target.otherAccessToken })).body.statusCode).toBe(200);
    const theirs = (await call("listEnrolledFactors", { token: target.otherAccessToken })).body.data[0];

    const nobody = (await call("getFactor", { query: { factorId: "0123456789abcdef01234567" } })).body;
    const got = (await call("getFactor", { query: { factorId: theirs.factorId } })).body;
    expect(got).toMatchObject({ statusCode: 404, message: nobody.message });
    expect((await call("resetFactor", { body: { factorId: theirs.factorId } })).body.statusCode).toBe(404);
    expect((await call("getFactor", { query: { factorId: theirs.factorId }, token: target.otherAccessToken })).body.statusCode).toBe(200);
    await call("resetFactor", { body: { factorId: theirs.factorId }, token: target.otherAccessToken });
  });
});
