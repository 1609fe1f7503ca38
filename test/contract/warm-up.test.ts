import { describe, expect, it } from "vitest";
import { createRequestChecks } from "../../src/contract/check-request.ts";
import { createContractWarnings } from "../../src/contract/contract-warnings.ts";
import { operation, operations } from "../../src/contract/operations.ts";
import { newPartsCache } from "../../src/contract/schema-parts.ts";
import { createValidators, type CompileSchema } from "../../src/contract/validators.ts";
import { warmRequestChecks } from "../../src/contract/warm-up.ts";

/** Request checks and warnings of their own, with a count of the schemas they have compiled. */
function counted() {
  const { compileSchema } = createValidators();
  const asked = { genauth: new Set<unknown>(), reference: new Set<unknown>() };
  const compile: CompileSchema = (schema, profile = "genauth") => {
    asked[profile].add(schema);
    return compileSchema(schema, profile);
  };
  const checks = createRequestChecks(compile);
  const warnings = createContractWarnings(newPartsCache(compile));
  const serve = (operationId: string, body: unknown, headers: Record<string, unknown> = {}) => {
    const op = operation(operationId);
    const parts = { query: {}, headers, body };
    if (!checks.checkRequest(op, parts)) checks.checkOurRules(op, body);
    warnings(op, parts);
  };
  return { checks, warnings, serve, compiled: () => asked.genauth.size + asked.reference.size };
}

/** The first requests of a target: every factor type's start, a finish, a check, a read. */
function firstRequests(target: ReturnType<typeof counted>): void {
  const appId = { "x-authing-app-id": "a1" };
  target.serve("sendEnrollFactorRequest", { factorType: "SMS", profile: { phoneNumber: "13800138000" } }, appId);
  target.serve("sendEnrollFactorRequest", { factorType: "EMAIL", profile: { email: "a@example.com" } });
  target.serve("sendEnrollFactorRequest", { factorType: "OTP" });
  target.serve("sendEnrollFactorRequest", { factorType: "FACE" });
  target.serve("enrollFactor", { factorType: "SMS", enrollmentToken: "t".repeat(172), enrollmentData: { passCode: "123456" } });
  target.serve("mfaOtpVerify", { totp: "123456" });
  target.serve("listEnrolledFactors", undefined);
}

describe("warming the request checks", () => {
  it("compiles what the first requests of each operation would, so that they compile nothing", () => {
    const target = counted();
    warmRequestChecks(target.checks, target.warnings);
    const warmed = target.compiled();
    expect(warmed).toBeGreaterThan(operations.length);
    firstRequests(target);
    expect(target.compiled()).toBe(warmed);
  });

  it("takes from the first requests what they would otherwise compile while they are served", () => {
    const cold = counted();
    firstRequests(cold);
    const duringRequests = cold.compiled();
    const warm = counted();
    warmRequestChecks(warm.checks, warm.warnings);
    // Without the warm-up, those requests compile schemas of their own, no more than warming compiles.
    expect(duringRequests).toBeGreaterThan(operations.length / 2);
    expect(duringRequests).toBeLessThanOrEqual(warm.compiled());
  });
});
