import { describe, expect, it } from "vitest";
import { checkRequest } from "../../src/contract/check-request.ts";
import { operation } from "../../src/contract/operations.ts";
import { responseValidator, validatorsFor } from "../../src/contract/validators.ts";
import { samples, type GenAuthSample } from "./genauth-samples.ts";

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
    const documented = ["sendEnrollFactorRequest", "enrollFactor", "listFactorsToEnroll", "listEnrolledFactors", "getFactor", "resetFactor", "mfaOtpVerify"];
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
