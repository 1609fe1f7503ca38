import { describe, expect } from "vitest";
import { decodeQrDataUrl } from "./support/decode-qr.ts";
import { awayFromStepBoundary, totpFor } from "./support/totp-clock.ts";
import { contractCase, holdsOurRules } from "./basis.ts";
import { call } from "./call.ts";
import { target } from "./target.ts";

const types = (body: { data: Array<{ factorType: string }> }) => body.data.map((f) => f.factorType);

/**
 * Starts and completes an OTP binding, enrolling with the previous step's TOTP (one step of drift),
 * so that the current step's TOTP is still unused for a verification afterwards.
 */
async function bindOtp() {
  const sent = (await call("sendEnrollFactorRequest", { body: { factorType: "OTP" } })).body;
  expect(sent.statusCode).toBe(200);
  const { enrollmentToken, otpData } = sent.data;
  await awayFromStepBoundary();
  const enroll = { factorType: "OTP", enrollmentToken, enrollmentData: { passCode: totpFor(otpData.qrCodeUri, Date.now() - 30_000) } };
  expect((await call("enrollFactor", { body: enroll })).body.statusCode).toBe(200);
  const otp = (await call("listEnrolledFactors")).body.data.find((f: { factorType: string }) => f.factorType === "OTP");
  return { enroll, otpData, otp };
}

// The whole "Two-factor" screen with an authenticator app, against a server that keeps state. The
// TOTPs come from the independent `otpauth` package, never from the server's own code.
describe(`binding, using and unbinding an OTP factor on the ${target.name}`, () => {
  contractCase("walks list, send, enroll, replay, list, get, verify, reset and list again", { needs: ["state"] }, async () => {
    expect(types((await call("listFactorsToEnroll")).body)).toContain("OTP");
    const { enroll, otpData, otp } = await bindOtp();
    expect(decodeQrDataUrl(otpData.qrCodeDataUrl).text).toBe(otpData.qrCodeUri);

    // An enrollment token binds once: GenAuth answers a bound type with 409; our targets' single-use
    // token answers first, with 422 and apiCode 6112.
    const replayedToken = (await call("enrollFactor", { body: enroll })).body;
    expect([409, 422]).toContain(replayedToken.statusCode);
    if (holdsOurRules) expect(replayedToken).toMatchObject({ statusCode: 422, apiCode: 6112 });

    const listed = (await call("listEnrolledFactors")).body;
    if (holdsOurRules) expect(otp.profile.accountName).toEqual(expect.any(String));
    expect(JSON.stringify(listed)).not.toContain(new URL(otpData.qrCodeUri).searchParams.get("secret"));
    expect(types((await call("listFactorsToEnroll")).body)).not.toContain("OTP");
    expect((await call("getFactor", { query: { factorId: otp.factorId } })).body.data).toEqual(otp);

    const totp = totpFor(otpData.qrCodeUri);
    expect((await call("mfaOtpVerify", { body: { totp } })).body).toMatchObject({ statusCode: 200, data: { verified: true } });
    // A TOTP accepted once only is our targets' rule (totpDriftAndReplay).
    if (holdsOurRules) expect((await call("mfaOtpVerify", { body: { totp } })).body).toMatchObject({ statusCode: 400, apiCode: 6001 });

    expect((await call("sendEnrollFactorRequest", { body: { factorType: "OTP" } })).body.statusCode).toBe(409);
    // The reference server lets a user with an authenticator app unbind a factor only within a few
    // minutes of a step-up (a TOTP check, a recovery, or the binding itself): this walk unbinds right
    // after its check, as a "Two-factor" screen would after asking for a code. GenAuth has no such rule.
    expect((await call("resetFactor", { body: { factorId: otp.factorId } })).body.statusCode).toBe(200);
    expect((await call("getFactor", { query: { factorId: otp.factorId } })).body.statusCode).toBe(404);
    expect(types((await call("listFactorsToEnroll")).body)).toContain("OTP");
    if (holdsOurRules) expect((await call("mfaOtpVerify", { body: { totp: totpFor(otpData.qrCodeUri) } })).body.statusCode).toBe(404);
  });

  contractCase(
    "recovers with the recovery code, which is spent and replaced, then unbinds",
    { needs: ["state"], rules: ["recoveryCodeReplaced"] },
    async () => {
      const { otpData, otp } = await bindOtp();
      const recovered = (await call("mfaOtpRecover", { body: { recoveryCode: otpData.recoveryCode } })).body;
      expect(recovered.statusCode).toBe(200);
      expect(recovered.data.recoveryCode).not.toBe(otpData.recoveryCode);
      expect((await call("mfaOtpRecover", { body: { recoveryCode: otpData.recoveryCode } })).body).toMatchObject({
        statusCode: 400,
        apiCode: 6002,
      });
      expect((await call("resetFactor", { body: { factorId: otp.factorId } })).body.statusCode).toBe(200);
    },
  );

  contractCase("answers an enrollment token that was never issued with apiCode 6110", { needs: ["state"], apiCodes: [6110] }, async () => {
    const token = Buffer.alloc(128, 1).toString("base64");
    const { body } = await call("enrollFactor", {
      body: { factorType: "OTP", enrollmentToken: token, enrollmentData: { passCode: "123456" } },
    });
    expect(body).toMatchObject({ statusCode: 422, apiCode: 6110 });
  });

  contractCase("answers an enrollment token that was never issued with a refusal, never a binding", { needs: ["state"] }, async () => {
    const { body } = await call("enrollFactor", {
      body: { factorType: "OTP", enrollmentToken: "xxx", enrollmentData: { passCode: "123456" } },
    });
    expect(body.statusCode).not.toBe(200);
    expect(body.statusCode).toBeLessThan(500);
  });

  contractCase(
    "refuses another user's factor on getFactor and resetFactor with the plain 404",
    { needs: ["state", "otherUser"], rules: ["unknownFactor404"] },
    async () => {
      const sent = (await call("sendEnrollFactorRequest", { body: { factorType: "FACE" }, token: target.otherAccessToken })).body;
      const photo = "https://files.authing.co/face/contract-suite.jpg";
      const enroll = { factorType: "FACE", enrollmentToken: sent.data.enrollmentToken, enrollmentData: { photo, isExternalPhoto: true } };
      expect((await call("enrollFactor", { body: enroll, token: target.otherAccessToken })).body.statusCode).toBe(200);
      const theirs = (await call("listEnrolledFactors", { token: target.otherAccessToken })).body.data.find(
        (f: { factorType: string }) => f.factorType === "FACE",
      );

      const nobody = (await call("getFactor", { query: { factorId: "0123456789abcdef01234567" } })).body;
      const got = (await call("getFactor", { query: { factorId: theirs.factorId } })).body;
      expect(got.statusCode).toBe(404);
      // The same words as for a factor nobody has, so the answer tells nothing of the other user.
      if (holdsOurRules) expect(got.message).toBe(nobody.message);
      expect((await call("resetFactor", { body: { factorId: theirs.factorId } })).body.statusCode).toBe(404);
      expect((await call("getFactor", { query: { factorId: theirs.factorId }, token: target.otherAccessToken })).body.statusCode).toBe(200);
      await call("resetFactor", { body: { factorId: theirs.factorId }, token: target.otherAccessToken });
    },
  );
});
