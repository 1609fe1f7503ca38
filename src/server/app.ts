import { randomUUID } from "node:crypto";
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from "fastify";
import { API_CODES } from "../../generated/api-codes.ts";
import { accessTokenFrom } from "../contract/access-token.ts";
import { errorEnvelope, GenAuthError } from "../contract/envelope.ts";
import type { Operation } from "../contract/operations.ts";
import type { MfaContext, User } from "../domain/mfa-context.ts";
import { BODY_LIMIT_BYTES } from "../http/read-body.ts";
import { createLimitedServer, DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from "../http/connection-limits.ts";
import { DEFAULT_FAILURES_PER_CLIENT_MINUTE } from "../http/failure-budget.ts";
import { corsHeaders, preflightHeaders } from "../http/cors.ts";
import { JSON_MEDIA_TYPE } from "../http/media-type.ts";
import { OPERATIONAL_PATHS } from "../http/operational-paths.ts";
import { languageOf, msg, render } from "../messages/catalogue.ts";
import { parseJsonBody } from "../http/parse-json.ts";
import type { OutboxTransport } from "../transports/outbox.ts";
import type { TokenVerifier } from "./access-tokens.ts";
import { errorHandler } from "./error-handler.ts";
import { failureGate, type FailureGate } from "./failure-gate.ts";
import type { ServerMetrics } from "./metrics.ts";
import { registerOperational } from "./routes/operational.ts";
import { handlers as defaultHandlers, type Handler } from "./routes/handlers.ts";
import { registerOperations } from "./operation-routes.ts";
import { registerDevOutbox } from "./routes/dev-outbox.ts";

/** What the application is built from. Nothing here listens or reads the environment. */
export interface AppDeps {
  mfa: MfaContext;
  verifyToken: TokenVerifier;
  /** The development outbox, when it is the active transport: it adds GET /dev/outbox. */
  outbox?: OutboxTransport;
  /** DEV_ON_NETWORK: the outbox also answers requests addressed to a non-loopback host. */
  devOnNetwork?: boolean;
  logger?: FastifyServerOptions["logger"];
  /** Handlers by operationId; an operation without one answers 501, loudly. */
  handlers?: Record<string, Handler>;
  /** True once the instance drains after a stop signal: GET /readyz then answers 503. */
  draining?: () => boolean;
  /** Metrics to count into; `exposed` adds GET /metrics, behind `token` when there is one. */
  metrics?: { metrics: ServerMetrics; exposed: boolean; token?: string };
  /** Connection limits, so that slow or numerous clients cannot hold the server. */
  limits?: ConnectionLimits;
  /**
   * Failed requests without a verified user (no token, a bad one, an unknown path) each client may
   * make a minute before it gets 429 unheard (FAILURE_LIMIT_CLIENT_MINUTE); 0 turns the limit off.
   */
  failuresPerClientMinute?: number;
  /** Proxies whose X-Forwarded-For names the client (TRUST_PROXY): addresses, CIDR ranges, or loopback, linklocal, uniquelocal. */
  trustProxy?: string[];
}

declare module "fastify" {
  interface FastifyRequest {
    user?: User;
    /** The statusCode in a failure's body, noted by the error and not-found handlers (a success's is 200). */
    answeredStatusCode?: number;
    /**
     * The contract's operation this request was routed to, noted once as it arrives: Fastify builds
     * a new routeOptions object on every read of it.
     */
    operation?: Operation;
  }
  interface FastifyContextConfig {
    operation?: Operation;
  }
}

const isDevRoute = (url: string) => url.startsWith("/dev/");
const OPERATIONAL = new Set<string>(Object.values(OPERATIONAL_PATHS));
/** A URL's path, without its query string. */
const withoutQueryString = (url: string) => {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
};
/**
 * Whether a request is the API's (an operation, or a path the API does not serve), not the
 * outbox's, a probe's or /metrics'. One routed to an operation is, without its URL being looked at.
 */
const isApiRequest = (request: FastifyRequest) =>
  request.operation !== undefined || (!isDevRoute(request.url) && !OPERATIONAL.has(withoutQueryString(request.url)));
/**
 * Whether a page of another origin may read this request's answer: the API's, yes. The development
 * routes must not show a page the codes, and the probes and /metrics (load, failure counts, the
 * Node version) are for orchestrators and scrapers, which send no Origin.
 */
const answersOtherOrigins = isApiRequest;
/**
 * Whether a request counts against its client's failure budget: the API's, where a failure costs a
 * token's verification or names a path that is not there. Preflights, probes and the outbox are cheap.
 */
const isBudgeted = (request: FastifyRequest) => request.method !== "OPTIONS" && isApiRequest(request);
/** A URL as logged: the path, and `?…` in place of any query. */
const withoutQuery = (url: string) => (url.includes("?") ? `${withoutQueryString(url)}?…` : url);

/** What every answer carries, whichever way it leaves: no caching, its request id, and CORS where the path allows it. */
function frame(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header("cache-control", "no-store").header("x-request-id", request.id);
  if (answersOtherOrigins(request)) void reply.headers(corsHeaders(request.headers));
}

/** What every answer leaves once it is sent: its count (for an operation), its client's failure if it was one, and its access-log line. */
function recorder(metrics: ServerMetrics | undefined, failures: FailureGate | undefined) {
  return (request: FastifyRequest, reply: FastifyReply) => {
    const operation = request.operation;
    // An operation's failures all leave through the error handler, which notes their statusCode.
    if (metrics && operation) metrics.observeRequest(operation.operationId, request.answeredStatusCode ?? 200, reply.elapsedTime / 1000);
    failures?.settle(request, reply);
    // Query strings are left out: /dev/outbox?to= carries a full phone number or address.
    request.log.info({ method: request.method, url: withoutQuery(request.url), ms: Math.round(reply.elapsedTime) }, "answered");
  };
}

/** Fastify, set up as the reference server needs it; `frameworkErrors` answers what never reaches a route. */
function createFastify(deps: AppDeps, limits: ConnectionLimits, frameworkErrors: FastifyServerOptions["frameworkErrors"]): FastifyInstance {
  return Fastify({
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    onProtoPoisoning: "error",
    onConstructorPoisoning: "error",
    // One concise line per answered request (onResponse below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // On close, idle keep-alive sockets go at once; requests in flight are answered first.
    forceCloseConnections: "idle",
    serverFactory: (handler) => createLimitedServer(handler, limits),
    requestTimeout: limits.requestMs,
    keepAliveTimeout: limits.keepAliveMs,
    return503OnClosing: false,
    // The contract declares GET and POST only; a HEAD it does not declare gets the 404 envelope like any other method.
    exposeHeadRoutes: false,
    // request.ip is then the client X-Forwarded-For names, as far as these proxies vouch for it.
    trustProxy: deps.trustProxy?.length ? deps.trustProxy : false,
    frameworkErrors,
  });
}

/**
 * Only JSON is accepted (text/plain would reach validation as a string), and it is parsed by the
 * same function as in the mock, so both name a bad body the same way.
 */
function acceptJsonOnly(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_MEDIA_TYPE, { parseAs: "string" }, (_request, text, done) => {
    try {
      done(null, text === "" ? undefined : parseJsonBody(text as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** A path or method the contract does not declare: the 404 envelope. */
function answerNotServed(request: FastifyRequest, reply: FastifyReply): void {
  const message = msg("notServed", { method: request.method, path: withoutQueryString(request.url) });
  request.answeredStatusCode = 404;
  void reply.code(404).send(errorEnvelope(404, render(message, languageOf(request.headers)), request.id));
}

/** Builds the reference server from its dependencies. It never listens: the entry point does. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const handleError = errorHandler(deps.mfa.store.committed);
  const failures = failureGate(deps.failuresPerClientMinute ?? DEFAULT_FAILURES_PER_CLIENT_MINUTE, deps.mfa.now, isBudgeted);
  const record = recorder(deps.metrics?.metrics, failures);
  // A URL the router cannot decode (GET /api/v3/get-factor%ff) never reaches a route or its hooks,
  // and Fastify's own answer echoed the path in a body of its own. It is framed, answered by the
  // one error handler and logged here instead, like any other failure. (Fastify builds this request
  // without trustProxy: behind a proxy it counts against the proxy's address, which no proxied
  // request is checked against, so malformed URLs, cheap to answer, go unlimited there.)
  const app = createFastify(deps, deps.limits ?? DEFAULT_CONNECTION_LIMITS, (error, request, reply) => {
    frame(request, reply);
    reply.raw.once("finish", () => record(request, reply));
    void handleError(error, request, reply);
  });
  acceptJsonOnly(app);
  // Declared, so that every request has these fields from the start rather than gaining them in a hook.
  app.decorateRequest("operation", undefined);
  app.decorateRequest("user", undefined);
  app.decorateRequest("answeredStatusCode", undefined);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(answerNotServed);

  app.addHook("onRequest", async (request, reply) => {
    request.operation = request.routeOptions.config.operation;
    frame(request, reply);
    failures?.admit(request);
    if (!request.operation) return;
    const token = accessTokenFrom(request.headers.authorization);
    if (!token) throw new GenAuthError(401, msg("noAccessToken"), API_CODES.notLoggedIn);
    request.user = await deps.verifyToken(token);
  });
  app.addHook("onResponse", (request, reply, done) => {
    record(request, reply);
    done();
  });
  app.options("*", async (request, reply) => {
    if (!answersOtherOrigins(request)) return reply.code(204).send();
    return reply.code(204).headers(preflightHeaders(request.headers)).send();
  });

  registerOperations(app, deps.mfa, deps.handlers ?? defaultHandlers);
  if (deps.outbox) registerDevOutbox(app, deps.outbox, { onNetwork: deps.devOnNetwork });
  registerOperational(app, {
    store: deps.mfa.store,
    draining: deps.draining ?? (() => false),
    metrics: deps.metrics?.exposed ? { metrics: deps.metrics.metrics, token: deps.metrics.token } : undefined,
  });
  return app;
}
