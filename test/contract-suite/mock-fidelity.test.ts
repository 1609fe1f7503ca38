import { describe, expect, it } from "vitest";
import { operations } from "../../src/contract/operations.ts";
import { asExample, call } from "./call.ts";
import { contractCase, contractTable } from "./basis.ts";
import { target } from "./target.ts";

// Valid requests, one per operation, so that Prefer is the only thing that picks the answer.
const validRequest: Record<string, Parameters<typeof call>[1]> = {
  sendEnrollFactorRequest: { body: { factorType: "OTP" } },
  enrollFactor: { body: operations.find((o) => o.operationId === "enrollFactor")!.requestExamples.get("otp") },
  listFactorsToEnroll: {},
  listEnrolledFactors: {},
  getFactor: { query: { factorId: "6571c1f8a3d2e4b5c6d7e8f9" } },
  resetFactor: { body: { factorId: "6571c1f8a3d2e4b5c6d7e8f9" } },
  mfaOtpVerify: { body: { totp: "492039" } },
  mfaOtpRecover: { body: { recoveryCode: "e7ad-aaa4-da75-fa37-57d1-5141" } },
};

describe("the mock's Prism features", () => {
  const named = operations.flatMap((op) => [...op.responseExamples].map(([name, value]) => ({ op: op.operationId, name, value })));

  it("has a valid request for every operation in the contract", () => {
    expect(Object.keys(validRequest).sort()).toEqual(operations.map((o) => o.operationId).sort());
  });

  contractTable(
    "serves $op's example $name when Prefer names it",
    named,
    async ({ op, name, value }) => {
      const input = validRequest[op]!;
      const { body } = await call(op, { ...input, headers: { prefer: `example=${name}` } });
      expect(body).toEqual(asExample(body, value));
    },
    { needs: ["mock"] },
  );

  contractCase(
    "refuses Prefer: dynamic=true, whose generated body nothing would check, with a 400 envelope",
    { needs: ["mock"] },
    async () => {
      const { body } = await call("sendEnrollFactorRequest", { body: { factorType: "OTP" }, headers: { prefer: "dynamic=true" } });
      expect(body).toMatchObject({ statusCode: 400, message: expect.stringContaining("--dynamic") });
    },
  );

  contractCase(
    "closes a connection that trickles its headers, as the reference server does, instead of holding it open",
    { needs: ["mock", "socket"] },
    async () => {
      const { connect } = await import("node:net");
      const url = new URL(target.baseUrl);
      const socket = connect(Number(url.port), url.hostname);
      socket.on("error", () => {});
      socket.resume(); // read what the mock says (its 408), so that its close reaches this side
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.write("GET /api/v3/list-enrolled-factors HTTP/1.1\r\nHost: x\r\n"); // and never the blank line
      // Node's own default would hold it for a minute; the mock's header timeout (5 s) closes it.
      await new Promise((resolve) => socket.once("close", resolve));
      expect(socket.destroyed).toBe(true);
    },
  );

  contractCase(
    "answers a Prefer header naming an unknown example with a 400 envelope listing the known ones",
    { needs: ["mock"] },
    async () => {
      const { body } = await call("sendEnrollFactorRequest", { body: { factorType: "OTP" }, headers: { prefer: "example=nope" } });
      expect(body.statusCode).toBe(400);
      expect(body.message).toContain("throttled");
    },
  );

  contractCase("answers an unknown path with HTTP 404 and a GenAuth envelope, not problem+json", { needs: ["mock"] }, async () => {
    const response = await fetch(`${target.baseUrl}/api/v3/no-such-operation`, { headers: { authorization: "x" } });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ statusCode: 404, message: expect.stringContaining("/api/v3/no-such-operation") });
  });
});

describe(`cross-origin calls to the ${target.name}`, () => {
  contractCase("answers a browser's preflight with the headers GenAuth's clients send", { rules: ["cors"] }, async () => {
    const response = await fetch(`${target.baseUrl}/api/v3/send-enroll-factor-request`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type, x-authing-app-id",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
  });

  contractCase("lets a page from another origin read the answer and its request id", { rules: ["cors"] }, async () => {
    const { response } = await call("listEnrolledFactors", { headers: { origin: "http://localhost:5173" } });
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(response.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("x-request-id");
  });
});
