import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../../../src/server/app.ts";
import { hostnameOf } from "../../../src/server/loopback.ts";
import { startSms } from "../../support/enroll.ts";
import { buildTestApp, type TestApp } from "../../support/test-app.ts";

let t: TestApp;
afterEach(async () => {
  await t.app.close();
});

const outbox = (headers: Record<string, string>, method: "GET" | "OPTIONS" = "GET") =>
  t.app.inject({ method, url: "/dev/outbox?to=%2B8618812345678", headers });

describe("the development outbox against other sites", () => {
  it("sends no CORS headers, so a page on another origin (or a null one) cannot read codes", async () => {
    t = await buildTestApp();
    for (const origin of ["https://evil.example", "null"]) {
      const answer = await outbox({ host: "127.0.0.1:3000", origin });
      expect(answer.json().statusCode).toBe(200);
      expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
      const preflight = await outbox({ host: "127.0.0.1:3000", origin, "access-control-request-method": "GET" }, "OPTIONS");
      expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    }
    // The API itself still answers browsers on any origin.
    const api = await t.app.inject({ method: "GET", url: "/api/v3/list-factors-to-enroll", headers: { origin: "https://app.example" } });
    expect(api.headers["access-control-allow-origin"]).toBe("https://app.example");
  });

  it("refuses a request whose Host is not loopback with 403, as DNS rebinding would send it", async () => {
    t = await buildTestApp();
    await startSms(t, await t.tokenFor("alice"), "18812345678");
    for (const host of ["rebind.evil.example", "rebind.evil.example:3000", "10.0.0.5:3000", "127.0.0.1.evil.example"]) {
      const body = (await outbox({ host })).json();
      expect(body, host).toMatchObject({ statusCode: 403, message: expect.stringContaining("loopback") });
      expect(JSON.stringify(body)).not.toMatch(/"code"/);
    }
    for (const host of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000", "LOCALHOST"]) {
      expect((await outbox({ host })).json().data, host).toHaveLength(1);
    }
  });

  it("answers any Host with the development opt-in (DEV_ON_NETWORK=true on a container's HOST)", async () => {
    t = await buildTestApp();
    const open = buildApp({
      mfa: t.mfa,
      verifyToken: async () => ({ id: "x", session: "x", label: "x" }),
      outbox: t.outbox,
      devOnNetwork: true,
    });
    try {
      const answer = await open.inject({ method: "GET", url: "/dev/outbox?to=%2B8618812345678", headers: { host: "mfa-dev:3000" } });
      expect(answer.json().statusCode).toBe(200);
    } finally {
      await open.close();
    }
  });

  it("reads the host name out of a Host header", () => {
    expect(hostnameOf("127.0.0.1:3000")).toBe("127.0.0.1");
    expect(hostnameOf("[::1]:3000")).toBe("::1");
    expect(hostnameOf("Localhost")).toBe("localhost");
  });
});

describe("the access log", () => {
  it("leaves query strings out, so /dev/outbox?to= never writes a phone number or address to the log", async () => {
    let logs = "";
    const stream = new Writable({
      write: (chunk, _encoding, done) => {
        logs += chunk.toString();
        done();
      },
    });
    t = await buildTestApp({ logger: { level: "info", stream } });
    await outbox({ host: "127.0.0.1" });
    await t.app.inject({ method: "GET", url: "/dev/outbox?to=alice%40example.com", headers: { host: "127.0.0.1" } });
    expect(logs).toContain('"url":"/dev/outbox?…"');
    expect(logs).not.toContain("8618812345678");
    expect(logs).not.toContain("alice");
  });
});
