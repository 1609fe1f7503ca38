import { describe, expect, it } from "vitest";
import { findOperation, operation, operations, operationsOf } from "../../src/contract/operations.ts";
import { type OpenApiDocument, spec } from "../../src/contract/spec.ts";
import { msg } from "../../src/messages/catalogue.ts";

type Paths = OpenApiDocument["paths"];
const json = (schema: object, examples?: object) => ({ content: { "application/json": { schema, ...(examples && { examples }) } } });

describe("the operations of a set of paths", () => {
  it("flatten each operation: its method in capitals, path, body, parameters, response, examples and their messages", () => {
    const body = { type: "object" };
    const response = { type: "object" };
    const paths = {
      "/api/v3/a": {
        post: {
          operationId: "doA",
          parameters: [{ $ref: "#/components/parameters/AuthingAppId" }],
          requestBody: json(body, { first: { value: { n: 1 } } }),
          responses: {
            "200": json(response, {
              ok: { value: { statusCode: 200 }, "x-genauth-message": msg("theHeaders") },
              plain: { $ref: "#/components/examples/OtpEnrollmentStarted" },
              silent: { value: { statusCode: 200 } },
            }),
          },
        },
        get: { operationId: "getA", responses: { "200": json(response) } },
      },
    } as unknown as Paths;
    const [doA, getA] = operationsOf(paths);
    expect(doA).toEqual({
      operationId: "doA",
      method: "POST",
      path: "/api/v3/a",
      bodySchema: body,
      parameters: [spec.components.parameters.AuthingAppId],
      responseSchema: response,
      responseExamples: new Map([
        ["ok", { statusCode: 200 }],
        ["plain", spec.components.examples.OtpEnrollmentStarted!.value],
        ["silent", { statusCode: 200 }],
      ]),
      requestExamples: new Map([["first", { n: 1 }]]),
      responseMessages: new Map([
        ["ok", msg("theHeaders")],
        ["plain", (spec.components.examples.OtpEnrollmentStarted as Record<string, unknown>)["x-genauth-message"]],
      ]),
    });
    expect(getA).toEqual({
      operationId: "getA",
      method: "GET",
      path: "/api/v3/a",
      bodySchema: undefined,
      parameters: [],
      responseSchema: response,
      responseExamples: new Map(),
      requestExamples: new Map(),
      responseMessages: new Map(),
    });
  });

  it("refuse an operation without an HTTP 200 JSON response, naming it", () => {
    const paths = { "/a": { get: { operationId: "getA", responses: { "400": json({}) } } } } as unknown as Paths;
    expect(() => operationsOf(paths)).toThrow("openapi.yaml: getA declares no HTTP 200 JSON response");
  });

  it("refuse an example whose message the catalogue lacks, naming both", () => {
    const examples = { odd: { value: {}, "x-genauth-message": { key: "noSuchMessage" } } };
    const paths = { "/a": { get: { operationId: "getA", responses: { "200": json({}, examples) } } } } as unknown as Paths;
    expect(() => operationsOf(paths)).toThrow("openapi.yaml: example odd names noSuchMessage, which the message catalogue lacks");
  });
});

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
