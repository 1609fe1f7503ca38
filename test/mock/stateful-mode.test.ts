import { AuthenticationClient } from "authing-node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeQrDataUrl } from "../contract-suite/support/decode-qr.ts";
import { secretOf, wrongTotp } from "../support/enroll.ts";
import { spawnService, type Service } from "../support/spawn-service.ts";
import { awayFromStepBoundary, totpFor } from "../contract-suite/support/totp-clock.ts";

// The SDK types factorType as a TypeScript enum, which no string literal satisfies, and asks for a
// profile that an OTP binding does not send: bodies go in as they go over the wire.
const cast = (body: unknown) => body as never;

// `npm run mock -- --stateful` over HTTP, driven by GenAuth's official Node SDK as an app would.
describe("the mock with --stateful, through GenAuth's official authing-node-sdk", () => {
  let mock: Service;
  beforeAll(async () => {
    mock = await spawnService("src/mock/main.ts", { MOCK_PORT: "0" }, undefined, undefined, ["--stateful"]);
  });
  afterAll(() => mock?.stop());
  const sdkFor = (accessToken: string) =>
    new AuthenticationClient({ appId: "62a1ae5d7fd8a7d1d5e6b8f1", appHost: mock.url, tokenEndPointAuthMethod: "none", accessToken });

  it("binds a phone with /dev/outbox's code, lists it, stops offering it, refuses the spent token with 422, and unbinds it", async () => {
    const sdk = sdkFor("alice-sms");
    const sent = await sdk.sendEnrollFactorRequest(
      cast({ factorType: "SMS", profile: { phoneNumber: "18812345670", phoneCountryCode: "+86" } }),
    );
    expect(sent.statusCode).toBe(200);
    const outbox = await fetch(`${mock.url}/dev/outbox?to=%2B8618812345670`, { headers: { origin: "http://localhost:6006" } });
    expect(outbox.headers.get("access-control-allow-origin")).toBe("http://localhost:6006");
    const code = ((await outbox.json()) as { data: Array<{ code: string }> }).data[0]!.code;
    expect(mock.output()).toContain(`[outbox] sms to +8618812345670: `);

    const enroll = { factorType: "SMS", enrollmentToken: sent.data.enrollmentToken, enrollmentData: { passCode: code } };
    expect((await sdk.enrollFactor(cast(enroll))).statusCode).toBe(200);
    const sms = (await sdk.listEnrolledFactors()).data.find((f) => f.factorType === "SMS")!;
    expect(sms.profile).toEqual({ phoneNumber: "188****5670", phoneCountryCode: "+86" });
    expect((await sdk.listFactorsToEnroll()).data.map((f) => f.factorType)).not.toContain("SMS");
    expect(await sdk.enrollFactor(cast(enroll))).toMatchObject({ statusCode: 422, apiCode: 6112 });
    expect((await sdk.resetFactor({ factorId: sms.factorId })).statusCode).toBe(200);
    expect((await sdk.listEnrolledFactors()).data).toEqual([]);
  });

  it("binds an authenticator app with a TOTP computed from the QR code's secret, after refusing a wrong one", async () => {
    const sdk = sdkFor("alice-otp");
    const sent = await sdk.sendEnrollFactorRequest(cast({ factorType: "OTP" }));
    const uri = decodeQrDataUrl(sent.data.otpData!.qrCodeDataUrl).text!;
    await awayFromStepBoundary();
    const enroll = (passCode: string) =>
      sdk.enrollFactor(cast({ factorType: "OTP", enrollmentToken: sent.data.enrollmentToken, enrollmentData: { passCode } }));
    expect(await enroll(wrongTotp(secretOf(uri), Date.now()))).toMatchObject({ statusCode: 400, apiCode: 6001 });
    expect((await enroll(totpFor(uri, Date.now() - 30_000))).statusCode).toBe(200);
    expect((await sdk.mfaOtpVerify({ totp: totpFor(uri) })).data).toEqual({ verified: true });
    expect((await sdk.listEnrolledFactors()).data.map((f) => f.factorType)).toEqual(["OTP"]);
  });

  it("refuses --dynamic with --stateful, saying why", async () => {
    await expect(spawnService("src/mock/main.ts", { MOCK_PORT: "0" }, undefined, 30_000, ["--stateful", "--dynamic"])).rejects.toThrow(
      /--dynamic and --stateful do not go together/,
    );
  });
});
