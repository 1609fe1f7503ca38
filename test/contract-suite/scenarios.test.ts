import { AuthenticationClient } from "authing-node-sdk";
import { afterEach, describe, expect } from "vitest";
import { contractCase } from "./basis.ts";
import { target } from "./target.ts";

// Scenarios chosen from outside the app, on the mock and on the MSW handlers alike, driven by
// GenAuth's official SDK, which sends the token raw and has no way to add a Prefer header. Both are
// the mock's own inventions, outside GenAuth's contract.
const sdkWith = (accessToken: string) =>
  new AuthenticationClient({ appId: "62a1ae5d7fd8a7d1d5e6b8f1", appHost: target.baseUrl, tokenEndPointAuthMethod: "none", accessToken });
// The SDK types factorType as a TypeScript enum, which no string literal satisfies, and asks for a
// profile that an OTP binding does not send: bodies go in as they go over the wire.
const otp = { factorType: "OTP" } as never;

/** Sets a token's scenario on the control surface, as a test or a developer's curl line would. */
async function setScenario(token: string, scenario: unknown) {
  const response = await fetch(`${target.baseUrl}/__mock/scenario`, {
    method: "PUT",
    headers: { authorization: token, "content-type": "application/json" },
    body: JSON.stringify(scenario),
  });
  return (await response.json()) as { statusCode: number; data?: unknown; message: string };
}

describe(`scenarios chosen from outside the app on the ${target.name}`, () => {
  const token = `suite-${Math.random().toString(36).slice(2)}`;
  // Only the mock has the control surface: no other target is sent a request for it.
  afterEach(() =>
    target.name === "mock"
      ? fetch(`${target.baseUrl}/__mock/scenario`, { method: "DELETE", headers: { authorization: token } })
      : undefined,
  );

  contractCase(
    "answers the example a token of the form scenario=<name> names, where the operation has one",
    { needs: ["mock"] },
    async () => {
      const sdk = sdkWith("scenario=throttled");
      expect(await sdk.sendEnrollFactorRequest(otp)).toMatchObject({ statusCode: 429 });
      expect(await sdk.listEnrolledFactors()).toMatchObject({ statusCode: 200 });
    },
  );

  contractCase(
    "answers each operation the example the control surface set for the SDK's token, until it is cleared",
    { needs: ["mock"] },
    async () => {
      expect(
        await setScenario(token, { examples: { sendEnrollFactorRequest: "deliveryFailed", listEnrolledFactors: "unauthorized" } }),
      ).toMatchObject({ statusCode: 200 });
      const sdk = sdkWith(token);
      expect(await sdk.sendEnrollFactorRequest(otp)).toMatchObject({ statusCode: 601 });
      expect(await sdk.listEnrolledFactors()).toMatchObject({ statusCode: 401 });
      expect(await sdkWith(`${token}-other`).listEnrolledFactors()).toMatchObject({ statusCode: 200 });
      await fetch(`${target.baseUrl}/__mock/scenario`, { method: "DELETE", headers: { authorization: token } });
      expect(await sdk.sendEnrollFactorRequest(otp)).toMatchObject({ statusCode: 200 });
    },
  );

  contractCase("lets Prefer win over the token's scenario, and the token's over the control surface", { needs: ["mock"] }, async () => {
    await setScenario("scenario=throttled", { examples: { sendEnrollFactorRequest: "deliveryFailed" } });
    const call = (prefer?: string) =>
      fetch(`${target.baseUrl}/api/v3/send-enroll-factor-request`, {
        method: "POST",
        headers: { authorization: "scenario=throttled", "content-type": "application/json", ...(prefer && { prefer }) },
        body: JSON.stringify({ factorType: "OTP" }),
      }).then((r) => r.json() as Promise<{ statusCode: number }>);
    expect((await call("example=internalError")).statusCode).toBe(500);
    expect((await call()).statusCode).toBe(429);
    await fetch(`${target.baseUrl}/__mock/scenario`, { method: "DELETE", headers: { authorization: "scenario=throttled" } });
  });

  contractCase("fails the token's next request at the network, then answers the retry", { needs: ["mock"] }, async () => {
    await setScenario(token, { networkFailures: 1 });
    const sdk = sdkWith(token);
    await expect(sdk.listEnrolledFactors()).rejects.toBeDefined();
    expect(await sdk.listEnrolledFactors()).toMatchObject({ statusCode: 200 });
  });

  contractCase("keeps a latency for the token and shows the scenario back", { needs: ["mock"] }, async () => {
    const set = await setScenario(token, { latencyMs: 50, examples: { getFactor: "notFound" } });
    expect(set).toEqual({ statusCode: 200, message: "", data: { latencyMs: 50, examples: { getFactor: "notFound" } } });
    expect(await sdkWith(token).getFactor({ factorId: "6571c1f8a3d2e4b5c6d7e8f9" })).toMatchObject({ statusCode: 404 });
  });

  contractCase("refuses a scenario naming an example the operation does not have, with the envelope", { needs: ["mock"] }, async () => {
    expect(await setScenario(token, { examples: { listEnrolledFactors: "throttled" } })).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("listEnrolledFactors has no example throttled"),
    });
  });
});
