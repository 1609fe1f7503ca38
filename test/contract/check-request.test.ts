import { describe, expect, it } from "vitest";
import { createRequestChecks, type RequestParts } from "../../src/contract/check-request.ts";
import { type Operation, operations } from "../../src/contract/operations.ts";
import { createValidators } from "../../src/contract/validators.ts";
import { render } from "../../src/messages/catalogue.ts";

// Fresh checks for every request, so that each works out its operation's parameter schemas and
// compiles them in the test that checks it, rather than reading what an earlier test cached.
const fresh = () => createRequestChecks(createValidators().compileSchema);
const op = (id: string) => operations.find((o) => o.operationId === id)!;
const checkOp = (operation: Operation, parts: Partial<RequestParts>) => {
  const problem = fresh().checkRequest(operation, { query: {}, headers: {}, body: undefined, ...parts });
  return problem && { ...problem, message: render(problem.message) };
};
const check = (id: string, parts: Partial<RequestParts>) => checkOp(op(id), parts);
const checkOurRules = (operation: Operation, body: unknown) => fresh().checkOurRules(operation, body);

describe("checking a request against its operation", () => {
  it("passes a valid request, and one whose headers arrive in lower case as Node gives them", () => {
    expect(
      check("getFactor", { query: { factorId: "635391f4xxxxxx6bba26ed4" }, headers: { "x-authing-app-id": "62a1ae5d7fd8a7d1d5e6b8f1" } }),
    ).toBeUndefined();
  });

  it("checks a header against GenAuth's schema for it, naming the header, and leaves our own shape of it to a warning", () => {
    expect(check("getFactor", { query: { factorId: "x" }, headers: { "x-authing-app-id": "x".repeat(1025) } })).toEqual({
      message: "x-authing-app-id must be at most 1024 characters long",
    });
    expect(check("getFactor", { query: { factorId: "x" }, headers: { "x-authing-app-id": "not an id!" } })).toBeUndefined();
  });

  it("checks the query string: a missing required parameter is named", () => {
    expect(check("getFactor", {})).toEqual({ message: "factorId is required" });
  });

  it("matches a header parameter written in capitals in openapi.yaml to the lower-case header Node gives", () => {
    const getFactor = op("getFactor");
    const capitals = {
      ...getFactor,
      parameters: getFactor.parameters.map((p) => (p.in === "header" ? { ...p, name: p.name.toUpperCase() } : p)),
    };
    expect(checkOp(capitals, { query: { factorId: "x" }, headers: { "x-authing-app-id": "x".repeat(1025) } })).toEqual({
      message: "x-authing-app-id must be at most 1024 characters long",
    });
  });

  it("checks the headers first: a bad header is named even when the query string or the body is wrong too", () => {
    const badHeader = { "x-authing-app-id": "x".repeat(1025) };
    expect(check("getFactor", { headers: badHeader })?.message).toMatch(/^x-authing-app-id /);
    expect(check("sendEnrollFactorRequest", { headers: badHeader, body: {} })?.message).toMatch(/^x-authing-app-id /);
  });

  it("leaves an email address to our own rule, which refuses a malformed one naming profile.email", () => {
    const body = (email: string) => ({ factorType: "EMAIL", profile: { email } });
    for (const email of ["not-an-address", "张三@例子.中国"])
      expect(check("sendEnrollFactorRequest", { body: body(email) })).toBeUndefined();
    const ours = checkOurRules(op("sendEnrollFactorRequest"), body("not-an-address"));
    expect(ours && render(ours.message)).toBe("profile.email must be a valid email");
    expect(checkOurRules(op("sendEnrollFactorRequest"), body("test@example.com"))).toBeUndefined();
    expect(checkOurRules(op("enrollFactor"), body("not-an-address"))).toBeUndefined();
  });

  it("words a failure of our own rule that is not a format in Ajv's terms, naming the field", () => {
    const ours = checkOurRules(op("sendEnrollFactorRequest"), { factorType: "EMAIL", profile: { email: 5 } });
    expect(ours && render(ours.message)).toBe("profile.email is invalid (must be string)");
  });

  it("has no rule to apply to a body that is not an object, or to a FACE request without enrollmentData", () => {
    for (const body of [undefined, null, "profile", 5]) expect(checkOurRules(op("sendEnrollFactorRequest"), body)).toBeUndefined();
    expect(checkOurRules(op("enrollFactor"), { factorType: "FACE", enrollmentToken: "xxx" })).toBeUndefined();
  });

  it("leaves a FACE photo to our own rule, which refuses one that is neither an https URL nor a key, naming enrollmentData.photo", () => {
    const body = (photo: string, factorType = "FACE") => ({
      factorType,
      enrollmentToken: "xxx",
      enrollmentData: { photo, isExternalPhoto: true },
    });
    expect(check("enrollFactor", { body: body("javascript:alert(1)") })).toBeUndefined();
    const ours = checkOurRules(op("enrollFactor"), body("javascript:alert(1)"));
    expect(ours && render(ours.message)).toBe(
      "enrollmentData.photo must be an https:// URL, or an uploaded file's key of at most 256 letters, digits, '.', '_', '/' and '-' " +
        "starting with a letter or a digit",
    );
    for (const photo of ["132434235ad244", "https://files.example.com/face.jpg"])
      expect(checkOurRules(op("enrollFactor"), body(photo))).toBeUndefined();
    // The photo of another factor type is never stored, so it is left alone.
    expect(
      checkOurRules(op("enrollFactor"), {
        factorType: "SMS",
        enrollmentToken: "xxx",
        enrollmentData: { passCode: "123456", photo: "javascript:alert(1)" },
      }),
    ).toBeUndefined();
  });

  it("refuses an operation's missing body, and ignores a body where the operation has none", () => {
    expect(check("mfaOtpVerify", {})).toEqual({ message: "The request body is required: send a JSON object" });
    expect(check("listFactorsToEnroll", { body: { anything: true } })).toBeUndefined();
  });
});
