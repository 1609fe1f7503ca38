import { describe, expect, it } from "vitest";
import { createMetrics } from "../../src/server/metrics.ts";

const idleStore = { poolUsage: () => ({ total: 1, idle: 1, waiting: 0 }) };

describe("the server's request metrics", () => {
  it("count each request once however many scrapes read them, and start again from nothing after a reset", async () => {
    const { registry, observeRequest } = createMetrics(idleStore);
    observeRequest("getFactor", 200, 0.002);
    observeRequest("getFactor", 404, 0.003);
    expect(await registry.metrics()).toContain('mfa_requests_total{operation="getFactor",status_code="200"} 1');
    observeRequest("getFactor", 200, 0.002);
    expect(await registry.metrics()).toContain('mfa_requests_total{operation="getFactor",status_code="200"} 2');
    // Counted but not yet scraped when the reset comes: gone with the rest.
    observeRequest("getFactor", 404, 0.003);
    registry.resetMetrics();
    observeRequest("getFactor", 200, 0.004);
    const text = await registry.metrics();
    expect(text).toContain('mfa_requests_total{operation="getFactor",status_code="200"} 1');
    expect(text).not.toContain('status_code="404"');
    expect(text).toContain('mfa_request_duration_seconds_count{operation="getFactor"} 1');
  });
});
