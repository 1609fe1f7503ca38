import { describe, expect, it } from "vitest";
import { findOperation, operation, operations } from "../../src/contract/operations.ts";

describe("the contract's operations", () => {
  it("are found by operationId, and an unknown one is a programming error that names itself", () => {
    expect(operation("getFactor")).toBe(operations.find((op) => op.operationId === "getFactor"));
    expect(() => operation("deleteEverything")).toThrow("openapi.yaml has no operation deleteEverything");
  });

  it("are found by method, in any case, and path", () => {
    expect(findOperation("post", "/api/v3/send-enroll-factor-request")?.operationId).toBe("sendEnrollFactorRequest");
    expect(findOperation("GET", "/api/v3/send-enroll-factor-request")).toBeUndefined();
  });
});
