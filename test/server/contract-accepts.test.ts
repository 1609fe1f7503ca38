import { afterEach, describe, expect, it } from "vitest";
import { PATHS, startSms } from "../support/enroll.ts";
import { buildTestApp, send, type TestApp } from "../support/test-app.ts";

// The reference server accepts what GenAuth's own clients send: codes of the length it is set to,
// placeholder tokens (answered as unknown, not as malformed), and fields GenAuth does not document
// (served, and named in X-Contract-Warning).

let t: TestApp;
afterEach(async () => {
  await t.app.close();
});

/** The latest code the development outbox holds for a number, read as a client would read it. */
async function outboxCode(e164: string): Promise<string> {
  const answer = await t.app.inject({
    method: "GET",
    url: `/dev/outbox?to=${encodeURIComponent(e164)}`,
    headers: { host: "127.0.0.1:3000" },
  });
  return answer.json().data.at(-1).code as string;
}

describe("the reference server's code length", () => {
  it("binds a phone number end to end with a 4-digit code when VERIFY_CODE_LENGTH is 4", async () => {
    t = await buildTestApp({ codeLength: 4 });
    const token = await t.tokenFor("alice");
    const started = await send(t.app, "POST", PATHS.sendEnrollFactorRequest, token, {
      factorType: "SMS",
      profile: { phoneNumber: "18812345678" },
    });
    expect(started.body.statusCode, started.body.message).toBe(200);
    const code = await outboxCode("+8618812345678");
    expect(code).toMatch(/^[0-9]{4}$/);
    const { body } = await send(t.app, "POST", PATHS.enrollFactor, token, {
      factorType: "SMS",
      enrollmentToken: started.body.data.enrollmentToken,
      enrollmentData: { passCode: code },
    });
    expect(body.statusCode, body.message).toBe(200);
    expect((await send(t.app, "GET", PATHS.listEnrolledFactors, token)).body.data).toMatchObject([{ factorType: "SMS" }]);
  });

  it("sends 8-digit email codes when set to 8, and 6-digit ones by default", async () => {
    t = await buildTestApp({ codeLength: 8 });
    await send(t.app, "POST", PATHS.sendEnrollFactorRequest, await t.tokenFor("bob"), {
      factorType: "EMAIL",
      profile: { email: "bob@example.com" },
    });
    expect(await outboxCode("bob@example.com")).toMatch(/^[0-9]{8}$/);
    await t.app.close();
    t = await buildTestApp();
    await startSms(t, await t.tokenFor("carol"), "18812345679");
    expect(await outboxCode("+8618812345679")).toMatch(/^[0-9]{6}$/);
  });

  it.each(["12345", "123", "12ab", "1234567890"])(
    "answers a code %s of another length or kind on a 4-digit server as a wrong code, counted",
    async (passCode) => {
      t = await buildTestApp({ codeLength: 4 });
      const token = await t.tokenFor("alice");
      const { enrollmentToken } = await startSms(t, token, "18812345678");
      const { body } = await send(t.app, "POST", PATHS.enrollFactor, token, {
        factorType: "SMS",
        enrollmentToken,
        enrollmentData: { passCode },
      });
      expect(body).toMatchObject({ statusCode: 400, apiCode: 6101, message: expect.stringContaining("4 attempts left") });
    },
  );
});

describe("what GenAuth's clients send that our targets did not expect", () => {
  it.each([
    "xxx",
    "not a token!",
    "TQoCISidM0kBji0dxRi3afSDtkvvMiUphenIgLF87y+JOw4T8fDWOsHHXIcvZ2EVESXhTrfGyh1iGf52Cg9e9byeFQvm1VZ0QWrw" +
      "mzwpntFAVtf1IP9LqVhmzXhBMFvLOcU/z1Eh/n0CrwX0uHNpJoMW9lp9AqHd9HvauaGKX+Y=",
  ])("answers an enrollment token it never issued, %s, with statusCode 422 and apiCode 6110", async (enrollmentToken) => {
    t = await buildTestApp();
    const { body } = await send(t.app, "POST", PATHS.enrollFactor, await t.tokenFor("alice"), {
      factorType: "EMAIL",
      enrollmentToken,
      enrollmentData: { passCode: "123" },
    });
    expect(body).toMatchObject({ statusCode: 422, apiCode: 6110 });
  });

  it("serves a request with an undocumented field, names it in X-Contract-Warning, which browsers see, and logs one warning", async () => {
    const lines: string[] = [];
    t = await buildTestApp({ logger: { level: "info", stream: { write: (line: string) => void lines.push(line) } } });
    const response = await t.app.inject({
      method: "POST",
      url: PATHS.sendEnrollFactorRequest,
      headers: {
        authorization: await t.tokenFor("alice"),
        "content-type": "application/json",
        origin: "https://app.example",
        "x-authing-app-id": "not an id",
      },
      payload: JSON.stringify({ factorType: "OTP", profile: { phonenumber: "18812345678" } }),
    });
    expect(response.json().statusCode).toBe(200);
    expect(response.headers["x-contract-warning"]).toBe("off-format=x-authing-app-id, undocumented-field=profile.phonenumber");
    expect(response.headers["access-control-expose-headers"]).toContain("X-Contract-Warning");
    const warnings = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ contractWarning: "off-format=x-authing-app-id, undocumented-field=profile.phonenumber" });
  });

  it("survives a key holding CR, LF or characters outside Latin-1: the header and the log line carry it percent-encoded", async () => {
    const lines: string[] = [];
    t = await buildTestApp({ logger: { level: "info", stream: { write: (line: string) => void lines.push(line) } } });
    const key = "x\r\nSet-Cookie: a=1\u2028张三😀";
    const response = await t.app.inject({
      method: "POST",
      url: PATHS.mfaOtpVerify,
      headers: { authorization: await t.tokenFor("alice"), "content-type": "application/json" },
      payload: JSON.stringify({ totp: "012345", [key]: 1 }),
    });
    // No OTP is bound, so the answer is 404; what matters is that it is an answer, with the header.
    expect(response.json().statusCode).toBe(404);
    expect(response.headers["set-cookie"]).toBeUndefined();
    const expected = "undocumented-field=x%0D%0ASet-Cookie%3A%20a%3D1%E2%80%A8%E5%BC%A0%E4%B8%89%F0%9F%98%80";
    expect(response.headers["x-contract-warning"]).toBe(expected);
    const warning = lines.find((l) => l.includes("contract warnings"))!;
    expect(warning).not.toMatch(/[\r\u2028]|张/);
    expect(JSON.parse(warning).contractWarning).toBe(expected);
  });

  it("still refuses a malformed email address with statusCode 400 naming profile.email, by its own rule, not the schema", async () => {
    t = await buildTestApp();
    const { body } = await send(t.app, "POST", PATHS.sendEnrollFactorRequest, await t.tokenFor("alice"), {
      factorType: "EMAIL",
      profile: { email: "not-an-address" },
    });
    expect(body).toMatchObject({ statusCode: 400, message: "profile.email must be a valid email" });
  });
});
