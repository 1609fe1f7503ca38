import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../src/contract/operations.ts";
import { responseValidator } from "../../src/contract/validators.ts";
import { decodeQrDataUrl } from "../contract-suite/support/decode-qr.ts";
import { spawnService, type Service } from "../support/spawn-service.ts";

// A valid request per operation, so that every answer should be a generated success.
const requests: Record<string, { query?: string; body?: unknown }> = {
  sendEnrollFactorRequest: { body: { factorType: "SMS", profile: { phoneNumber: "18812345678" } } },
  enrollFactor: {
    body: { factorType: "FACE", enrollmentToken: "A".repeat(172), enrollmentData: { photo: "https://files.example/face.jpg" } },
  },
  listFactorsToEnroll: {},
  listEnrolledFactors: {},
  getFactor: { query: "?factorId=6571c1f8a3d2e4b5c6d7e8f9" },
  resetFactor: { body: { factorId: "6571c1f8a3d2e4b5c6d7e8f9" } },
  mfaOtpVerify: { body: { totp: "123456" } },
  mfaOtpRecover: { body: { recoveryCode: "e7ad-aaa4-da75-fa37-57d1-5141" } },
};

describe("npm run mock -- --dynamic", () => {
  let mock: Service;
  beforeAll(async () => {
    mock = await spawnService("src/mock/main.ts", { MOCK_PORT: "0" }, undefined, undefined, ["--dynamic"]);
  });
  afterAll(() => mock.stop());

  async function ask(operationId: string, body?: unknown, query = "") {
    const op = operations.find((o) => o.operationId === operationId)!;
    const response = await fetch(mock.url + op.path + query, {
      method: op.method,
      headers: { authorization: "t", ...(body !== undefined && { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return response.json();
  }

  it("answers every operation's valid request with a generated success our targets' stricter schema accepts, 20 times over", async () => {
    for (const op of operations) {
      const { body, query } = requests[op.operationId]!;
      for (let i = 0; i < 20; i++) {
        const answer = await ask(op.operationId, body, query);
        const validate = responseValidator(op.operationId, "reference");
        expect(validate(answer), `${op.operationId}: ${JSON.stringify(validate.errors)}`).toBe(true);
        expect(answer.statusCode).toBe(200);
        if (Array.isArray(answer.data)) {
          const types = answer.data.map((f: { factorType: string }) => f.factorType);
          expect(new Set(types).size, `${op.operationId} lists a factor type twice`).toBe(types.length);
        }
        expect(answer).toMatchObject({ message: "Operation successful", requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      }
    }
  }, 90_000);

  it("generates bodies, rather than serving the examples", async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 5; i++) tokens.add((await ask("sendEnrollFactorRequest", { factorType: "FACE" })).data.enrollmentToken);
    expect(tokens.size).toBe(5);
  });

  it("gives OTP a real secret and a QR code that decodes to its URI, and other factor types no otpData", async () => {
    for (let i = 0; i < 5; i++) {
      const otp = (await ask("sendEnrollFactorRequest", { factorType: "OTP" })).data.otpData;
      expect(otp.qrCodeUri).toMatch(/secret=[A-Z2-7]{32}&/);
      expect(decodeQrDataUrl(otp.qrCodeDataUrl).text).toBe(otp.qrCodeUri);
      expect((await ask("sendEnrollFactorRequest", requests.sendEnrollFactorRequest!.body)).data.otpData).toBeUndefined();
    }
  });

  it("lists factors that getFactor then finds, and answers a factorId it does not know with 404", async () => {
    const listed = (await ask("listEnrolledFactors")).data as Array<{ factorId: string; factorType: string }>;
    for (const factor of listed) {
      const found = await ask("getFactor", undefined, `?factorId=${factor.factorId}`);
      expect(found.data).toMatchObject({ factorId: factor.factorId, factorType: factor.factorType });
    }
    expect((await ask("getFactor", undefined, "?factorId=no-such-factor")).statusCode).toBe(404);
    expect((await ask("resetFactor", { factorId: "no-such-factor" })).statusCode).toBe(404);
  });

  it("still serves a named example when Prefer asks for one", async () => {
    const op = operations.find((o) => o.operationId === "sendEnrollFactorRequest")!;
    const response = await fetch(mock.url + op.path, {
      method: "POST",
      headers: { authorization: "t", "content-type": "application/json", prefer: "example=throttled" },
      body: JSON.stringify({ factorType: "OTP" }),
    });
    const answer = await response.json();
    expect(answer).toEqual({ ...(op.responseExamples.get("throttled") as object), requestId: answer.requestId });
  });
});
