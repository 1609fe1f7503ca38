import { describe, expect } from "vitest";
import { asExample, call, example } from "./call.ts";
import { contractCase } from "./basis.ts";
import { servesExamples, target } from "./target.ts";

describe(`factor listing on the ${target.name}`, () => {
  contractCase("lists the factor types left to bind as distinct known types", {}, async () => {
    const { body } = await call("listFactorsToEnroll");
    expect(body.statusCode).toBe(200);
    // The mock's default is a fresh user, the same one listEnrolledFactors shows with nothing bound.
    if (servesExamples) expect(body).toEqual(asExample(body, example("listFactorsToEnroll", "freshUser")));
    const types = body.data.map((f: { factorType: string }) => f.factorType);
    expect(new Set(types).size).toBe(types.length);
    if (target.stateful && target.name !== "remote") {
      // The reference server (and the stateful mock) enables every type by default: what is left is all but the bound ones.
      const bound = (await call("listEnrolledFactors")).body.data.map((f: { factorType: string }) => f.factorType);
      expect(types).toEqual(["OTP", "SMS", "EMAIL", "FACE"].filter((t) => !bound.includes(t)));
    }
  });

  contractCase("lists the bound factors with masked profiles and no secrets", {}, async () => {
    // The mock's default user has nothing bound: its allBound example shows every profile.
    const { body } = await call("listEnrolledFactors", servesExamples ? { headers: { prefer: "example=allBound" } } : {});
    expect(body.statusCode).toBe(200);
    if (servesExamples) expect(body).toEqual(asExample(body, example("listEnrolledFactors", "allBound")));
    expect(JSON.stringify(body)).not.toMatch(/secret|otpauth:/i);
    // GenAuth documents no limit; our targets bind at most one factor of each type.
    const types = body.data.map((f: { factorType: string }) => f.factorType);
    if (target.profile === "reference") expect(new Set(types).size).toBe(types.length);
  });

  contractCase("answers getFactor for an id no one has with the 404 envelope", { rules: ["unknownFactor404"] }, async () => {
    const { body } = await call("getFactor", { query: { factorId: "0123456789abcdef01234567" } });
    expect(body.statusCode).toBe(404);
  });
});

describe("factor fixtures on the mock", () => {
  for (const name of ["otp", "sms", "email", "face"]) {
    const expected = example("getFactor", name) as { data: { factorId: string } };
    contractCase(`answers getFactor for the ${name} example's factorId with that example`, { needs: ["examples"] }, async () => {
      const { body } = await call("getFactor", { query: { factorId: expected.data.factorId } });
      expect(body).toEqual(asExample(body, expected));
    });
    contractCase(`answers resetFactor for the ${name} example's factorId with success`, { needs: ["examples"] }, async () => {
      const { body } = await call("resetFactor", { body: { factorId: expected.data.factorId } });
      expect(body).toEqual(asExample(body, example("resetFactor", "reset")));
    });
  }
});
