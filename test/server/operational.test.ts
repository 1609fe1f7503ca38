import { describe, expect, it } from "vitest";
import { createMetrics } from "../../src/server/metrics.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import { buildTestApp, send, type TestApp } from "../support/test-app.ts";
import { DeliveryError, type MessageTransport } from "../../src/transports/transport.ts";
import { uniquePhoneNumber } from "../contract-suite/support/unique.ts";
import { useCleanups } from "../support/cleanups.ts";

const defer = useCleanups();

async function build(options: Parameters<typeof buildTestApp>[0] = {}): Promise<TestApp> {
  const t = await buildTestApp(options);
  defer(() => t.app.close());
  return t;
}

/** Metrics over a store of their own, exposed as the server exposes them. */
function metricsFor(token?: string) {
  return { metrics: createMetrics(openSqliteStore(":memory:")), exposed: true, token };
}

const get = (t: TestApp, url: string, headers: Record<string, string> = {}) => t.app.inject({ method: "GET", url, headers });

describe("health and readiness probes", () => {
  it("answers GET /healthz with HTTP 200 and no access token", async () => {
    const response = await get(await build(), "/healthz");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toStrictEqual({ status: "ok" });
  });

  it("answers GET /readyz with HTTP 200 while the store answers and its schema is current", async () => {
    const response = await get(await build(), "/readyz");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toStrictEqual({ status: "ready" });
  });

  it("answers GET /readyz with HTTP 503 once the instance drains after a stop signal", async () => {
    let draining = false;
    const t = await build({ draining: () => draining });
    expect((await get(t, "/readyz")).statusCode).toBe(200);
    draining = true;
    const response = await get(t, "/readyz");
    expect(response.statusCode).toBe(503);
    expect(response.json()).toStrictEqual({ status: "draining" });
    expect((await get(t, "/healthz")).statusCode).toBe(200); // alive, just not taking new work
  });

  it("answers GET /readyz with HTTP 503 when the store no longer answers", async () => {
    const t = await build();
    await t.mfa.store.close();
    expect((await get(t, "/readyz")).statusCode).toBe(503);
  });
});

describe("GET /metrics", () => {
  it("is not served when the server was not told to expose it", async () => {
    const t = await build({ metrics: { ...metricsFor(), exposed: false } });
    expect((await get(t, "/metrics")).statusCode).toBe(404);
  });

  it("refuses a scrape without the METRICS_TOKEN, or with another, with HTTP 401", async () => {
    const t = await build({ metrics: metricsFor("a-metrics-token-of-32-characters") });
    expect((await get(t, "/metrics")).statusCode).toBe(401);
    expect((await get(t, "/metrics", { authorization: "Bearer another-token-of-32-characters!" })).statusCode).toBe(401);
    const response = await get(t, "/metrics", { authorization: "Bearer a-metrics-token-of-32-characters" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it("counts requests by operation and statusCode, times them, and counts sends, failures, throttles and pool usage", async () => {
    const exposed = metricsFor();
    const refused = uniquePhoneNumber();
    // A gateway that refuses one number and delivers the others, metered as the server meters its transports.
    const gateway: MessageTransport = {
      name: "picky",
      deliver: async (message) => {
        if (message.to === `+86${refused}`) throw new DeliveryError("rejected", "picky", "refused for the test");
      },
    };
    const t = await build({ metrics: exposed, transports: { sms: exposed.metrics.meter("sms", gateway) } });
    const token = await t.tokenFor("metrics-user");
    const sms = (phoneNumber: string) =>
      send(t.app, "POST", "/api/v3/send-enroll-factor-request", token, { factorType: "SMS", profile: { phoneNumber } });
    const phone = uniquePhoneNumber();
    expect((await sms(phone)).body.statusCode).toBe(200);
    expect((await sms(phone)).body.statusCode).toBe(429);
    expect((await sms(refused)).body.statusCode).toBe(602);

    const text = (await get(t, "/metrics")).body;
    expect(text).toContain('mfa_requests_total{operation="sendEnrollFactorRequest",status_code="200"} 1');
    expect(text).toContain('mfa_requests_total{operation="sendEnrollFactorRequest",status_code="429"} 1');
    expect(text).toContain('mfa_requests_total{operation="sendEnrollFactorRequest",status_code="602"} 1');
    expect(text).toContain('mfa_refusals_total{operation="sendEnrollFactorRequest",reason="throttled"} 1');
    expect(text).toContain('mfa_codes_sent_total{channel="sms"} 1');
    expect(text).toContain('mfa_delivery_failures_total{channel="sms",kind="rejected"} 1');
    expect(text).toContain('mfa_request_duration_seconds_count{operation="sendEnrollFactorRequest"} 3');
    expect(text).toContain('mfa_store_connections{state="total"} 1');
    // Counts wait for a scrape to read them: the next scrape counts each request once, never again.
    expect((await sms(uniquePhoneNumber())).body.statusCode).toBe(200);
    const again = (await get(t, "/metrics")).body;
    expect(again).toContain('mfa_requests_total{operation="sendEnrollFactorRequest",status_code="200"} 2');
    expect(again).toContain('mfa_requests_total{operation="sendEnrollFactorRequest",status_code="429"} 1');
    expect(again).toContain('mfa_request_duration_seconds_count{operation="sendEnrollFactorRequest"} 4');
  });

  it("counts the store's round trips to PostgreSQL between scrapes, and has no such count on SQLite", async () => {
    let roundTrips = 5;
    const t = await build({ metrics: { metrics: createMetrics(openSqliteStore(":memory:"), () => roundTrips), exposed: true } });
    expect((await get(t, "/metrics")).body).toContain("mfa_store_round_trips_total 5");
    roundTrips = 12;
    expect((await get(t, "/metrics")).body).toContain("mfa_store_round_trips_total 12");
    expect((await get(await build({ metrics: metricsFor() }), "/metrics")).body).not.toContain("mfa_store_round_trips_total");
  });

  it("sends no CORS header to a page's Origin, on loopback without a token too, nor to its preflight", async () => {
    const t = await build({ metrics: metricsFor() });
    const origin = { origin: "https://evil.example" };
    const response = await get(t, "/metrics", origin);
    expect(response.statusCode).toBe(200);
    const preflight = await t.app.inject({
      method: "OPTIONS",
      url: "/metrics",
      headers: { ...origin, "access-control-request-method": "GET" },
    });
    for (const answer of [response, preflight, await get(t, "/healthz", origin), await get(t, "/readyz", origin)]) {
      expect(Object.keys(answer.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
    }
    // The API itself still answers other origins.
    expect((await get(t, "/api/v3/list-enrolled-factors", origin)).headers["access-control-allow-origin"]).toBe("https://evil.example");
  });

  it("refuses a tokenless scrape addressed to another site's name (DNS rebinding) with HTTP 403", async () => {
    const t = await build({ metrics: metricsFor() });
    const rebound = await get(t, "/metrics", { host: "evil.example:3000" });
    expect(rebound.statusCode).toBe(403);
    expect(rebound.body).not.toContain("process_");
    for (const host of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000"])
      expect((await get(t, "/metrics", { host })).statusCode).toBe(200);
  });

  it("counts a locked-out OTP check as a lock-out", async () => {
    const exposed = metricsFor();
    const t = await build({ metrics: exposed });
    exposed.metrics.observeRequest("mfaOtpVerify", 429, 0.001);
    expect((await get(t, "/metrics")).body).toContain('mfa_refusals_total{operation="mfaOtpVerify",reason="locked_out"} 1');
  });
});
