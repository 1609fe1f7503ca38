import { request } from "node:http";
import { Writable } from "node:stream";
import type { LightMyRequestResponse } from "fastify";
import { beforeEach, describe, expect, it } from "vitest";
import { handlers } from "../../src/server/routes/handlers.ts";
import { buildTestApp, send, type TestApp } from "../support/test-app.ts";
import { useCleanups } from "../support/cleanups.ts";

const SEND = "/api/v3/send-enroll-factor-request";
const ENROLL = "/api/v3/enroll-factor";
const LIST = "/api/v3/list-enrolled-factors";

/** What must never reach a client: a stack frame, a source path, or an internal error's name. */
const LEAKS = ["    at ", "/work/", "node_modules", ".ts:", "Error:"];

const defer = useCleanups();
let t: TestApp;
let token: string;

async function newApp(options?: Parameters<typeof buildTestApp>[0]): Promise<TestApp> {
  const built = await buildTestApp(options);
  defer(() => built.app.close());
  return built;
}

beforeEach(async () => {
  t = await newApp();
  token = await t.tokenFor("alice");
});

/** A JSON object for sendEnrollFactorRequest that is exactly `bytes` long. */
function jsonOfLength(bytes: number): string {
  const shell = '{"factorType":"OTP","padding":""}';
  return shell.replace('""', `"${"x".repeat(bytes - shell.length)}"`);
}

/** Checks what every error answer shares: HTTP 200 (or the given status), the headers, the bare envelope. */
function expectCleanError(response: LightMyRequestResponse, http = 200) {
  const body = response.json() as Record<string, unknown>;
  expect(response.statusCode).toBe(http);
  expect(response.headers["cache-control"]).toBe("no-store");
  expect(response.headers["x-request-id"]).toBe(body.requestId);
  expect(body).not.toHaveProperty("data");
  for (const key of Object.keys(body)) expect(["statusCode", "message", "apiCode", "requestId"]).toContain(key);
  for (const leak of LEAKS) expect(response.body).not.toContain(leak);
  return body as { statusCode: number; message: string; apiCode?: number; requestId: string };
}

interface BadBody {
  name: string;
  payload: string;
  /** The Content-Type header; application/json when unset, none at all when null. */
  contentType?: string | null;
  statusCode: number;
  /** Words the message must contain, so that it names the problem. */
  words: string[];
}

const json = JSON.stringify;
const sms = (profile: unknown) => json({ factorType: "SMS", profile });
const email = (profile: unknown) => json({ factorType: "EMAIL", profile });
const boundary = "----genauth-test";
const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="factorType"\r\n\r\nOTP\r\n--${boundary}--\r\n`;

// Each case: the raw body, the statusCode GenAuth's envelope must carry, and the words its message must hold.
const cases: BadBody[] = [
  { name: "malformed JSON", payload: '{"factorType": "OTP",', statusCode: 400, words: ["JSON"] },
  { name: "truncated JSON", payload: '{"factorType": "OT', statusCode: 400, words: ["JSON"] },
  { name: "JSON with a trailing comma and a comment", payload: '{"factorType": "OTP", /* hi */}', statusCode: 400, words: ["JSON"] },
  { name: "a JSON string body", payload: '"OTP"', statusCode: 400, words: ["JSON object"] },
  { name: "a JSON number body", payload: "42", statusCode: 400, words: ["JSON object"] },
  { name: "a JSON null body", payload: "null", statusCode: 400, words: ["JSON object"] },
  { name: "a JSON array body", payload: '[{"factorType": "OTP"}]', statusCode: 400, words: ["JSON object"] },
  { name: "an empty body", payload: "", statusCode: 400, words: ["body", "required"] },
  {
    name: "a factorType sent as a number",
    payload: json({ factorType: 1 }),
    statusCode: 400,
    words: ["factorType", "OTP, SMS, EMAIL, FACE"],
  },
  { name: "a factorType sent as null", payload: json({ factorType: null }), statusCode: 400, words: ["factorType"] },
  { name: "a factorType sent as an array", payload: json({ factorType: ["OTP"] }), statusCode: 400, words: ["factorType"] },
  { name: "a factorType sent as an object", payload: json({ factorType: { type: "OTP" } }), statusCode: 400, words: ["factorType"] },
  { name: "a profile sent as a string", payload: sms("18812345678"), statusCode: 400, words: ["profile", "JSON object"] },
  {
    name: "a profile sent as an array",
    payload: json({ factorType: "OTP", profile: [] }),
    statusCode: 400,
    words: ["profile", "JSON object"],
  },
  { name: "a profile sent as null", payload: sms(null), statusCode: 400, words: ["profile"] },
  {
    name: "a phone number sent as a number",
    payload: sms({ phoneNumber: 18812345678 }),
    statusCode: 400,
    words: ["profile.phoneNumber", "string"],
  },
  {
    name: "a phone number sent as a boolean",
    payload: sms({ phoneNumber: true }),
    statusCode: 400,
    words: ["profile.phoneNumber", "string"],
  },
  {
    name: "a calling code sent as a number",
    payload: sms({ phoneNumber: "18812345678", phoneCountryCode: 86 }),
    statusCode: 400,
    words: ["profile.phoneCountryCode", "string"],
  },
  { name: "an email sent as a number", payload: email({ email: 42 }), statusCode: 400, words: ["profile.email", "string"] },
  { name: "an email sent as an array", payload: email({ email: ["a@example.com"] }), statusCode: 400, words: ["profile.email", "string"] },
  {
    name: "a 10 000-character phone number",
    payload: sms({ phoneNumber: "1".repeat(10_000) }),
    statusCode: 400,
    words: ["profile.phoneNumber"],
  },
  {
    name: "a 10 000-character email",
    payload: email({ email: `${"a".repeat(10_000)}@example.com` }),
    statusCode: 400,
    words: ["profile.email"],
  },
  {
    name: "a phone number in Arabic-Indic digits",
    payload: sms({ phoneNumber: "١٨٨١٢٣٤٥٦٧٨" }),
    statusCode: 400,
    words: ["profile.phoneNumber"],
  },
  {
    name: "a phone number in full-width digits",
    payload: sms({ phoneNumber: "１８８１２３４５６７８" }),
    statusCode: 400,
    words: ["profile.phoneNumber"],
  },
  {
    name: "a phone number with a zero-width space",
    payload: sms({ phoneNumber: "188\u200b12345678" }),
    statusCode: 400,
    words: ["profile.phoneNumber"],
  },
  {
    name: "a phone number with a NUL byte",
    payload: sms({ phoneNumber: "18812345678\u0000" }),
    statusCode: 400,
    words: ["profile.phoneNumber"],
  },
  { name: "a body one byte over 16 KiB", payload: jsonOfLength(16 * 1024 + 1), statusCode: 413, words: ["16384"] },
  { name: "a 5 MB body", payload: jsonOfLength(5 * 1024 * 1024), statusCode: 413, words: ["16384"] },
  {
    name: "a text/plain body",
    payload: json({ factorType: "OTP" }),
    contentType: "text/plain",
    statusCode: 400,
    words: ["Content-Type", "application/json"],
  },
  {
    name: "a form-encoded body",
    payload: "factorType=OTP",
    contentType: "application/x-www-form-urlencoded",
    statusCode: 400,
    words: ["Content-Type", "application/json"],
  },
  {
    name: "a JSON body without a Content-Type",
    payload: json({ factorType: "OTP" }),
    contentType: null,
    statusCode: 400,
    words: ["Content-Type", "application/json"],
  },
  {
    name: "a JSON body sent as application/jsonp",
    payload: json({ factorType: "OTP" }),
    contentType: "application/jsonp",
    statusCode: 400,
    words: ["Content-Type"],
  },
  {
    name: "a multipart body",
    payload: multipart,
    contentType: `multipart/form-data; boundary=${boundary}`,
    statusCode: 400,
    words: ["Content-Type", "application/json"],
  },
];

describe("the error handler on hostile and malformed input", () => {
  it.each(cases)(
    "answers $name with statusCode $statusCode and a message that names it",
    async ({ payload, contentType, statusCode, words }) => {
      const response = await t.app.inject({
        method: "POST",
        url: SEND,
        headers: { authorization: token, ...(contentType !== null && { "content-type": contentType ?? "application/json" }) },
        payload,
      });
      const body = expectCleanError(response);
      expect(body.statusCode).toBe(statusCode);
      for (const word of words) expect(body.message).toContain(word);
    },
  );

  it.each(["application/json; charset=utf-8", "Application/JSON"])("accepts a JSON body sent as %s", async (contentType) => {
    const response = await t.app.inject({
      method: "POST",
      url: SEND,
      headers: { authorization: token, "content-type": contentType },
      payload: json({ factorType: "OTP" }),
    });
    expect(response.json()).toMatchObject({ statusCode: 200, data: { enrollmentToken: expect.any(String) } });
  });

  it("accepts a body of exactly 16 KiB, so the limit is not off by one", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: SEND,
      headers: { authorization: token, "content-type": "application/json" },
      payload: jsonOfLength(16 * 1024),
    });
    // The padding is a field GenAuth does not document: served, and named in the warning header.
    expect(response.json().statusCode).toBe(200);
    expect(response.headers["x-contract-warning"]).toBe("undocumented-field=padding");
  });

  it.each([
    { name: "an email in Chinese characters", profile: { email: "测试@例子.公司" } },
    { name: "an email with an emoji local part", profile: { email: "😀@example.com" } },
    { name: "an email with a right-to-left override", profile: { email: "user\u202e@example.com" } },
    { name: "an email with a lone surrogate", profile: { email: "a\ud800@example.com" } },
  ])("answers $name with 200 or 400, never a fault", async ({ profile }) => {
    const response = await t.app.inject({
      method: "POST",
      url: SEND,
      headers: { authorization: token, "content-type": "application/json" },
      payload: email(profile),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    const body = response.json() as { statusCode: number; requestId: string };
    expect([200, 400]).toContain(body.statusCode);
    expect(response.headers["x-request-id"]).toBe(body.requestId);
    for (const leak of LEAKS) expect(response.body).not.toContain(leak);
  });

  it("keeps serving after refusing a 5 MB body", async () => {
    const big = await t.app.inject({
      method: "POST",
      url: SEND,
      headers: { authorization: token, "content-type": "application/json" },
      payload: jsonOfLength(5 * 1024 * 1024),
    });
    expect(expectCleanError(big).statusCode).toBe(413);
    const next = await send(t.app, "GET", LIST, token);
    expect(next.body).toMatchObject({ statusCode: 200, data: [] });
  });

  it("answers a 5 MB body over a real socket with 413 and Connection: close, and serves the next connection", async () => {
    const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const payload = Buffer.from(jsonOfLength(5 * 1024 * 1024));
    const answer = await new Promise<{ headers: Record<string, unknown>; text: string }>((resolve, reject) => {
      const req = request(
        `${address}${SEND}`,
        { method: "POST", headers: { authorization: token, "content-type": "application/json", "content-length": payload.length } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve({ headers: res.headers, text }));
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
    const body = JSON.parse(answer.text) as { statusCode: number; requestId: string };
    expect(body.statusCode).toBe(413);
    expect(answer.headers.connection).toBe("close");
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.headers["x-request-id"]).toBe(body.requestId);
    const next = await fetch(`${address}${LIST}`, { headers: { authorization: token } });
    expect(await next.json()).toMatchObject({ statusCode: 200, data: [] });
  });

  it.each([
    { name: "a __proto__ key", payload: '{"__proto__": {"polluted": true}, "factorType":"OTP"}' },
    { name: "a constructor.prototype key", payload: '{"constructor": {"prototype": {"polluted": true}}, "factorType": "OTP"}' },
    { name: "a nested __proto__ key", payload: '{"factorType":"OTP","profile":{"__proto__":{"polluted":true}}}' },
  ])("refuses a body with $name with statusCode 400 and leaves Object.prototype untouched", async ({ payload }) => {
    const response = await t.app.inject({
      method: "POST",
      url: SEND,
      headers: { authorization: token, "content-type": "application/json" },
      payload,
    });
    const body = expectCleanError(response);
    expect(body.statusCode).toBe(400);
    expect(body.message).toContain("request body");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it.each([
    { method: "GET" as const, url: "/api/v3/no-such-operation" },
    { method: "POST" as const, url: "/api/v3/no-such-operation?secret=1" },
    { method: "GET" as const, url: "/" },
    { method: "POST" as const, url: LIST },
  ])("answers $method $url, which serves no operation, with HTTP 404 and the envelope", async ({ method, url }) => {
    const response = await t.app.inject({ method, url, headers: { authorization: token } });
    const body = expectCleanError(response, 404);
    expect(body.statusCode).toBe(404);
    expect(body.message).toContain(url.split("?")[0]!);
    expect(body.message).not.toContain("secret=1");
  });

  it("answers a malformed escape in the path through the one error path: the envelope, its headers and a log line", async () => {
    let logs = "";
    const stream = new Writable({
      write: (chunk, _encoding, done) => {
        logs += chunk.toString();
        done();
      },
    });
    const logged = await newApp({ logger: { level: "info", stream } });
    const response = await logged.app.inject({
      method: "GET",
      url: "/api/v3/get-factor%ff?factorId=x",
      headers: { origin: "https://app.example" },
    });
    const body = expectCleanError(response);
    expect(body).toMatchObject({ statusCode: 400, message: "The URL is malformed" });
    expect(response.body).not.toContain("%ff");
    expect(response.headers["access-control-allow-origin"]).toBe("https://app.example");
    const line = logs.split("\n").find((l) => l.includes('"answered"'));
    expect(JSON.parse(line!)).toMatchObject({ reqId: body.requestId, method: "GET", url: "/api/v3/get-factor%ff?…" });
  });

  it("answers an internal fault with statusCode 500 and none of the fault's own words", async () => {
    const faulty = await newApp({
      handlers: {
        ...handlers,
        listEnrolledFactors: () => {
          throw new Error("secret internal detail at /work/main/src/x.ts:1");
        },
      },
    });
    const response = await faulty.app.inject({ method: "GET", url: LIST, headers: { authorization: await faulty.tokenFor("alice") } });
    const body = expectCleanError(response);
    expect(body).toEqual({ statusCode: 500, message: "Internal server error", requestId: body.requestId });
    expect(response.body).not.toContain("secret internal detail");
  });

  it("answers an internal fault that is not even an Error with statusCode 500", async () => {
    const faulty = await newApp({
      handlers: {
        ...handlers,
        listEnrolledFactors: () => {
          throw "a bare string with /work/main/src/y.ts:2";
        },
      },
    });
    const response = await faulty.app.inject({ method: "GET", url: LIST, headers: { authorization: await faulty.tokenFor("alice") } });
    expect(expectCleanError(response)).toMatchObject({ statusCode: 500, message: "Internal server error" });
  });

  it("answers an operation that has no handler with statusCode 501", async () => {
    const { mfaOtpRecover: _unimplemented, ...rest } = handlers;
    const partial = await newApp({ handlers: rest });
    const response = await partial.app.inject({
      method: "POST",
      url: "/api/v3/mfa-totp-recovery",
      headers: { authorization: await partial.tokenFor("alice"), "content-type": "application/json" },
      payload: json({ recoveryCode: "e7ad-aaa4-da75-fa37-57d1-5141" }),
    });
    const body = expectCleanError(response);
    expect(body.statusCode).toBe(501);
    expect(body.message).toContain("not implemented");
  });
});

describe("the documented enrollment-token failures", () => {
  const PHONE = "+8618812345678";

  async function startSms(userToken: string) {
    const started = await send(t.app, "POST", SEND, userToken, { factorType: "SMS", profile: { phoneNumber: "18812345678" } });
    expect(started.body.statusCode).toBe(200);
    const code = t.outbox.messagesTo(PHONE).at(-1)!.code;
    return { factorType: "SMS", enrollmentToken: started.body.data.enrollmentToken as string, enrollmentData: { passCode: code } };
  }

  it("refuses an enrollment token used a second time with statusCode 422 and apiCode 6112", async () => {
    const enrollment = await startSms(token);
    expect((await send(t.app, "POST", ENROLL, token, enrollment)).body.statusCode).toBe(200);
    const replay = await send(t.app, "POST", ENROLL, token, enrollment);
    expect(replay.body).toMatchObject({ statusCode: 422, apiCode: 6112 });
    expect(replay.body.message).toContain("already been used");
    expect(replay.body).not.toHaveProperty("data");
  });

  it("refuses another user's enrollment token with statusCode 403 and apiCode 6113, and leaves it usable by its owner", async () => {
    const enrollment = await startSms(token);
    const bob = await t.tokenFor("bob");
    const stolen = await send(t.app, "POST", ENROLL, bob, enrollment);
    expect(stolen.body).toMatchObject({ statusCode: 403, apiCode: 6113 });
    expect(stolen.body.message).toContain("another user");
    expect((await send(t.app, "GET", LIST, bob)).body.data).toEqual([]);
    expect((await send(t.app, "POST", ENROLL, token, enrollment)).body.statusCode).toBe(200);
  });
});
