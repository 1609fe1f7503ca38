import { Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "../../src/server/latency-histogram.ts";

const BOUNDS = [0.001, 0.01, 0.1, 1];
const OBSERVED: Array<[string, number]> = [
  ["sendEnrollFactorRequest", 0.0004],
  ["sendEnrollFactorRequest", 0.001], // on a bound: counted in that bound's bucket, as Prometheus's le says
  ["sendEnrollFactorRequest", 0.05],
  ["listEnrolledFactors", 0.2],
  ["listEnrolledFactors", 7], // past every bound: only in +Inf
];

/** The scrape a registry writes with `register` having put a histogram in it and observed OBSERVED. */
async function scrape(register: (registry: Registry) => (label: string, value: number) => void): Promise<string> {
  const registry = new Registry();
  const observe = register(registry);
  for (const [label, value] of OBSERVED) observe(label, value);
  return registry.metrics();
}

describe("a latency histogram", () => {
  it("writes the same scrape as prom-client's own Histogram for the same observations", async () => {
    const theirs = await scrape((registry) => {
      const histogram = new Histogram({
        name: "t_seconds",
        help: "Time.",
        labelNames: ["operation"],
        buckets: BOUNDS,
        registers: [registry],
      });
      return (operation, value) => histogram.observe({ operation }, value);
    });
    const ours = await scrape((registry) => {
      const histogram = new LatencyHistogram("t_seconds", "Time.", "operation", BOUNDS);
      registry.registerMetric(histogram.asMetric());
      return (operation, value) => histogram.observe(operation, value);
    });
    expect(ours).toBe(theirs);
    expect(ours).toContain('t_seconds_bucket{le="0.001",operation="sendEnrollFactorRequest"} 2');
    expect(ours).toContain('t_seconds_bucket{le="1",operation="listEnrolledFactors"} 1');
    expect(ours).toContain('t_seconds_count{operation="listEnrolledFactors"} 2');
  });

  it("starts again from nothing when its registry resets its metrics", async () => {
    const registry = new Registry();
    const histogram = new LatencyHistogram("t_seconds", "Time.", "operation", BOUNDS);
    registry.registerMetric(histogram.asMetric());
    histogram.observe("getFactor", 0.5);
    registry.resetMetrics();
    histogram.observe("getFactor", 0.002);
    const text = await registry.metrics();
    expect(text).toContain('t_seconds_count{operation="getFactor"} 1');
    expect(text).toContain('t_seconds_bucket{le="0.01",operation="getFactor"} 1');
  });
});
