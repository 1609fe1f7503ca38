import { afterEach, describe, expect, it, vi } from "vitest";
import { createFidelity } from "../../src/fidelity/answer.ts";
import { embeddedExamples } from "../../src/fidelity/embedded-examples.ts";
import { ScenarioStore } from "../../src/fidelity/scenarios.ts";

const BASE = "https://genauth.test";
const scenarios = new ScenarioStore();
const warnings: string[] = [];
const answer = createFidelity({ examples: embeddedExamples, scenarios, onWarning: ({ warning }) => warnings.push(warning) });
afterEach(() => {
  scenarios.clear();
  warnings.length = 0;
});

/** Sends one request through the core and returns the HTTP status and the parsed body. */
async function send(path: string, init: { token?: string; body?: unknown; headers?: Record<string, string>; method?: string } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers.authorization = init.token;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const method = init.method ?? (init.body === undefined ? "GET" : "POST");
  const response = await answer(
    new Request(BASE + path, { method, headers, body: init.body === undefined ? null : JSON.stringify(init.body) }),
  );
  return { response, body: response.type === "error" ? undefined : await response.json() };
}
const otp = { factorType: "OTP" };
const SEND = "/api/v3/send-enroll-factor-request";

describe("the fidelity core", () => {
  it("answers the example that fits the request, in a GenAuth envelope with no-store", async () => {
    const { response, body } = await send(SEND, { token: "t", body: { factorType: "SMS", profile: { phoneNumber: "18812345678" } } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(body).toMatchObject({ statusCode: 200, data: { enrollmentToken: expect.any(String) } });
    expect(body.data.otpData).toBeUndefined();
  });

  it("answers bad input and a missing token with HTTP 200 envelopes", async () => {
    expect((await send(SEND, { token: "t", body: { factorType: "SMS", profile: {} } })).body).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("phoneNumber"),
    });
    expect((await send(SEND, { body: otp })).body).toMatchObject({ statusCode: 401 });
  });

  it("answers a scenario named in the token where the operation has that example, and the usual answer elsewhere", async () => {
    expect((await send(SEND, { token: "scenario=throttled", body: otp })).body.statusCode).toBe(429);
    expect((await send("/api/v3/list-enrolled-factors", { token: "Bearer scenario=factorAlreadyBound" })).body.statusCode).toBe(200);
  });

  it("answers an OTP request with a throttled message that fits it, naming no phone number or address, in either language", async () => {
    const english = (await send(SEND, { token: "scenario=throttled", body: otp })).body;
    expect(english).toMatchObject({ statusCode: 429, message: expect.stringContaining("retry in") });
    expect(english.message).not.toMatch(/phone|address|sent/);
    const chinese = (await send(SEND, { token: "scenario=throttled", body: otp, headers: { "x-genauth-lang": "zh-CN" } })).body;
    expect(chinese.message).not.toMatch(/手机|邮箱/);
  });

  it("refuses a token scenario that no operation has, naming the ones there are", async () => {
    expect((await send(SEND, { token: "scenario=nosuch", body: otp })).body).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("throttled"),
    });
  });

  it("lets Prefer win over the token, the token over the control surface, and the surface over the request", async () => {
    await send("/__mock/scenario", {
      token: "scenario=throttled",
      method: "PUT",
      body: { examples: { sendEnrollFactorRequest: "deliveryFailed" } },
    });
    await send("/__mock/scenario", { token: "plain", method: "PUT", body: { examples: { sendEnrollFactorRequest: "deliveryFailed" } } });
    expect(
      (await send(SEND, { token: "scenario=throttled", body: otp, headers: { prefer: "example=internalError" } })).body.statusCode,
    ).toBe(500);
    expect((await send(SEND, { token: "scenario=throttled", body: otp })).body.statusCode).toBe(429);
    expect((await send(SEND, { token: "plain", body: otp })).body.statusCode).toBe(601);
    expect((await send(SEND, { token: "other", body: otp })).body.statusCode).toBe(200);
  });

  it("keeps each token's scenario apart, shows it on GET and forgets it on DELETE", async () => {
    const put = await send("/__mock/scenario", { token: "a", method: "PUT", body: { latencyMs: 0, networkFailures: 2 } });
    expect(put.body).toMatchObject({ statusCode: 200, data: { latencyMs: 0, networkFailures: 2 } });
    expect((await send("/__mock/scenario", { token: "b" })).body.data).toEqual({});
    await send("/__mock/scenario", { token: "a", method: "DELETE" });
    expect((await send("/__mock/scenario", { token: "a" })).body.data).toEqual({});
  });

  it("refuses a scenario with an unknown operation, example or field, and a control call without a token", async () => {
    for (const bad of [{ examples: { nope: "x" } }, { examples: { sendEnrollFactorRequest: "nope" } }, { retries: 1 }, { latencyMs: -1 }]) {
      expect((await send("/__mock/scenario", { token: "a", method: "PUT", body: bad })).body.statusCode).toBe(400);
    }
    expect((await send("/__mock/scenario", { method: "PUT", body: {} })).body.statusCode).toBe(401);
  });

  it("fails the token's next requests at the network as many times as asked, then answers again", async () => {
    await send("/__mock/scenario", { token: "flaky", method: "PUT", body: { networkFailures: 2 } });
    expect((await send(SEND, { token: "flaky", body: otp })).response.type).toBe("error");
    expect((await send(SEND, { token: "flaky", body: otp })).response.type).toBe("error");
    expect((await send(SEND, { token: "flaky", body: otp })).body.statusCode).toBe(200);
  });

  it("holds the answer back by the scenario's latency", async () => {
    vi.useFakeTimers();
    try {
      await send("/__mock/scenario", { token: "slow", method: "PUT", body: { latencyMs: 1500 } });
      let answered = false;
      const pending = send(SEND, { token: "slow", body: otp }).then((r) => {
        answered = true;
        return r;
      });
      await vi.advanceTimersByTimeAsync(1499);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect((await pending).body.statusCode).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it("answers an undeclared path with HTTP 404 and the envelope, and a preflight with CORS headers", async () => {
    const { response, body } = await send("/api/v3/no-such-operation", { token: "t" });
    expect(response.status).toBe(404);
    expect(body.statusCode).toBe(404);
    const preflight = await answer(
      new Request(BASE + SEND, {
        method: "OPTIONS",
        headers: { origin: "https://app.test", "access-control-request-headers": "authorization" },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.test");
  });

  it("answers in the language x-genauth-lang or x-authing-lang asks for, the scenario's refusals too", async () => {
    expect((await send(SEND, { body: otp, headers: { "x-authing-lang": "zh-CN" } })).body.message).toMatch(/[\u4e00-\u9fff]/);
    const refused = await send("/__mock/scenario", {
      token: "a",
      method: "PUT",
      body: { latencyMs: -1 },
      headers: { "x-genauth-lang": "zh-CN" },
    });
    expect(refused.body).toMatchObject({ statusCode: 400, message: expect.stringContaining("latencyMs") });
    expect(refused.body.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it("serves a body over our 16 KiB limit with a warning, as GenAuth might, and answers one over the 1 MiB cap with 413", async () => {
    const { response, body } = await send(SEND, { token: "t", body: { factorType: "OTP", pad: "x".repeat(20_000) } });
    expect(body.statusCode).toBe(200);
    expect(response.headers.get("x-contract-warning")).toBe("undocumented-field=pad, body-over-limit=20029");
    expect(warnings).toEqual(["undocumented-field=pad, body-over-limit=20029"]);
    expect((await send(SEND, { token: "t", body: { factorType: "OTP", pad: "x".repeat(1024 * 1024) } })).body.statusCode).toBe(413);
  });

  it("accepts any token and any SMS or EMAIL code of 4 to 8 digits, noting a token not of our shape; other codes are wrong", async () => {
    const enroll = "/api/v3/enroll-factor";
    const guard = await send(enroll, {
      token: "t",
      body: { factorType: "SMS", enrollmentToken: "xxx", enrollmentData: { passCode: "8705" } },
    });
    expect(guard.body.statusCode).toBe(200);
    expect(guard.response.headers.get("x-contract-warning")).toBe("off-format=enrollmentToken");
    for (const passCode of ["1234", "12345678"]) {
      expect(
        (await send(enroll, { token: "t", body: { factorType: "EMAIL", enrollmentToken: "xxx", enrollmentData: { passCode } } })).body
          .statusCode,
      ).toBe(200);
    }
    for (const passCode of ["123", "123456789", "12ab"]) {
      const { body } = await send(enroll, {
        token: "t",
        body: { factorType: "SMS", enrollmentToken: "xxx", enrollmentData: { passCode } },
      });
      expect(body).toMatchObject({ statusCode: 400, apiCode: 6101 });
    }
  });

  it("refuses a malformed email address naming profile.email, though GenAuth's schema takes any string", async () => {
    const { body } = await send(SEND, { token: "t", body: { factorType: "EMAIL", profile: { email: "not-an-address" } } });
    expect(body).toMatchObject({ statusCode: 400, message: expect.stringContaining("profile.email") });
  });
});
