import { describe, expect, it } from "vitest";
import { buildTestApp, type TestApp, type TestAppOptions } from "../support/test-app.ts";
import { useCleanups } from "../support/cleanups.ts";

const LIST = "/api/v3/list-enrolled-factors";

const defer = useCleanups();

async function build(options: TestAppOptions): Promise<TestApp> {
  const t = await buildTestApp(options);
  defer(() => t.app.close());
  return t;
}

/** The body's statusCode of one request from `remoteAddress`, with these headers. */
async function statusFrom(t: TestApp, remoteAddress: string, headers: Record<string, string> = {}, url = LIST): Promise<number> {
  const response = await t.app.inject({ method: "GET", url, headers, remoteAddress });
  return (response.json() as { statusCode: number }).statusCode;
}

const badToken = { authorization: "Bearer not-a-token" };

describe("the failure gate: a per-client limit on failed requests without a verified user", () => {
  it("turns a client away with 429 once its failures are spent, its valid tokens unverified, and serves others meanwhile", async () => {
    const t = await build({ failuresPerClientMinute: 5 });
    const good = { authorization: await t.tokenFor("alice") };
    for (let i = 0; i < 5; i++) expect(await statusFrom(t, "203.0.113.7", badToken)).toBe(401);
    expect(await statusFrom(t, "203.0.113.7", badToken)).toBe(429);
    expect(await statusFrom(t, "203.0.113.7", good)).toBe(429);
    expect(await statusFrom(t, "203.0.113.8", good)).toBe(200);
    expect(await statusFrom(t, "203.0.113.8", badToken)).toBe(401);
    // Five a minute give one back every twelve seconds, however often the client knocked meanwhile.
    t.clock.advance(12_000);
    expect(await statusFrom(t, "203.0.113.7", good)).toBe(200);
  });

  it("says in the message how many seconds to wait", async () => {
    const t = await build({ failuresPerClientMinute: 1 });
    await statusFrom(t, "203.0.113.7", badToken);
    const response = await t.app.inject({ method: "GET", url: LIST, headers: badToken, remoteAddress: "203.0.113.7" });
    expect(response.json()).toMatchObject({ statusCode: 429, message: "Too many failed requests from this address; retry in 60 seconds" });
  });

  it("counts requests with no token, unknown paths and malformed URLs, and not an authenticated user's failures", async () => {
    const t = await build({ failuresPerClientMinute: 3 });
    const good = { authorization: await t.tokenFor("alice") };
    for (let i = 0; i < 10; i++)
      expect(await statusFrom(t, "203.0.113.7", good, "/api/v3/get-factor?factorId=0123456789abcdef01234567")).toBe(404);
    expect(await statusFrom(t, "203.0.113.7", good)).toBe(200);
    expect(await statusFrom(t, "203.0.113.7")).toBe(401);
    expect(await statusFrom(t, "203.0.113.7", {}, "/api/v3/no-such-operation")).toBe(404);
    expect(await statusFrom(t, "203.0.113.7", {}, "/api/v3/get-factor%ff")).toBe(400);
    expect(await statusFrom(t, "203.0.113.7", good)).toBe(429);
  });

  it("never refuses the probes, which an orchestrator polls from one address", async () => {
    const t = await build({ failuresPerClientMinute: 1 });
    await statusFrom(t, "203.0.113.7", badToken);
    const health = await t.app.inject({ method: "GET", url: "/healthz", remoteAddress: "203.0.113.7" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: "ok" });
  });

  it("counts every address of an IPv6 /64 as one client, and an IPv4-mapped address as its IPv4 address", async () => {
    const t = await build({ failuresPerClientMinute: 2 });
    await statusFrom(t, "2001:db8:1:2::1", badToken);
    await statusFrom(t, "2001:db8:1:2::ffff", badToken);
    expect(await statusFrom(t, "2001:db8:1:2:abcd::7", badToken)).toBe(429);
    expect(await statusFrom(t, "2001:db8:1:3::1", badToken)).toBe(401);
    await statusFrom(t, "::ffff:203.0.113.7", badToken);
    await statusFrom(t, "203.0.113.7", badToken);
    expect(await statusFrom(t, "::ffff:203.0.113.7", badToken)).toBe(429);
  });

  it("counts clients behind a trusted proxy by X-Forwarded-For, and ignores that header from any other peer", async () => {
    const t = await build({ failuresPerClientMinute: 2, trustProxy: ["10.0.0.0/8"] });
    const via = (client: string) => ({ ...badToken, "x-forwarded-for": client });
    await statusFrom(t, "10.1.2.3", via("198.51.100.1"));
    await statusFrom(t, "10.1.2.3", via("198.51.100.1"));
    expect(await statusFrom(t, "10.1.2.3", via("198.51.100.1"))).toBe(429);
    expect(await statusFrom(t, "10.1.2.3", via("198.51.100.2"))).toBe(401);
    // A client that is not the proxy names whom it likes, and is counted as itself all the same.
    await statusFrom(t, "203.0.113.7", via("198.51.100.3"));
    await statusFrom(t, "203.0.113.7", via("198.51.100.4"));
    expect(await statusFrom(t, "203.0.113.7", via("198.51.100.5"))).toBe(429);
  });

  it("is off at 0", async () => {
    const t = await build({ failuresPerClientMinute: 0 });
    for (let i = 0; i < 50; i++) expect(await statusFrom(t, "203.0.113.7", badToken)).toBe(401);
  });
});
