import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { accessTokenFrom } from "../../../src/contract/access-token.ts";
import { findOperation, operations, type Operation } from "../../../src/contract/operations.ts";
import { readBody } from "../../../src/http/read-body.ts";
import { answerWithoutUpstream, breakAnswer, httpStatusFor, remember, type Exchange } from "./breakage-rules.ts";
import type { Breakage } from "./breakages.ts";
import { upstreamRequest } from "./forward-request.ts";
import { rewriteAnswer, tenantFailure } from "./rewrite-answer.ts";
import { TenantMemory, type Json } from "./tenant-memory.ts";
import { noRouteWording, tenantLanguage } from "./wording.ts";

/** How to start a tenant double. */
export interface TenantDoubleOptions {
  /** The base URL of the reference server the double stands in front of. */
  upstream: string;
  /** Milliseconds added before every answer (default 0), to stand for a tenant far away. */
  latencyMs?: number;
  /** One breakage to switch on (default none): see BREAKAGES. */
  breakage?: Breakage;
}

/** A running tenant double. */
export interface TenantDouble {
  /** Its base URL, on 127.0.0.1 and a port of its own. */
  url: string;
  /** Stops listening and closes its connections. */
  stop(): Promise<void>;
}

/** The tenant's body limit, roomier than the upstream's 16 KiB: a body shrinks when its unknown fields go. */
export const TENANT_BODY_LIMIT_BYTES = 100 * 1024;

// GenAuth's V3 API has no operation for spending a recovery code: the tenant serves no such route.
const NOT_IN_GENAUTH_V3 = new Set(["mfaOtpRecover"]);
// CORS as the upstream has it, less Access-Control-Expose-Headers: it names X-Request-Id, which the tenant never sends.
const RELAYED_HEADERS = [
  "access-control-allow-origin",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-max-age",
  "vary",
];

function servedOperation(method: string, path: string): Operation | undefined {
  const operation = method === "OPTIONS" ? operations.find((op) => op.path === path) : findOperation(method, path);
  return operation && !NOT_IN_GENAUTH_V3.has(operation.operationId) ? operation : undefined;
}

const relayed = (headers: Headers): Record<string, string> =>
  Object.fromEntries(RELAYED_HEADERS.flatMap((name) => (headers.has(name) ? [[name, headers.get(name)!]] : [])));

/** Answers an OPTIONS preflight with the upstream's verdict. */
async function preflight(
  upstream: string,
  operation: Operation,
  request: IncomingMessage,
): Promise<{ status: number; headers: Record<string, string> }> {
  const asked = ["origin", "access-control-request-method", "access-control-request-headers"].flatMap((name) => {
    const value = request.headers[name];
    return typeof value === "string" ? [[name, value]] : [];
  });
  const response = await fetch(`${upstream.replace(/\/$/, "")}${operation.path}`, {
    method: "OPTIONS",
    headers: Object.fromEntries(asked),
  });
  await response.arrayBuffer();
  return { status: response.status, headers: relayed(response.headers) };
}

/** The upstream's answer to the request, as the tenant words and shapes it. */
async function forward(call: ReturnType<typeof upstreamRequest>, exchange: Exchange, memory: TenantMemory) {
  let response: Response;
  try {
    response = await fetch(call.url, call.init);
  } catch {
    return { answer: tenantFailure(502, exchange.language), headers: {} };
  }
  const parsed: unknown = await response.json().catch(() => undefined);
  if (typeof parsed !== "object" || parsed === null || typeof (parsed as Json).statusCode !== "number") {
    return { answer: tenantFailure(502, exchange.language), headers: relayed(response.headers) };
  }
  const answer = rewriteAnswer(parsed as Json, exchange.language, memory);
  remember(exchange, answer, memory);
  return { answer, headers: relayed(response.headers) };
}

async function handle(
  options: TenantDoubleOptions,
  memory: TenantMemory,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://tenant.invalid");
  const language = tenantLanguage(request.headers);
  const send = async (status: number, body: Json | undefined, headers: Record<string, string> = {}) => {
    await sleep(options.latencyMs ?? 0);
    const text = body === undefined ? "" : JSON.stringify(body);
    const type = body === undefined ? {} : { "content-type": "application/json; charset=utf-8" };
    response.writeHead(status, { ...headers, ...type, "content-length": String(Buffer.byteLength(text)) }).end(text);
  };
  const operation = servedOperation(request.method ?? "GET", url.pathname);
  // An unknown route, as GenAuth answers one: HTTP 404 and a JSON body with statusCode 404.
  if (!operation) return send(404, { statusCode: 404, message: noRouteWording(language) });
  if (request.method === "OPTIONS") {
    const verdict = await preflight(options.upstream, operation, request);
    return send(verdict.status, undefined, verdict.headers);
  }
  const text = await readBody(request, TENANT_BODY_LIMIT_BYTES);
  // The rest of an oversized body is not read: the connection closes after the answer.
  if (text === "too large")
    return send(httpStatusFor(options.breakage, { statusCode: 413 }), tenantFailure(413, language), { connection: "close" });
  const incoming = { operation, query: url.searchParams, headers: request.headers, body: text === "" ? undefined : text };
  const call = upstreamRequest(options.upstream, incoming, memory);
  const exchange: Exchange = {
    operationId: operation.operationId,
    accessToken: accessTokenFrom(request.headers.authorization),
    body: call.body,
    query: url.searchParams,
    language,
  };
  const early = answerWithoutUpstream(options.breakage, exchange, memory);
  const { answer, headers } = early ? { answer: early, headers: {} } : await forward(call, exchange, memory);
  const broken = breakAnswer(options.breakage, exchange, answer, memory);
  return send(httpStatusFor(options.breakage, broken), broken, headers);
}

/**
 * Starts a tenant double: a second, independent GenAuth tenant in front of a reference server,
 * differing from our targets wherever GenAuth leaves a tenant free, optionally with one breakage.
 */
export async function startTenantDouble(options: TenantDoubleOptions): Promise<TenantDouble> {
  const memory = new TenantMemory();
  const server = createServer((request, response) => {
    handle(options, memory, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      response.end(JSON.stringify(tenantFailure(500, tenantLanguage(request.headers))));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
