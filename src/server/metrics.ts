import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import type { MfaStore } from "../store/store.ts";
import { DeliveryError, type MessageTransport } from "../transports/transport.ts";
import { LatencyHistogram } from "./latency-histogram.ts";

/** The server's Prometheus metrics, in a registry of its own (so two apps in one process never share counts). */
export interface ServerMetrics {
  registry: Registry;
  /** Counts one answered request by operationId and the body's statusCode, and times it. */
  observeRequest(operation: string, statusCode: number, seconds: number): void;
  /** Wraps a transport so that its sends and failures are counted by channel. */
  meter(channel: "sms" | "email", transport: MessageTransport): MessageTransport;
}

// 429 means a throttled send on sendEnrollFactorRequest, and a lock-out on the OTP checks.
const REFUSAL: Record<string, string> = { sendEnrollFactorRequest: "throttled", mfaOtpVerify: "locked_out", mfaOtpRecover: "locked_out" };

/**
 * Creates the metrics, reading the store's pool on every scrape, and `roundTrips` (round trips made
 * to the database so far; none for SQLite, which runs in process) when given.
 */
export function createMetrics(store: Pick<MfaStore, "poolUsage">, roundTrips?: () => number): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Registered in the order a scrape lists them: requests, deliveries, then the store.
  const observeRequest = requestMetrics(registry);
  const meter = deliveryMetrics(registry);
  storeMetrics(registry, store, roundTrips);
  return { registry, observeRequest, meter };
}

/**
 * Answered requests, their latency and their 429s, counted by `observeRequest`. Every request is
 * counted and timed, so both are kept where a request costs a lookup or two: the counts by
 * operation and statusCode wait in maps (a few hundred entries at most) until a scrape hands them to
 * prom-client, and the latencies go into a LatencyHistogram.
 */
function requestMetrics(registry: Registry): ServerMetrics["observeRequest"] {
  const unscraped = new Map<string, Map<number, number>>();
  const requests = new Counter({
    name: "mfa_requests_total",
    help: "Answered requests by operationId and the body's statusCode (GenAuth answers HTTP 200 even on failure).",
    labelNames: ["operation", "status_code"],
    registers: [registry],
    collect() {
      for (const [operation, byStatus] of unscraped) {
        for (const [statusCode, n] of byStatus) this.inc({ operation, status_code: String(statusCode) }, n);
      }
      unscraped.clear();
    },
  });
  // A reset of the registry drops the counts not yet handed over too, as prom-client's own would.
  const resetCounter = requests.reset.bind(requests);
  requests.reset = () => {
    unscraped.clear();
    resetCounter();
  };
  const latency = new LatencyHistogram(
    "mfa_request_duration_seconds",
    "Time from request to answer, by operationId.",
    "operation",
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  registry.registerMetric(latency.asMetric());
  const refusals = new Counter({
    name: "mfa_refusals_total",
    help: "Requests refused with statusCode 429: throttled code sends and locked-out OTP checks.",
    labelNames: ["operation", "reason"],
    registers: [registry],
  });
  return (operation, statusCode, seconds) => {
    const byStatus = unscraped.get(operation) ?? new Map<number, number>();
    unscraped.set(operation, byStatus.set(statusCode, (byStatus.get(statusCode) ?? 0) + 1));
    latency.observe(operation, seconds);
    const reason = statusCode === 429 ? REFUSAL[operation] : undefined;
    if (reason) refusals.inc({ operation, reason });
  };
}

/** Codes sent and not sent by channel, counted by the transports `meter` wraps. */
function deliveryMetrics(registry: Registry): ServerMetrics["meter"] {
  const sent = new Counter({
    name: "mfa_codes_sent_total",
    help: "Codes a gateway accepted, by channel.",
    labelNames: ["channel"],
    registers: [registry],
  });
  const failed = new Counter({
    name: "mfa_delivery_failures_total",
    help: "Codes a gateway did not take, by channel and kind (unreachable: 601, rejected: 602).",
    labelNames: ["channel", "kind"],
    registers: [registry],
  });
  return (channel, transport) => ({
    name: transport.name,
    async deliver(message) {
      try {
        await transport.deliver(message);
        sent.inc({ channel });
      } catch (error) {
        failed.inc({ channel, kind: error instanceof DeliveryError ? error.kind : "unreachable" });
        throw error;
      }
    },
  });
}

/** The store's connections, and its round trips when `roundTrips` counts them, read on every scrape. */
function storeMetrics(registry: Registry, store: Pick<MfaStore, "poolUsage">, roundTrips?: () => number): void {
  new Gauge({
    name: "mfa_store_connections",
    help: "The store's database connections by state (total, idle, and requests waiting for one).",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const usage = store.poolUsage();
      this.set({ state: "total" }, usage.total);
      this.set({ state: "idle" }, usage.idle);
      this.set({ state: "waiting" }, usage.waiting);
    },
  });
  if (!roundTrips) return;
  let counted = 0;
  new Counter({
    name: "mfa_store_round_trips_total",
    help:
      "Round trips the store made to PostgreSQL: one per statement, a transaction's BEGIN aside " +
      "(it travels with the statement after it).",
    registers: [registry],
    collect() {
      const now = roundTrips();
      this.inc(now - counted);
      counted = now;
    },
  });
}
