import { describe, expect, it } from "vitest";
import { operation } from "../../src/contract/operations.ts";
import { chooseExample, type ExampleRequest } from "../../src/fidelity/choose-example.ts";

const send = operation("sendEnrollFactorRequest");
const getFactor = operation("getFactor");
const otp = { factorType: "OTP" };

/** The decision for a request, the fields it does not name left at their plainest. */
const choose = (request: Partial<ExampleRequest> & Pick<ExampleRequest, "op">) =>
  chooseExample({ query: {}, body: undefined, prefer: undefined, token: "t", scenario: {}, dynamic: false, ...request });

describe("the choice of the example that answers a request", () => {
  it("takes Prefer first, then the token's scenario, then the control surface's, then the request", () => {
    const scenario = { examples: { sendEnrollFactorRequest: "deliveryFailed" as const } };
    expect(choose({ op: send, body: otp, prefer: "example=internalError", token: "scenario=throttled", scenario })).toEqual({
      example: "internalError",
    });
    expect(choose({ op: send, body: otp, token: "scenario=throttled", scenario })).toEqual({ example: "throttled" });
    expect(choose({ op: send, body: otp, scenario })).toEqual({ example: "deliveryFailed" });
    expect(choose({ op: send, body: { factorType: "SMS" } })).toEqual({ example: "sms" });
  });

  it("answers with the operation's first example when nothing names one and nothing in the request fits better", () => {
    expect(choose({ op: operation("listEnrolledFactors") })).toEqual({ example: "freshUser" });
    expect(choose({ op: send, body: otp, token: "scenario=factorAlreadyBound" })).toEqual({ example: "factorAlreadyBound" });
    expect(choose({ op: operation("listFactorsToEnroll"), token: "scenario=factorAlreadyBound" })).toEqual({ example: "freshUser" });
  });

  it("answers a factorId no example shows with notFound, and an implicit factor with its type's example showing the ID asked for", () => {
    expect(choose({ op: getFactor, query: { factorId: "0123456789abcdef01234567" } })).toEqual({ example: "notFound" });
    expect(choose({ op: getFactor, query: { factorId: "user-1|email" } })).toEqual({ example: "email", factorId: "user-1|email" });
    expect(choose({ op: getFactor, query: { factorId: "user-1|phone" } })).toEqual({ example: "sms", factorId: "user-1|phone" });
    expect(choose({ op: getFactor, query: { factorId: "user-1|email" }, prefer: "example=otp" })).toEqual({ example: "otp" });
  });

  it("leaves a request nothing names to the domain with state, while a named example still answers", () => {
    expect(choose({ op: send, body: otp, stateful: true })).toEqual({ domain: true });
    expect(choose({ op: getFactor, query: { factorId: "user-1|email" }, stateful: true })).toEqual({ domain: true });
    expect(choose({ op: send, body: otp, stateful: true, prefer: "example=throttled" })).toEqual({ example: "throttled" });
    expect(choose({ op: send, body: otp, stateful: true, token: "scenario=throttled" })).toEqual({ example: "throttled" });
    expect(choose({ op: send, body: otp, stateful: true, scenario: { examples: { sendEnrollFactorRequest: "deliveryFailed" } } })).toEqual({
      example: "deliveryFailed",
    });
    expect(choose({ op: send, body: otp, stateful: true, prefer: "example=nope" })).toHaveProperty("refusal");
  });

  it("generates a body under --dynamic unless an example is named or the request names a factor", () => {
    expect(choose({ op: send, body: otp, dynamic: true })).toEqual({ generate: true });
    expect(choose({ op: send, body: otp, dynamic: true, prefer: "example=throttled" })).toEqual({ example: "throttled" });
    expect(choose({ op: getFactor, query: { factorId: "0123456789abcdef01234567" }, dynamic: true })).toEqual({ example: "notFound" });
    expect(choose({ op: operation("resetFactor"), body: { factorId: "user-1|email" }, dynamic: true })).toEqual({ example: "reset" });
  });

  it("refuses an example the operation lacks, a scenario no operation has, and Prefer: dynamic= without --dynamic", () => {
    expect(choose({ op: send, body: otp, prefer: "example=nope" })).toEqual({
      refusal: expect.objectContaining({ key: "mockUnknownExample" }),
    });
    expect(choose({ op: send, body: otp, token: "scenario=nope" })).toEqual({
      refusal: expect.objectContaining({ key: "mockUnknownScenario" }),
    });
    expect(choose({ op: send, body: otp, prefer: "dynamic=true" })).toEqual({
      refusal: expect.objectContaining({ key: "mockDynamicRefused" }),
    });
    expect(choose({ op: send, body: otp, prefer: "dynamic=true", dynamic: true })).toEqual({ generate: true });
  });
});
