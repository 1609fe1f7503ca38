import { describe, expect } from "vitest";
import { call } from "./call.ts";
import { contractCase } from "./basis.ts";
import { target } from "./target.ts";

// What GenAuth accepts and our targets did not expect is served, and named in X-Contract-Warning.
// These were bad-input cases before the contract took GenAuth's own clients' requests as they are.
// GenAuth sends no such header, so a remote target is not asked for it (the rule contractWarning is ours).
const TOKEN =
  "TQoCISidM0kBji0dxRi3afSDtkvvMiUphenIgLF87y+JOw4T8fDWOsHHXIcvZ2EVESXhTrfGyh1iGf52Cg9e9byeFQvm1VZ0QWrw" +
  "mzwpntFAVtf1IP9LqVhmzXhBMFvLOcU/z1Eh/n0CrwX0uHNpJoMW9lp9AqHd9HvauaGKX+Y=";
const warningOf = (response: Response) => response.headers.get("x-contract-warning");

describe(`what our ${target.name} serves with a contract warning`, () => {
  contractCase("serves a misspelt field, naming it", { rules: ["contractWarning"] }, async () => {
    const { body, response } = await call("sendEnrollFactorRequest", {
      body: { factorType: "OTP", profile: { phonenumber: "18812345678" } },
    });
    expect(body.statusCode).toBe(200);
    expect(warningOf(response)).toBe("undocumented-field=profile.phonenumber");
  });

  contractCase("serves an app id header with spaces in it, naming the header", { rules: ["contractWarning"] }, async () => {
    const { body, response } = await call("listFactorsToEnroll", { headers: { "x-authing-app-id": "not an id" } });
    expect(body.statusCode).toBe(200);
    expect(warningOf(response)).toBe("off-format=x-authing-app-id");
  });

  contractCase(
    "answers a token that is not base64 as one it never issued (the server, 422 and 6110), or serves it and notes it (the stateless mock)",
    { rules: ["contractWarning"], apiCodes: [6110] },
    async () => {
      const { body, response } = await call("enrollFactor", {
        body: { factorType: "OTP", enrollmentToken: "not a token!", enrollmentData: { passCode: "123456" } },
      });
      if (target.stateful) expect(body).toMatchObject({ statusCode: 422, apiCode: 6110 });
      else {
        expect(body.statusCode).toBe(200);
        expect(warningOf(response)).toBe("off-format=enrollmentToken");
      }
    },
  );

  contractCase(
    "answers a body over 16 KiB with 413 (the server), or serves it and notes its size (the mock)",
    { rules: ["contractWarning", "bodyLimit"] },
    async () => {
      const { body, response } = await call("sendEnrollFactorRequest", { body: { factorType: "OTP", padding: "x".repeat(17 * 1024) } });
      // The mock keeps GenAuth's leniency with state or without it: only the server refuses.
      if (target.stateful && target.name !== "mock")
        expect(body).toMatchObject({ statusCode: 413, message: expect.stringContaining("16384") });
      else {
        expect(body.statusCode).toBe(200);
        expect(warningOf(response)).toMatch(/^undocumented-field=padding, body-over-limit=17[0-9]{3}$/);
      }
    },
  );

  contractCase(
    "takes a recovery code of another shape as a recovery code, never as a malformed request",
    { rules: ["contractWarning"], operations: ["mfaOtpRecover"] },
    async () => {
      const { body, response } = await call("mfaOtpRecover", { body: { recoveryCode: "E7AD-AAA4" } });
      expect(body.statusCode).not.toBe(400);
      if (!target.stateful) expect(warningOf(response)).toBe("off-format=recoveryCode");
    },
  );

  contractCase(
    "binds with a Guard-style 4-digit SMS or EMAIL code and a placeholder token on the mock",
    { needs: ["examples"] },
    async () => {
      for (const factorType of ["SMS", "EMAIL"])
        for (const enrollmentToken of [TOKEN, "xxx"]) {
          const { body } = await call("enrollFactor", { body: { factorType, enrollmentToken, enrollmentData: { passCode: "8705" } } });
          expect(body.statusCode, `${factorType} with ${enrollmentToken.slice(0, 8)}`).toBe(200);
        }
    },
  );
});
