import { describe, expect, it } from "vitest";
import { checkRequest } from "../../src/contract/check-request.ts";
import { operation } from "../../src/contract/operations.ts";
import { responseValidator, validatorsFor } from "../../src/contract/validators.ts";
import { samples, type GenAuthSample } from "./genauth-samples.ts";

// These tests judge the contract's data, not the code that compiles it (validators.test.ts does that
// with fresh sets): they use the validators every target shares, compiled once, as a target does.
/** Whether the contract (at GenAuth's level) accepts a sample, and if not, why. */
function verdict({ operationId, kind, value }: GenAuthSample): { valid: boolean; why: string } {
  if (kind === "query") {
    const problem = checkRequest(operation(operationId), { query: value as Record<string, unknown>, headers: {}, body: undefined });
    return { valid: problem === undefined, why: JSON.stringify(problem) };
  }
  const validate = kind === "request" ? validatorsFor(operationId).body! : responseValidator(operationId, "genauth");
  return { valid: validate(value) as boolean, why: JSON.stringify(validate.errors) };
}

describe("GenAuth's documented samples", () => {
  it("cover every operation GenAuth documents, with a source for each", () => {
    const documented = [
      "sendEnrollFactorRequest",
      "enrollFactor",
      "listFactorsToEnroll",
      "listEnrolledFactors",
      "getFactor",
      "resetFactor",
      "mfaOtpVerify",
    ];
    expect(new Set(samples.map((s) => s.operationId))).toEqual(new Set(documented));
    for (const s of samples) expect(s.source).toMatch(/^https:\/\/github\.com\/(GenAuth-Official|Authing)\//);
  });

  it.each(samples.filter((s) => !s.contradicted))("accepts $operationId's $kind: $name", (sample) => {
    const { valid, why } = verdict(sample);
    expect(valid, `${sample.source}\n${why}`).toBe(true);
  });

  it.each(samples.filter((s) => s.contradicted))("refuses $operationId's $kind that contradicts its own table: $name", (sample) => {
    expect(verdict(sample).valid, `${sample.source}: ${sample.contradicted}`).toBe(false);
  });
});

describe("our targets' stricter level", () => {
  it("still holds answers to the shapes x-reference keeps: our token, data URL, recovery code and calling code", () => {
    const byName = (name: string) => samples.find((s) => s.name === name)!;
    for (const name of [
      "an OTP answer carrying the sample's own data URL and a placeholder token",
      "an SMS factor whose phoneCountryCode is null",
    ]) {
      const sample = byName(name);
      expect(responseValidator(sample.operationId, "genauth")(sample.value), name).toBe(true);
      expect(responseValidator(sample.operationId, "reference")(sample.value), name).toBe(false);
    }
  });

  it("keeps the TOTP at 6 digits at GenAuth's level, leading zeros included", () => {
    const enroll = validatorsFor("enrollFactor").body!;
    const otp = (passCode: string) => ({ factorType: "OTP", enrollmentToken: "xxx", enrollmentData: { passCode } });
    expect(enroll(otp("012345"))).toBe(true);
    for (const passCode of ["8705", "12345", "1234567", "12ab56"]) expect(enroll(otp(passCode)), passCode).toBe(false);
    expect(validatorsFor("mfaOtpVerify").body!({ totp: "8705" })).toBe(false);
  });

  it("bounds the codes and tokens it now takes as plain strings: none may be empty or unbounded", () => {
    const enroll = validatorsFor("enrollFactor").body!;
    const sms = (passCode: string, enrollmentToken = "xxx") => ({ factorType: "SMS", enrollmentToken, enrollmentData: { passCode } });
    expect(enroll(sms(""))).toBe(false);
    expect(enroll(sms("1".repeat(33)))).toBe(false);
    expect(enroll(sms("1234", ""))).toBe(false);
    expect(enroll(sms("1234", "x".repeat(1025)))).toBe(false);
    expect(validatorsFor("mfaOtpRecover").body!({ recoveryCode: "" })).toBe(false);
  });
});
