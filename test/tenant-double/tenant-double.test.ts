import { randomUUID } from "node:crypto";
import type { CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operation } from "../../src/contract/operations.ts";
import { signDevToken } from "../../src/server/dev-tokens.ts";
import { loadDevSigningKey } from "../../src/server/keys.ts";
import { spawnService } from "../support/spawn-service.ts";
import { totpFor } from "../contract-suite/support/totp-clock.ts";
import { uniquePhoneNumber } from "../contract-suite/support/unique.ts";
import { BREAKAGE_EFFECTS, BREAKAGES, type Breakage } from "../support/tenant-double/breakages.ts";
import { ENROLLMENT_TOKEN_FORMAT, FACTOR_ID_FORMAT } from "../support/tenant-double/opaque-ids.ts";
import { startTenantDouble } from "../support/tenant-double/tenant-double.ts";
import { startTenantDoubleStack, type TenantDoubleStack } from "../support/tenant-double/tenant-double-stack.ts";

// One reference server and one faithful double for the file; the breakages and the latency get
// doubles of their own in front of the same server (a double is cheap: a socket in this process).
let stack: TenantDoubleStack;
let signingKey: CryptoKey;
beforeAll(async () => {
  stack = await startTenantDoubleStack();
  signingKey = (await loadDevSigningKey(stack.dataDir)).privateKey;
});
afterAll(() => stack?.stop());

/**
 * A user of its own for a test, so that no test's bindings or send caps reach another's, with an
 * email address on the account, as a user who binds a face must (apiCode 1703 otherwise).
 */
const freshUser = () =>
  signDevToken(signingKey, { sub: `tenant-double-${randomUUID()}`, claims: { username: "fresh", email: "fresh@example.com" } });

interface Ask {
  token?: string;
  body?: unknown;
  rawBody?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whichever fields its operation's answer has
  body: any;
}

/** Calls one operation on a base URL: the double's or, to compare, the upstream's. */
async function ask(base: string, operationId: string, { token, body, rawBody, query, headers }: Ask = {}): Promise<Reply> {
  const op = operation(operationId);
  const url = new URL(base + op.path);
  for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
  const payload = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  const response = await fetch(url, {
    method: op.method,
    headers: { ...(token && { authorization: token }), ...(payload !== undefined && { "content-type": "application/json" }), ...headers },
    body: payload,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) };
}

/** Asks and expects success, for the steps of a test that are not what it is about. */
async function ok(base: string, operationId: string, options: Ask): Promise<Reply> {
  const reply = await ask(base, operationId, options);
  expect(reply.body.statusCode, JSON.stringify(reply.body)).toBe(200);
  return reply;
}

/** Binds a face for the token's user through `base`, and returns the enrollment token used. */
async function bindFace(base: string, token: string): Promise<string> {
  const started = await ok(base, "sendEnrollFactorRequest", { token, body: { factorType: "FACE" } });
  const { enrollmentToken } = started.body.data;
  await ok(base, "enrollFactor", {
    token,
    body: { factorType: "FACE", enrollmentToken, enrollmentData: { photo: "https://files.example.com/face.jpg", isExternalPhoto: true } },
  });
  return enrollmentToken;
}

/** The code the upstream's development outbox last received for a mainland number. */
async function lastCodeTo(phoneNumber: string): Promise<string> {
  const outbox = await (await fetch(`${stack.upstream}/dev/outbox?to=%2B86${phoneNumber}`)).json();
  return outbox.data.at(-1).code;
}

/** The same request to the double and, behind it, to the upstream. */
async function bothAsk(operationId: string, options: Ask = {}): Promise<{ double: Reply; upstream: Reply }> {
  const [double, upstream] = await Promise.all([ask(stack.url, operationId, options), ask(stack.upstream, operationId, options)]);
  return { double, upstream };
}

const SMS_WITHOUT_PROFILE = { factorType: "SMS" };

describe("the tenant double differs from our targets where GenAuth leaves a tenant free", () => {
  it("sends no X-Request-Id and no Cache-Control header, though the upstream sends both", async () => {
    const upstream = await ask(stack.upstream, "listFactorsToEnroll", { token: stack.accessToken });
    expect(upstream.headers.get("x-request-id")).not.toBeNull();
    expect(upstream.headers.get("cache-control")).toBe("no-store");
    for (const body of [undefined, SMS_WITHOUT_PROFILE]) {
      const reply = await ask(stack.url, body ? "sendEnrollFactorRequest" : "listFactorsToEnroll", { token: stack.accessToken, body });
      expect(reply.headers.get("x-request-id")).toBeNull();
      expect(reply.headers.get("cache-control")).toBeNull();
    }
  });

  it("keeps the upstream's CORS answer, for preflights and for answers, but exposes no request id header", async () => {
    const origin = "https://app.example.com";
    const preflight = await fetch(`${stack.url}${operation("enrollFactor").path}`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    const reply = await ask(stack.url, "listFactorsToEnroll", { token: stack.accessToken, headers: { origin } });
    expect(reply.headers.get("access-control-allow-origin")).toBe(origin);
    expect(reply.headers.get("access-control-expose-headers")).toBeNull();
  });

  it("words a refusal its own way, in Chinese by default and in English when asked, keeping the upstream's statusCode", async () => {
    const asks: Array<[Record<string, string>, string]> = [
      [{}, "参数错误"],
      [{ "x-genauth-lang": "zh-CN" }, "参数错误"],
      [{ "x-genauth-lang": "en-US" }, "Invalid parameters"],
      [{ "x-authing-lang": "en-US" }, "Invalid parameters"],
      [{ "accept-language": "en" }, "Invalid parameters"],
      [{ "x-genauth-lang": "zh-CN", "accept-language": "en" }, "参数错误"],
    ];
    for (const [headers, words] of asks) {
      const { double, upstream } = await bothAsk("sendEnrollFactorRequest", {
        token: stack.accessToken,
        body: SMS_WITHOUT_PROFILE,
        headers,
      });
      expect(double.body.statusCode).toBe(upstream.body.statusCode);
      expect(double.body.message, JSON.stringify(headers)).toBe(words);
      expect(double.body.message).not.toBe(upstream.body.message);
    }
  });

  it("keeps the upstream's apiCode on a refusal that has one, and words it its own way", async () => {
    const { double, upstream } = await bothAsk("listEnrolledFactors");
    expect(upstream.body).toMatchObject({ statusCode: 401, apiCode: 2020 });
    expect(double.body).toMatchObject({ statusCode: 401, apiCode: 2020, message: "请先登录" });
  });

  it("gives each success a request id of 32 lowercase hexadecimal characters, and an error none at all", async () => {
    const first = await ok(stack.url, "listFactorsToEnroll", { token: stack.accessToken });
    const second = await ok(stack.url, "listFactorsToEnroll", { token: stack.accessToken });
    expect(first.body.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(second.body.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(second.body.requestId).not.toBe(first.body.requestId);
    const refused = await ask(stack.url, "sendEnrollFactorRequest", { token: stack.accessToken, body: SMS_WITHOUT_PROFILE });
    expect(refused.body.statusCode).toBe(400);
    expect(refused.body).not.toHaveProperty("requestId");
    expect(refused.body).not.toHaveProperty("data");
  });

  it("adds fields of its own at the top level, inside data, and inside each listed factor", async () => {
    const token = await freshUser();
    const started = await ok(stack.url, "sendEnrollFactorRequest", { token, body: { factorType: "FACE" } });
    expect(started.body).toMatchObject({ tenantRegion: "cn-north", data: { tenantRegion: "cn-north" } });
    await ok(stack.url, "enrollFactor", {
      token,
      body: { factorType: "FACE", enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { photo: "face-key-1" } },
    });
    const toEnroll = await ok(stack.url, "listFactorsToEnroll", { token });
    expect(toEnroll.body.data.length).toBeGreaterThan(0);
    for (const item of toEnroll.body.data) expect(item.tenantRegion).toBe("cn-north");
    const enrolled = await ok(stack.url, "listEnrolledFactors", { token });
    expect(enrolled.body.data).toHaveLength(1);
    expect(enrolled.body.data[0]).toMatchObject({ factorType: "FACE", tenantRegion: "cn-north" });
    expect(new Date(enrolled.body.data[0].createdAt).toISOString()).toBe(enrolled.body.data[0].createdAt);
    const upstream = await ok(stack.upstream, "listEnrolledFactors", { token });
    expect(upstream.body).not.toHaveProperty("tenantRegion");
    expect(upstream.body.data[0]).not.toHaveProperty("createdAt");
  });

  it("mints enrollment tokens and factor ids in formats of its own, and takes them back for FACE, getFactor and resetFactor", async () => {
    const token = await freshUser();
    const enrollmentToken = await bindFace(stack.url, token);
    expect(enrollmentToken).toMatch(ENROLLMENT_TOKEN_FORMAT);
    const [listed] = (await ok(stack.url, "listEnrolledFactors", { token })).body.data;
    expect(listed.factorId).toMatch(FACTOR_ID_FORMAT);
    const [upstreamListed] = (await ok(stack.upstream, "listEnrolledFactors", { token })).body.data;
    expect(upstreamListed.factorId).not.toBe(listed.factorId);
    const got = await ok(stack.url, "getFactor", { token, query: { factorId: listed.factorId } });
    expect(got.body.data).toMatchObject({ factorId: listed.factorId, factorType: "FACE" });
    await ok(stack.url, "resetFactor", { token, body: { factorId: listed.factorId } });
    expect((await ok(stack.url, "listEnrolledFactors", { token })).body.data).toEqual([]);
  });

  it("binds an authenticator app with its own enrollment token and the TOTP of the secret it handed out", async () => {
    const token = await freshUser();
    const started = await ok(stack.url, "sendEnrollFactorRequest", { token, body: { factorType: "OTP" } });
    const { enrollmentToken, otpData } = started.body.data;
    expect(enrollmentToken).toMatch(ENROLLMENT_TOKEN_FORMAT);
    await ok(stack.url, "enrollFactor", {
      token,
      body: { factorType: "OTP", enrollmentToken, enrollmentData: { passCode: totpFor(otpData.qrCodeUri) } },
    });
    const [listed] = (await ok(stack.url, "listEnrolledFactors", { token })).body.data;
    expect(listed).toMatchObject({ factorType: "OTP" });
    expect(listed.factorId).toMatch(FACTOR_ID_FORMAT);
  });

  it("refuses an enrollment token it never minted, even one the upstream issued, and passes an unknown factor id on as it is", async () => {
    const token = await freshUser();
    const upstreamToken = (await ok(stack.upstream, "sendEnrollFactorRequest", { token, body: { factorType: "FACE" } })).body.data
      .enrollmentToken;
    const replay = await ask(stack.url, "enrollFactor", {
      token,
      body: { factorType: "FACE", enrollmentToken: upstreamToken, enrollmentData: { photo: "face-key-2" } },
    });
    expect(replay.body).toMatchObject({ statusCode: 422, apiCode: 6110 });
    const unknown = await ask(stack.url, "getFactor", { token, query: { factorId: "ffffffffffffffffffffffff" } });
    expect(unknown.body.statusCode).toBe(404);
  });

  it("masks a bound phone number as 188xxxx5678 where the upstream shows 188****5678", async () => {
    const token = await freshUser();
    const phoneNumber = uniquePhoneNumber();
    const started = await ok(stack.url, "sendEnrollFactorRequest", { token, body: { factorType: "SMS", profile: { phoneNumber } } });
    const passCode = await lastCodeTo(phoneNumber);
    await ok(stack.url, "enrollFactor", {
      token,
      body: { factorType: "SMS", enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { passCode } },
    });
    const [listed] = (await ok(stack.url, "listEnrolledFactors", { token })).body.data;
    expect(listed.profile.phoneNumber).toBe(`${phoneNumber.slice(0, 3)}xxxx${phoneNumber.slice(-4)}`);
    const [upstream] = (await ok(stack.upstream, "listEnrolledFactors", { token })).body.data;
    expect(upstream.profile.phoneNumber).toBe(`${phoneNumber.slice(0, 3)}****${phoneNumber.slice(-4)}`);
  });

  it("ignores undocumented request fields, which the upstream names in a warning, and lets no warning header through", async () => {
    const token = await freshUser();
    const body = { factorType: "FACE", nickname: "unknown at the top", profile: { favouriteColour: "unknown inside" } };
    const upstream = await ask(stack.upstream, "sendEnrollFactorRequest", { token, body });
    expect(upstream.headers.get("x-contract-warning")).toContain("undocumented-field=nickname");
    const double = await ok(stack.url, "sendEnrollFactorRequest", { token, body });
    expect(double.headers.get("x-contract-warning")).toBeNull();
    const query = await ok(stack.url, "listEnrolledFactors", { token, query: { page: "2" } });
    expect(query.headers.get("x-contract-warning")).toBeNull();
  });

  it("accepts a 50 KB body of unknown fields that the upstream finds too large, and answers 413 in the envelope past 100 KiB", async () => {
    const token = await freshUser();
    const padded = { factorType: "FACE", padding: "x".repeat(50_000) };
    expect((await ask(stack.upstream, "sendEnrollFactorRequest", { token, body: padded })).body.statusCode).toBe(413);
    await ok(stack.url, "sendEnrollFactorRequest", { token, body: padded });
    const huge = await ask(stack.url, "sendEnrollFactorRequest", { token, body: { factorType: "FACE", padding: "x".repeat(110 * 1024) } });
    expect(huge.status).toBe(200);
    expect(huge.body).toMatchObject({ statusCode: 413, message: "请求体过大" });
  });

  it("ignores a malformed x-authing-app-id, which the upstream names in a warning, and forwards a well-formed one", async () => {
    const malformed = { "x-authing-app-id": "not an app id!" };
    expect(
      (await ask(stack.upstream, "listFactorsToEnroll", { token: stack.accessToken, headers: malformed })).headers.get(
        "x-contract-warning",
      ),
    ).toBe("off-format=x-authing-app-id");
    await ok(stack.url, "listFactorsToEnroll", { token: stack.accessToken, headers: malformed });
    await ok(stack.url, "listFactorsToEnroll", { token: stack.accessToken, headers: { "x-authing-app-id": "62a1ae5d7fd8a7d1d5e6b8f1" } });
  });

  it("has no mfa-totp-recovery route, as GenAuth's V3 API has none: HTTP 404 with a JSON body whose statusCode is 404", async () => {
    const response = await fetch(`${stack.url}/api/v3/mfa-totp-recovery`, {
      method: "POST",
      headers: { authorization: stack.accessToken, "content-type": "application/json" },
      body: JSON.stringify({ recoveryCode: "e7ad-aaa4-da75-fa37-57d1-5141" }),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body.statusCode).toBe(404);
    expect(typeof body.message).toBe("string");
  });

  it("adds the latency it was given before every answer, success, refusal or unknown route", async () => {
    const latencyMs = 300;
    const slow = await startTenantDouble({ upstream: stack.upstream, latencyMs });
    try {
      const timed = async (run: () => Promise<unknown>) => {
        const start = performance.now();
        await run();
        return performance.now() - start;
      };
      expect(await timed(() => ok(slow.url, "listFactorsToEnroll", { token: stack.accessToken }))).toBeGreaterThanOrEqual(latencyMs);
      expect(
        await timed(() => ask(slow.url, "sendEnrollFactorRequest", { token: stack.accessToken, body: SMS_WITHOUT_PROFILE })),
      ).toBeGreaterThanOrEqual(latencyMs);
      expect(await timed(() => fetch(`${slow.url}/nowhere`))).toBeGreaterThanOrEqual(latencyMs);
    } finally {
      await slow.stop();
    }
  });
});

/** Each breakage's direct check, given a double with it switched on. Every name in BREAKAGES must have one. */
const breaks: Record<Breakage, (url: string) => Promise<void>> = {
  http500: async (url) => {
    const refused = await ask(url, "sendEnrollFactorRequest", { token: stack.accessToken, body: SMS_WITHOUT_PROFILE });
    expect(refused.status).toBe(500);
    expect(refused.body.statusCode).toBe(400);
    expect((await ask(url, "listFactorsToEnroll", { token: stack.accessToken })).status).toBe(200);
  },
  noEnrollmentToken: async (url) => {
    const started = await ok(url, "sendEnrollFactorRequest", { token: await freshUser(), body: { factorType: "FACE" } });
    expect(started.body.data).toBeDefined();
    expect(started.body.data).not.toHaveProperty("enrollmentToken");
  },
  stringStatusCode: async (url) => {
    expect((await ask(url, "listFactorsToEnroll", { token: stack.accessToken })).body.statusCode).toBe("200");
    expect((await ask(url, "sendEnrollFactorRequest", { token: stack.accessToken, body: SMS_WITHOUT_PROFILE })).body.statusCode).toBe(
      "400",
    );
  },
  tokenTwice: async (url) => {
    const token = await freshUser();
    const started = await ok(url, "sendEnrollFactorRequest", { token, body: { factorType: "FACE" } });
    const enroll = { factorType: "FACE", enrollmentToken: started.body.data.enrollmentToken, enrollmentData: { photo: "face-key-3" } };
    const first = await ok(url, "enrollFactor", { token, body: enroll });
    const second = await ok(url, "enrollFactor", { token, body: enroll });
    expect(second.body).toEqual(first.body);
    // Through the faithful double the same replay reaches the upstream, which refuses the spent token.
    const other = await freshUser();
    const spent = await bindFace(stack.url, other);
    expect((await ask(stack.url, "enrollFactor", { token: other, body: { ...enroll, enrollmentToken: spent } })).body.statusCode).not.toBe(
      200,
    );
  },
  secondCodeInMinute: async (url) => {
    const token = await freshUser();
    const body = { factorType: "SMS", profile: { phoneNumber: uniquePhoneNumber() } };
    const first = await ok(url, "sendEnrollFactorRequest", { token, body });
    const second = await ok(url, "sendEnrollFactorRequest", { token, body });
    expect(second.body.data.enrollmentToken).toMatch(ENROLLMENT_TOKEN_FORMAT);
    expect(second.body.data.enrollmentToken).not.toBe(first.body.data.enrollmentToken);
    // Behind it, the upstream still keeps its minute.
    expect((await ask(stack.upstream, "sendEnrollFactorRequest", { token, body })).body.statusCode).toBe(429);
  },
  otherUsersFactor: async (url) => {
    const owner = await freshUser();
    await bindFace(url, owner);
    const [factor] = (await ok(url, "listEnrolledFactors", { token: owner })).body.data;
    const stranger = await freshUser();
    const got = await ask(url, "getFactor", { token: stranger, query: { factorId: factor.factorId } });
    expect(got.body.statusCode).toBe(200);
    expect(got.body.data).toMatchObject({ factorId: factor.factorId, factorType: "FACE" });
    // Without the breakage the stranger gets the upstream's 404.
    expect((await ask(url, "getFactor", { token: stranger, query: { factorId: "ffffffffffffffffffffffff" } })).body.statusCode).toBe(404);
  },
};

describe("the tenant double's breakages, one at a time", () => {
  it.each(BREAKAGES.map((name) => [name, BREAKAGE_EFFECTS[name]]))("with %s switched on, it really %s", async (name) => {
    const broken = await startTenantDouble({ upstream: stack.upstream, breakage: name as Breakage });
    try {
      await breaks[name as Breakage](broken.url);
    } finally {
      await broken.stop();
    }
  });
});

describe("the tenant double's command line", () => {
  it("starts a stack, prints its URL and tokens as one JSON line, applies TENANT_DOUBLE_BREAKAGE, and stops on SIGTERM", async () => {
    const service = await spawnService(
      "test/support/tenant-double/main.ts",
      { TENANT_DOUBLE_BREAKAGE: "stringStatusCode", TENANT_DOUBLE_LATENCY_MS: "0" },
      /^(\{"url".*\})$/m,
    );
    try {
      const printed = JSON.parse(service.url) as { url: string; accessToken: string; otherAccessToken: string; upstream: string };
      expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(printed.otherAccessToken).not.toBe(printed.accessToken);
      expect((await ask(printed.url, "listFactorsToEnroll", { token: printed.otherAccessToken })).body.statusCode).toBe("200");
    } finally {
      expect(await service.stop("SIGTERM")).toBe(0);
    }
  });
});
