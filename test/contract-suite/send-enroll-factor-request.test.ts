import { describe, expect } from "vitest";
import { decodeQrDataUrl } from "./support/decode-qr.ts";
import { uniqueEmail, uniquePhoneNumber } from "./support/unique.ts";
import { contractCase, holdsOurRules } from "./basis.ts";
import { asExample, call, example, requestExample } from "./call.ts";
import { servesExamples, target } from "./target.ts";

const OP = "sendEnrollFactorRequest";

/**
 * The request example, made unique where a stateful target rate-limits by phone number or address,
 * so that reruns within a minute are not throttled.
 */
function freshRequest(name: "otp" | "sms" | "email" | "face") {
  const body = requestExample(OP, name) as { profile?: Record<string, string> };
  if (target.stateful && name === "sms") body.profile!.phoneNumber = uniquePhoneNumber();
  if (target.stateful && name === "email") body.profile!.email = uniqueEmail();
  return body;
}

describe(`sendEnrollFactorRequest on the ${target.name}`, () => {
  for (const name of ["otp", "sms", "email", "face"] as const) {
    contractCase(`answers the ${name} request example with statusCode 200 and an enrollment token`, {}, async () => {
      const { body } = await call(OP, { body: freshRequest(name) });
      expect(body.statusCode).toBe(200);
      // 128 random bytes in base64 is our targets' token; GenAuth documents only a string.
      if (target.profile === "reference") expect(body.data.enrollmentToken).toMatch(/^[A-Za-z0-9+/]{171}=$/);
      if (servesExamples) expect(body).toEqual(asExample(body, example(OP, name)));
      if (name === "otp") expect(body.data.otpData).toBeDefined();
      else expect(body.data.otpData).toBeUndefined();
    });
  }

  contractCase("returns an OTP QR code that decodes to exactly its qrCodeUri", {}, async () => {
    const { body } = await call(OP, { body: { factorType: "OTP" } });
    const { qrCodeUri, qrCodeDataUrl } = body.data.otpData;
    expect(decodeQrDataUrl(qrCodeDataUrl).text).toBe(qrCodeUri);
    if (target.profile === "reference") expect(qrCodeUri).toMatch(/^otpauth:\/\/totp\/[^?]+\?.*secret=[A-Z2-7]{32}(&|$)/);
  });

  contractCase("accepts an OTP request with an empty profile, as GenAuth's Android SDK sends it", {}, async () => {
    const { body } = await call(OP, { body: { factorType: "OTP", profile: {} } });
    expect(body.statusCode).toBe(200);
  });

  contractCase("accepts an SMS request that also carries an email, as the SDK's documented sample does", {}, async () => {
    const phoneNumber = target.stateful ? uniquePhoneNumber() : "18812345678";
    const { body } = await call(OP, { body: { factorType: "SMS", profile: { phoneNumber, email: "test@example.com" } } });
    expect(body.statusCode).toBe(200);
  });

  contractCase("accepts the access token with a Bearer prefix as well as raw", { rules: ["accessTokenRawOrBearer"] }, async () => {
    const { body } = await call(OP, { body: { factorType: "FACE" }, token: `Bearer ${target.accessToken}` });
    expect(body.statusCode).toBe(200);
  });

  contractCase("carries the body's requestId in the X-Request-Id header", { rules: ["noStoreAndRequestId"] }, async () => {
    const { body, response } = await call(OP, { body: { factorType: "FACE" } });
    expect(response.headers.get("x-request-id")).toBe(body.requestId);
  });

  contractCase(
    "throttles a second SMS request for the same number within a minute with statusCode 429",
    { rules: ["oneCodePerMinute"], needs: ["state"] },
    async () => {
      const request = freshRequest("sms");
      expect((await call(OP, { body: request })).body.statusCode).toBe(200);
      const { body } = await call(OP, { body: request, throttleExpected: true });
      expect(body.statusCode).toBe(429);
      if (holdsOurRules) expect(body.message).toMatch(/retry in \d+ seconds/);
    },
  );

  contractCase(
    "throttles a second EMAIL request for the same address within a minute with statusCode 429",
    { rules: ["oneCodePerMinute"], needs: ["state"] },
    async () => {
      const request = freshRequest("email");
      expect((await call(OP, { body: request })).body.statusCode).toBe(200);
      const { body } = await call(OP, { body: request, throttleExpected: true });
      expect(body.statusCode).toBe(429);
    },
  );

  contractCase("mints a different enrollment token and secret for every OTP request", { needs: ["state"] }, async () => {
    const first = (await call(OP, { body: { factorType: "OTP" } })).body.data;
    const second = (await call(OP, { body: { factorType: "OTP" } })).body.data;
    expect(second.enrollmentToken).not.toBe(first.enrollmentToken);
    expect(second.otpData.qrCodeUri).not.toBe(first.otpData.qrCodeUri);
    expect(second.otpData.recoveryCode).not.toBe(first.otpData.recoveryCode);
  });
});
