import { describe, expect, it } from "vitest";
import { call } from "./call.ts";
import { target } from "./target.ts";

// What GenAuth accepts and our targets did not expect is served, and named in X-Contract-Warning.
// These were bad-input cases before the contract took GenAuth's own clients' requests as they are.
// GenAuth sends no such header, so a remote target is not asked for it.
const ours = target.name !== "remote";
const TOKEN = "TQoCISidM0kBji0dxRi3afSDtkvvMiUphenIgLF87y+JOw4T8fDWOsHHXIcvZ2EVESXhTrfGyh1iGf52Cg9e9byeFQvm1VZ0QWrwmzwpntFAVtf1IP9LqVhmzXhBMFvLOcU/z1Eh/n0CrwX0uHNpJoMW9lp9AqHd9HvauaGKX+Y=";
const warningOf = (response: Response) => response.headers.get("x-contract-warning");

describe.skipIf(!ours)(`what our ${target.name} serves with a contract warning`, () => {
  it("serves a misspelt field, naming it", async () => {
    const { body, response } = await call("sendEnrollFactorRequest", { body: { factorType: "OTP", profile: { phonenumber: "18812345678" } } });
    expect(body.statusCode).toBe(200);
    expect(warningOf(response)).toBe("undocumented-field=profile.phonenumber");
  });

  it("serves an app id header with spaces in it, naming the header", async () => {
    const { body, response } = await call("listFactorsToEnroll", { headers: { "x-authing-app-id": "not an id" } });
    expect(body.statusCode).toBe(200);
    expect(warningOf(response)).toBe("off-format=x-authing-app-id");
  });

  it("answers a token that is not base64 as one it never issued (the server, 422 and 6110), or serves it and notes it (the stateless mock)", async () => {
    const { body, response } = await call("enrollFactor", { body: { factorType: "OTP", enrollmentToken: "not a token!", enrollmentData: { passCode: "123456" } } });
    if (target.stateful) expect(body).toMatchObject({ statusCode: 422, apiCode: 6110 });
    else {
      expect(body.statusCode).toBe(200);
      expect(warningOf(response)).toBe("off-format=enrollmentToken");
    }
  });

  it("answers a body over 16 KiB with 413 (the server), or serves it and notes its size (the mock)", async () => {
    const { body, response } = await call("sendEnrollFactorRequest", { body: { factorType: "OTP", padding: "x".repeat(17 * 1024) } });
    if (target.stateful) expect(body).toMatchObject({ statusCode: 413, message: expect.stringContaining("16384") });
    else {
      expect(body.statusCode).toBe(200);
      expect(warningOf(response)).toMatch(/^undocumented-field=padding, body-over-limit=17[0-9]{3}$/);
    }
  });

  it("takes a recovery code of another shape as a recovery code, never as a malformed request", async () => {
    const { body, response } = await call("mfaOtpRecover", { body: { recoveryCode: "E7AD-AAA4" } });
    expect(body.statusCode).not.toBe(400);
    if (!target.stateful) expect(warningOf(response)).toBe("off-format=recoveryCode");
  });

  it.skipIf(target.stateful)("binds with a Guard-style 4-digit SMS code and a placeholder token on the mock", async () => {
    for (const enrollmentToken of [TOKEN, "xxx"]) {
      const { body } = await call("enrollFactor", { body: { factorType: "SMS", enrollmentToken, enrollmentData: { passCode: "8705" } } });
      expect(body.statusCode).toBe(200);
    }
  });
});
