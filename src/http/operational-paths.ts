/**
 * Paths for orchestrators and monitoring, outside GenAuth's contract: they answer plain JSON or
 * Prometheus text with real HTTP statuses (503 means "not ready"), because that is what probes read.
 */
export const OPERATIONAL_PATHS = { health: "/healthz", ready: "/readyz", metrics: "/metrics" } as const;

/** The liveness answer: the process is up and its event loop turns. */
export const HEALTHY = { status: "ok" } as const;
