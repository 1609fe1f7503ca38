import { AuthenticationClient } from "authing-node-sdk";
import { describe, expect } from "vitest";
import { awayFromStepBoundary, totpFor } from "./support/totp-clock.ts";
import { uniquePhoneNumber } from "./support/unique.ts";
import { responseValidator } from "../../src/contract/validators.ts";
import { contractCase, holdsOurRules, onAnswer } from "./basis.ts";
import { servesExamples, target } from "./target.ts";

// GenAuth's official Node SDK sends the token raw in `authorization` plus `x-authing-app-id`.
// What it resolves to is checked against the same per-operation schemas as every other answer.
const sdk = new AuthenticationClient({
  appId: "62a1ae5d7fd8a7d1d5e6b8f1",
  appHost: target.baseUrl,
  tokenEndPointAuthMethod: "none",
  accessToken: target.accessToken,
});

/**
 * Checks what the SDK resolved to against the operation's schema, and lets the suite judge it as it
 * judges every answer `call` gets: a remote target's throttling skips the case, never fails it.
 */
function valid<T>(operationId: string, body: T): T {
  const validate = responseValidator(operationId, target.profile);
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  onAnswer(operationId, body as { statusCode?: unknown });
  return body;
}

// The SDK types factorType as a TypeScript enum, which no string literal satisfies, and asks for a
// profile that an OTP binding does not send: bodies go in as they go over the wire.
const cast = (body: unknown) => body as never;

describe(`GenAuth's official authing-node-sdk against the ${target.name}`, () => {
  contractCase("starts an OTP binding with the raw token it sends", { rules: ["accessTokenRawOrBearer"] }, async () => {
    const answer = valid("sendEnrollFactorRequest", await sdk.sendEnrollFactorRequest(cast({ factorType: "OTP" })));
    expect(answer.statusCode).toBe(200);
    expect(answer.data.otpData?.qrCodeUri).toMatch(/^otpauth:\/\/totp\//);
  });

  contractCase("resolves, rather than throws, GenAuth's error envelope for a bad body", {}, async () => {
    const answer = valid("sendEnrollFactorRequest", await sdk.sendEnrollFactorRequest(cast({ factorType: "SMS", profile: {} })));
    expect(answer.statusCode).toBe(400);
    if (holdsOurRules) expect(answer.message).toContain("phoneNumber");
  });

  contractCase(
    "lists factors to enroll and enrolled factors, and answers getFactor, resetFactor and mfaOtpVerify",
    { rules: ["unknownFactor404"] },
    async () => {
      expect(valid("listFactorsToEnroll", await sdk.listFactorsToEnroll()).statusCode).toBe(200);
      expect(valid("listEnrolledFactors", await sdk.listEnrolledFactors()).statusCode).toBe(200);
      const id = servesExamples ? "6571c1f8a3d2e4b5c6d7e8f9" : "0123456789abcdef01234567";
      expect(valid("getFactor", await sdk.getFactor({ factorId: id })).statusCode).toBe(servesExamples ? 200 : 404);
      expect(valid("resetFactor", await sdk.resetFactor({ factorId: id })).statusCode).toBe(servesExamples ? 200 : 404);
      const verified = valid("mfaOtpVerify", await sdk.mfaOtpVerify({ totp: "492039" }));
      // A stateless mock accepts any code. This file's user has bound no OTP factor yet (a fresh user on
      // the reference server; on a remote target, the stateful walk unbinds what it binds), so a
      // stateful target has nothing to check the code against: 404, never a wrong-code 400.
      if (!target.stateful) expect(verified.statusCode).toBe(200);
      else if (holdsOurRules) expect(verified.statusCode).toBe(404);
      else expect(verified.statusCode === 200 && verified.data?.verified).not.toBe(true);
    },
  );

  contractCase(
    "gets the 404 envelope for an unknown factorId, and a factor or 404 for GenAuth's documented composite ID",
    { rules: ["unknownFactor404", "implicitFactors"] },
    async () => {
      expect(valid("getFactor", await sdk.getFactor({ factorId: "no-such-factor" })).statusCode).toBe(404);
      expect(valid("resetFactor", await sdk.resetFactor({ factorId: "no-such-factor" })).statusCode).toBe(404);
      const implicit = valid("getFactor", await sdk.getFactor({ factorId: "635391f4xxxxxx6bba26ed4|email" }));
      expect([200, 404]).toContain(implicit.statusCode);
      if (servesExamples) expect(implicit.data).toMatchObject({ factorId: "635391f4xxxxxx6bba26ed4|email", factorType: "EMAIL" });
    },
  );

  contractCase(
    "binds a FACE with an uploaded photo's key, and reads an SMS profile with its phoneCountryCode",
    { needs: ["examples"] },
    async () => {
      const started = valid("sendEnrollFactorRequest", await sdk.sendEnrollFactorRequest(cast({ factorType: "FACE" })));
      const enroll = {
        factorType: "FACE",
        enrollmentToken: started.data.enrollmentToken,
        enrollmentData: { photo: "132434235ad244", isExternalPhoto: false },
      };
      expect(valid("enrollFactor", await sdk.enrollFactor(cast(enroll))).statusCode).toBe(200);
      // The mock's default user has nothing bound; a scenario in the token names the user with everything bound.
      const allBound = new AuthenticationClient({
        appId: "62a1ae5d7fd8a7d1d5e6b8f1",
        appHost: target.baseUrl,
        tokenEndPointAuthMethod: "none",
        accessToken: "scenario=allBound",
      });
      const sms = (await allBound.listEnrolledFactors()).data.find((f) => f.factorType === "SMS")!;
      expect(sms.profile).toEqual({ phoneNumber: "188****5678", phoneCountryCode: "+86" });
    },
  );

  contractCase("completes send and enroll for OTP, verifies a TOTP and resets it", { needs: ["state"] }, async () => {
    const sent = valid("sendEnrollFactorRequest", await sdk.sendEnrollFactorRequest(cast({ factorType: "OTP" })));
    const uri = sent.data.otpData!.qrCodeUri;
    await awayFromStepBoundary();
    const enroll = {
      factorType: "OTP",
      enrollmentToken: sent.data.enrollmentToken,
      enrollmentData: { passCode: totpFor(uri, Date.now() - 30_000) },
    };
    expect(valid("enrollFactor", await sdk.enrollFactor(cast(enroll))).statusCode).toBe(200);
    expect(valid("mfaOtpVerify", await sdk.mfaOtpVerify({ totp: totpFor(uri) })).data.verified).toBe(true);
    const otp = (await sdk.listEnrolledFactors()).data.find((f) => f.factorType === "OTP")!;
    expect(valid("getFactor", await sdk.getFactor({ factorId: otp.factorId })).data.factorId).toBe(otp.factorId);
    expect(valid("resetFactor", await sdk.resetFactor({ factorId: otp.factorId })).statusCode).toBe(200);
  });

  contractCase("completes send and enroll for SMS with the code from the outbox", { needs: ["outbox"] }, async () => {
    const phoneNumber = uniquePhoneNumber();
    const sent = valid(
      "sendEnrollFactorRequest",
      await sdk.sendEnrollFactorRequest(cast({ factorType: "SMS", profile: { phoneNumber, phoneCountryCode: "+86" } })),
    );
    expect(sent.statusCode).toBe(200);
    const outbox = await (await fetch(`${target.baseUrl}/dev/outbox?to=%2B86${phoneNumber}`)).json();
    const enroll = { factorType: "SMS", enrollmentToken: sent.data.enrollmentToken, enrollmentData: { passCode: outbox.data[0].code } };
    expect(valid("enrollFactor", await sdk.enrollFactor(cast(enroll))).statusCode).toBe(200);
    const sms = (await sdk.listEnrolledFactors()).data.find((f) => f.factorType === "SMS")!;
    expect(valid("resetFactor", await sdk.resetFactor({ factorId: sms.factorId })).statusCode).toBe(200);
  });
});
