import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { operations } from "../../src/contract/operations.ts";
import { spec } from "../../src/contract/spec.ts";
import { createValidators } from "../../src/contract/validators.ts";

// Each test builds its own set, so that it compiles what it checks rather than reading a validator
// an earlier test left in a shared set's cache.

describe("a set of validators compiled from openapi.yaml", () => {
  it("holds every operation's body and response validators, and throws for an operation the contract lacks", () => {
    const { validators, validatorsFor, responseValidator } = createValidators();
    expect([...validators.keys()]).toEqual(operations.map((op) => op.operationId));
    expect(validatorsFor("getFactor").body).toBeUndefined();
    expect(validatorsFor("mfaOtpVerify").body!({ totp: "012345" })).toBe(true);
    expect(validatorsFor("mfaOtpVerify").body!({})).toBe(false);
    expect(() => validatorsFor("deleteEverything")).toThrow("openapi.yaml has no operation deleteEverything");
    expect(() => responseValidator("deleteEverything", "genauth")).toThrow("openapi.yaml has no operation deleteEverything");
  });

  it("checks a response at GenAuth's level or at our targets' stricter one", () => {
    const { responseValidator } = createValidators();
    // GenAuth may send an empty message and a request id of any shape; our targets never do.
    const loose = { statusCode: 200, message: "", requestId: "xxxxxx-xxxxxx" };
    expect(responseValidator("resetFactor", "genauth")(loose)).toBe(true);
    expect(responseValidator("resetFactor", "reference")(loose)).toBe(false);
    expect(responseValidator("resetFactor", "reference")({ statusCode: 200, message: "Reset", requestId: randomUUID() })).toBe(true);
  });

  it("compiles a schema once per level, and shares no compiled schema with another set", () => {
    const first = createValidators();
    const schema = spec.components.schemas.RequestId!;
    expect(first.compileSchema(schema)).toBe(first.compileSchema(schema, "genauth"));
    expect(first.compileSchema(schema, "reference")).toBe(first.compileSchema(schema, "reference"));
    expect(first.compileSchema(schema, "reference")).not.toBe(first.compileSchema(schema));
    expect(createValidators().compileSchema(schema)).not.toBe(first.compileSchema(schema));
  });

  it("refuses to compile a schema with a keyword it does not know, so that a misspelt keyword in openapi.yaml fails at once", () => {
    const { compileSchema } = createValidators();
    expect(() => compileSchema({ type: "string", maxLenght: 3 })).toThrow(/unknown keyword/);
    // The contract's own vendor extensions are known keywords.
    expect(() => compileSchema({ type: "string", "x-reference": { minLength: 1 }, example: "a" })).not.toThrow();
  });

  it("takes a `required` property that only an allOf part declares, the form openapi.yaml gives SMS's phone number", () => {
    const validate = createValidators().compileSchema({
      type: "object",
      allOf: [{ $ref: "#/components/schemas/FactorProfile" }],
      required: ["phoneNumber"],
    });
    expect(validate({ phoneNumber: "18812345678" })).toBe(true);
    expect(validate({})).toBe(false);
  });

  it("stops at the first error, the only one a refusal reports", () => {
    const validate = createValidators().compileSchema({ type: "object", required: ["a", "b"] });
    expect(validate({})).toBe(false);
    expect(validate.errors).toHaveLength(1);
  });

  it.each([
    ["email", "test@example.com", "not-an-address"],
    ["uri", "https://example.com/face.jpg", "not a uri"],
    ["uuid", "5f0c8c2e-8f0a-4b43-9d57-0b2b2d3c6a10", "xxxxxx-xxxxxx"],
    ["date-time", "2024-05-01T08:30:00Z", "yesterday"],
  ])("knows the format %s: it accepts %s and refuses %s", (format, good, bad) => {
    const validate = createValidators().compileSchema({ type: "string", format });
    expect(validate(good)).toBe(true);
    expect(validate(bad)).toBe(false);
  });
});
