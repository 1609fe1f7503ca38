import { describe, expect, it } from "vitest";
import { errorEnvelope, GenAuthError, successEnvelope } from "../../src/contract/envelope.ts";
import { msg } from "../../src/messages/catalogue.ts";

// toStrictEqual: a key present with the value undefined is a key too, and a client that checks
// `"apiCode" in body` or `"data" in body` on a decoded object would see it.
describe("GenAuth's envelopes", () => {
  it("carry an apiCode only when the error has one", () => {
    expect(errorEnvelope(400, "totp is required", "r-1")).toStrictEqual({ statusCode: 400, message: "totp is required", requestId: "r-1" });
    expect(errorEnvelope(400, "totp is required", "r-1", 6003)).toStrictEqual({
      statusCode: 400,
      message: "totp is required",
      apiCode: 6003,
      requestId: "r-1",
    });
  });

  it("carry data only for an operation that returns some", () => {
    expect(successEnvelope("Reset", "r-1")).toStrictEqual({ statusCode: 200, message: "Reset", requestId: "r-1" });
    expect(successEnvelope("OK", "r-1", [])).toStrictEqual({ statusCode: 200, message: "OK", requestId: "r-1", data: [] });
  });
});

describe("a refusal the domain reports", () => {
  it("is a GenAuthError by name, with its statusCode, message, apiCode and the en-US wording for logs", () => {
    const error = new GenAuthError(400, msg("totpMissing"), 6003);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("GenAuthError");
    expect(error.message).toBe("No TOTP security code was entered: totp is required");
    expect([error.statusCode, error.apiCode, error.detail]).toEqual([400, 6003, msg("totpMissing")]);
  });

  it("captures no stack, and leaves the stack limit as it found it", () => {
    const before = Error.stackTraceLimit;
    const error = new GenAuthError(400, msg("totpMissing"));
    expect(error.stack).not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(before);
  });
});
