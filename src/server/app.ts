import { randomUUID } from "node:crypto";
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from "fastify";
import { accessTokenFrom } from "../contract/access-token.ts";
import { checkOurRules, checkRequest } from "../contract/check-request.ts";
import { CONTRACT_WARNING_HEADER, contractWarnings, warningHeaderValue } from "../contract/contract-warnings.ts";
import { errorEnvelope, GenAuthError, NOT_LOGGED_IN, successEnvelope } from "../contract/envelope.ts";
import { operations, type Operation } from "../contract/operations.ts";
import type { MfaContext, User } from "../domain/mfa-context.ts";
import { BODY_LIMIT_BYTES } from "../http/read-body.ts";
import { createLimitedServer, DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from "../http/connection-limits.ts";
import { corsHeaders, preflightHeaders } from "../http/cors.ts";
import { JSON_MEDIA_TYPE } from "../http/media-type.ts";
import { languageOf, msg, render } from "../messages/catalogue.ts";
import { parseJsonBody } from "../http/parse-json.ts";
import type { OutboxTransport } from "../transports/outbox.ts";
import type { TokenVerifier } from "./access-tokens.ts";
import { errorHandler } from "./error-handler.ts";
import type { ServerMetrics } from "./metrics.ts";
import { registerOperational } from "./routes/operational.ts";
import { handlers as defaultHandlers, type Handler } from "./routes/handlers.ts";
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
}

declare module "fastify" {
  interface FastifyRequest {
    user?: User;
    /** The statusCode in the answer's body, for the metrics. */
    answeredStatusCode?: number;
  }
  interface FastifyContextConfig {
    operation?: Operation;
  }
}

const isDevRoute = (url: string) => url.startsWith("/dev/");
/** A URL as logged: the path, and `?…` in place of any query. */
const withoutQuery = (url: string) => (url.includes("?") ? `${url.slice(0, url.indexOf("?"))}?…` : url);

const notImplemented: Handler = () => {
  throw new GenAuthError(501, msg("notImplemented"));
};

/** Builds the reference server from its dependencies. It never listens: the entry point does. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const limits = deps.limits ?? DEFAULT_CONNECTION_LIMITS;
  const app = Fastify({
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
  });
  // Only JSON is accepted (text/plain would reach validation as a string), and it is parsed by the
  // same function as in the mock, so both name a bad body the same way.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_MEDIA_TYPE, { parseAs: "string" }, (_request, text, done) => {
    try {
      done(null, text === "" ? undefined : parseJsonBody(text as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.setErrorHandler(errorHandler(deps.mfa.store.committed));
  app.setNotFoundHandler((request, reply) => {
    const message = msg("notServed", { method: request.method, path: request.url.split("?")[0]! });
    void reply.code(404).send(errorEnvelope(404, render(message, languageOf(request.headers)), request.id));
  });

  app.addHook("onRequest", async (request, reply) => {
    // The development routes never answer another origin: a page elsewhere must not read codes.
    const cors = isDevRoute(request.url) ? {} : corsHeaders(request.headers);
    void reply.headers({ "Cache-Control": "no-store", "X-Request-Id": request.id, ...cors });
    if (!request.routeOptions.config.operation) return;
    const token = accessTokenFrom(request.headers.authorization);
    if (!token) throw new GenAuthError(401, msg("noAccessToken"), NOT_LOGGED_IN);
    request.user = await deps.verifyToken(token);
  });
  const metrics = deps.metrics?.metrics;
  if (metrics) {
    // GenAuth's status is in the body, which every answer of an operation starts with.
    app.addHook("onSend", async (request, _reply, payload) => {
      if (request.routeOptions.config.operation && typeof payload === "string") {
        request.answeredStatusCode = Number(/^\{"statusCode":(\d+)/.exec(payload)?.[1] ?? 0);
      }
      return payload;
    });
  }
  app.addHook("onResponse", async (request, reply) => {
    const operation = request.routeOptions.config.operation;
    if (metrics && operation) metrics.observeRequest(operation.operationId, request.answeredStatusCode ?? 0, reply.elapsedTime / 1000);
    // Query strings are left out: /dev/outbox?to= carries a full phone number or address.
    request.log.info({ method: request.method, url: withoutQuery(request.url), ms: Math.round(reply.elapsedTime) }, "answered");
  });
  app.options("*", async (request, reply) => {
    if (isDevRoute(request.url)) return reply.code(204).send();
    return reply.code(204).headers(preflightHeaders(request.headers)).send();
  });

  for (const operation of operations) {
    const handler = (deps.handlers ?? defaultHandlers)[operation.operationId] ?? notImplemented;
    if (handler === notImplemented) app.log.warn(`${operation.operationId} is declared in openapi.yaml but not implemented`);
    app.route({
      method: operation.method,
      url: operation.path,
      config: { operation },
      preValidation: async (request, reply) => {
        const parts = { query: request.query as Record<string, unknown>, headers: request.headers, body: request.body };
        const invalid = checkRequest(operation, parts) ?? checkOurRules(operation, request.body);
        if (invalid) throw new GenAuthError(400, invalid.message, invalid.apiCode);
        // What GenAuth accepts and we did not expect is served, and said: in a header and one log line.
        const warning = warningHeaderValue(contractWarnings(operation, parts));
        if (warning) {
          void reply.header(CONTRACT_WARNING_HEADER, warning);
          request.log.warn({ contractWarning: warning }, "served with contract warnings");
        }
      },
      handler: async (request) => {
        const language = languageOf(request.headers);
        const data = await handler(deps.mfa, request.user!, { body: request.body, query: request.query as Record<string, string>, language });
        await deps.mfa.store.committed(); // nothing is acknowledged before it is on disk
        return successEnvelope(render(msg("success"), language), request.id, data);
      },
    });
  }
  if (deps.outbox) registerDevOutbox(app, deps.outbox, { onNetwork: deps.devOnNetwork });
  registerOperational(app, {
    store: deps.mfa.store,
    draining: deps.draining ?? (() => false),
    metrics: deps.metrics?.exposed ? { metrics: deps.metrics.metrics, token: deps.metrics.token } : undefined,
  });
  return app;
}
