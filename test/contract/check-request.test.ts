import { describe, expect, it } from "vitest";
import { checkRequest, type RequestParts } from "../../src/contract/check-request.ts";
import { operations } from "../../src/contract/operations.ts";
import { render } from "../../src/messages/catalogue.ts";

const op = (id: string) => operations.find((o) => o.operationId === id)!;
const check = (id: string, parts: Partial<RequestParts>) => {
  const problem = checkRequest(op(id), { query: {}, headers: {}, body: undefined, ...parts });
  return problem && { ...problem, message: render(problem.message) };
};

describe("checking a request against its operation", () => {
  it("passes a valid request, and one whose headers arrive in lower case as Node gives them", () => {
    expect(check("getFactor", { query: { factorId: "635391f4xxxxxx6bba26ed4" }, headers: { "x-authing-app-id": "62a1ae5d7fd8a7d1d5e6b8f1" } })).toBeUndefined();
  });

  it("checks a header against the contract's schema for it, naming the header", () => {
    expect(check("getFactor", { query: { factorId: "x" }, headers: { "x-authing-app-id": "not an id!" } })).toEqual({
      message: expect.stringMatching(/^x-authing-app-id must match pattern "/),
    });
  });

  it("checks the query string: a missing required parameter is named", () => {
    expect(check("getFactor", {})).toEqual({ message: "factorId is required" });
  });

  it("checks the headers first: a bad header is named even when the query string or the body is wrong too", () => {
    const badHeader = { "x-authing-app-id": "not an id!" };
    expect(check("getFactor", { headers: badHeader })?.message).toMatch(/^x-authing-app-id /);
    expect(check("sendEnrollFactorRequest", { headers: badHeader, body: {} })?.message).toMatch(/^x-authing-app-id /);
  });

  it("refuses an operation's missing body, and ignores a body where the operation has none", () => {
    expect(check("mfaOtpVerify", {})).toEqual({ message: "The request body is required: send a JSON object" });
    expect(check("listFactorsToEnroll", { body: { anything: true } })).toBeUndefined();
  });
});
