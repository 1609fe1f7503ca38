import type { FastifyInstance } from "fastify";
import { accessTokenFrom } from "../../contract/access-token.ts";
import { digestsEqual } from "../../domain/digests.ts";
import { nodePorts } from "../../domain/node-ports.ts";
import { HEALTHY, OPERATIONAL_PATHS } from "../../http/operational-paths.ts";
import type { MfaStore } from "../../store/store.ts";
import { hostnameOf, isLoopback } from "../loopback.ts";
import type { ServerMetrics } from "../metrics.ts";

/** What the probes and the scrape need from the running server. */
export interface OperationalDeps {
  store: Pick<MfaStore, "ready">;
  /** True once a stop signal arrived: the instance finishes what it has and takes nothing new. */
  draining: () => boolean;
  /** The metrics, and the token a scrape must bring (none: served without one, on loopback only). */
  metrics?: { metrics: ServerMetrics; token?: string };
}

/**
 * GET /healthz (alive), GET /readyz (store reachable and migrated, and not draining) and GET
 * /metrics (Prometheus text). These are for orchestrators, not GenAuth's clients: real HTTP
 * statuses, no envelope, no access token.
 */
export function registerOperational(app: FastifyInstance, deps: OperationalDeps): void {
  app.get(OPERATIONAL_PATHS.health, async () => HEALTHY);
  app.get(OPERATIONAL_PATHS.ready, async (request, reply) => {
    if (deps.draining()) return reply.code(503).send({ status: "draining" });
    try {
      await deps.store.ready();
      return { status: "ready" };
    } catch (error) {
      request.log.warn({ err: error }, "not ready: the store does not answer or its schema is not current");
      return reply.code(503).send({ status: "store unavailable" });
    }
  });
  const scrape = deps.metrics;
  if (!scrape) return;
  const expected = scrape.token === undefined ? undefined : nodePorts.sha256(scrape.token);
  app.get(OPERATIONAL_PATHS.metrics, async (request, reply) => {
    if (expected === undefined) {
      // Served without a token on loopback only, and only to requests addressed to loopback: a page
      // elsewhere can reach this machine through DNS rebinding (its own name, resolved to
      // 127.0.0.1), and then its Host header names that site. No CORS header is sent either way.
      if (!isLoopback(hostnameOf(request.headers.host ?? ""))) {
        return reply.code(403).send({ status: "without METRICS_TOKEN, /metrics answers only requests addressed to a loopback host" });
      }
    } else {
      const given = accessTokenFrom(request.headers.authorization);
      // Compared as digests, in constant time, so the token cannot be guessed byte by byte.
      if (!given || !digestsEqual(nodePorts, nodePorts.sha256(given), expected)) {
        return reply.code(401).header("WWW-Authenticate", 'Bearer realm="metrics"').send({ status: "a valid METRICS_TOKEN is required" });
      }
    }
    return reply.type(scrape.metrics.registry.contentType).send(await scrape.metrics.registry.metrics());
  });
}
