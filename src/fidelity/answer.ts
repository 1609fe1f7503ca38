import { accessTokenFrom } from "../contract/access-token.ts";
import { checkOurRules, checkRequest } from "../contract/check-request.ts";
import { CONTRACT_WARNING_HEADER, contractWarnings, warningHeaderValue, type ContractWarning } from "../contract/contract-warnings.ts";
import { errorEnvelope, newRequestId, NOT_LOGGED_IN, type ErrorStatusCode, type GenAuthError } from "../contract/envelope.ts";
import { findOperation, operations, type Operation } from "../contract/operations.ts";
import { corsHeaders, preflightHeaders } from "../http/cors.ts";
import { JSON_MEDIA_TYPE } from "../http/media-type.ts";
import { parseJsonBody } from "../http/parse-json.ts";
import { BODY_LIMIT_BYTES } from "../http/read-body.ts";
import { languageOf, msg, render, type Language, type Message } from "../messages/catalogue.ts";
import { chooseExample, implicitFactorExample } from "../mock/choose-example.ts";
import { semanticRefusal } from "../mock/semantic-check.ts";
import { parseQuery } from "../http/parse-query.ts";
import { localiseExample } from "../mock/localise-example.ts";
import { isRefusal, parseScenario, scenarioInToken, type ScenarioStore } from "./scenarios.ts";
import type { ContractWarningEvent } from "./contract-warning-event.ts";
import { answerStatefully, OUTBOX_PATH, outboxAnswer } from "./stateful-answer.ts";
import type { StatefulMock } from "./stateful-mock.ts";

// The one place that decides how the mock answers a request, whatever serves it: the Prism front in
// Node and the MSW handlers in a browser or a test both map a Fetch Request to a Response here.
// Runtime-neutral on purpose: the Fetch API and timers only, and the contract embedded as JSON.

/** One valid request, as the source of answer bodies sees it. */
export interface ExampleCall {
  op: Operation;
  request: Request;
  /** The body as received, and parsed; undefined when there was none. */
  bodyText: string | undefined;
  body: unknown;
  /** The `Prefer` header for an engine that speaks Prism's (`example=<name>`), if any. */
  prefer: string | undefined;
  /** Whether a body is to be generated from the schema rather than taken from an example. */
  generate: boolean;
  /** The language the request asked for, which a generated body's message is written in. */
  language: Language;
}

/**
 * Produces an answer's body: the named example's, or with `generate` a generated one that the
 * source has already shaped and checked. A failure says why.
 */
export type ExampleSource = (call: ExampleCall) => Promise<{ text: string; generated?: boolean } | { failure: Message }>;

/** What the core needs. */
export interface FidelityOptions {
  /** Where bodies come from: Prism in the mock, the embedded contract in the MSW handlers. */
  examples: ExampleSource;
  /** Generated bodies instead of examples (the mock's --dynamic, which needs Prism). */
  dynamic?: boolean;
  /** The per-token scenarios the control surface sets. */
  scenarios: ScenarioStore;
  /**
   * Called once for each request served with an `X-Contract-Warning`, with that header's value
   * (percent-encoded, safe to log as it is). The mock logs it; the MSW handlers pass their option on.
   */
  onWarning?: (warning: ContractWarningEvent) => void;
  /**
   * The reference server's domain in memory: a request that names no example is answered by it
   * instead of by an example, and `GET /dev/outbox?to=` shows the codes it sent. Scenarios still
   * apply: a named example (Prefer, the token's, the control surface's) answers as it is.
   */
  stateful?: StatefulMock;
}

export type { ContractWarningEvent };

/**
 * The largest body the mock reads. Past our 16 KiB limit it still answers, as GenAuth might, with a
 * warning; this bound only keeps one request from holding the mock's memory.
 */
export const MOCK_BODY_CAP_BYTES = 1024 * 1024;

/** The control surface's path: outside GenAuth's API, and outside the contract. */
export const CONTROL_PATH = "/__mock/scenario";

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };
/** Each operation's example names, for the control surface's checks. */
export const exampleNames: ReadonlyMap<string, ReadonlySet<string>> = new Map(operations.map((op) => [op.operationId, new Set(op.responseExamples.keys())]));
const anyExample = new Set(operations.flatMap((op) => [...op.responseExamples.keys()]));

/** The example a `Prefer: example=<name>` header names, if any. */
const preferredExample = (prefer: string | null) => /(?:^|[,;\s])example=([^,;\s]+)/.exec(prefer ?? "")?.[1];

/** The body as text, or "too large" once it passes the mock's cap (the rest is not read). */
async function readText(request: Request): Promise<string | "too large"> {
  if (Number(request.headers.get("content-length")) > MOCK_BODY_CAP_BYTES) return "too large";
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MOCK_BODY_CAP_BYTES) {
      void reader.cancel().catch(() => undefined);
      return "too large";
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** An implicit factor (`…|email`) is answered with its type's example, showing the ID that was asked for. */
function showingImplicitId(query: Record<string, unknown>, text: string): string {
  if (!implicitFactorExample(query.factorId)) return text;
  const answer = JSON.parse(text) as { data?: { factorId?: string } };
  if (answer.data?.factorId) answer.data.factorId = query.factorId as string;
  return JSON.stringify(answer);
}

/** Builds the function that answers every request the way GenAuth does. */
export function createFidelity(options: FidelityOptions): (request: Request) => Promise<Response> {
  const { scenarios } = options;

  return async function answer(request: Request): Promise<Response> {
    const headers = Object.fromEntries(request.headers);
    const cors = corsHeaders(headers);
    const language = languageOf(headers);
    // Set once the request has passed the contract's check, and sent on every answer after that.
    let warning: string | undefined;
    const send = (body: string, status = 200, requestId = newRequestId()) =>
      new Response(body, { status, headers: { ...JSON_HEADERS, ...cors, "X-Request-Id": requestId, ...(warning && { [CONTRACT_WARNING_HEADER]: warning }) } });
    // GenAuth answers HTTP 200 even on failure: the status lives in the body.
    const fail = (statusCode: ErrorStatusCode, message: Message, apiCode?: number, httpStatus = 200) => {
      const requestId = newRequestId();
      return send(JSON.stringify(errorEnvelope(statusCode, render(message, language), requestId, apiCode)), httpStatus, requestId);
    };

    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: preflightHeaders(headers) });
    const url = new URL(request.url);
    const token = accessTokenFrom(headers.authorization);
    if (url.pathname === CONTROL_PATH) return control(request, token, send, fail);
    if (options.stateful && request.method === "GET" && url.pathname === OUTBOX_PATH) return outboxAnswer(options.stateful, url, language, send, fail);

    const op = findOperation(request.method, url.pathname);
    if (!op) return fail(404, msg("notServed", { method: request.method, path: url.pathname }), undefined, 404);
    // The token is checked before the body is read, as GenAuth's guards (and the reference server) do.
    if (!token) return fail(401, msg("noAccessToken"), NOT_LOGGED_IN);
    const scenario = scenarios.get(token);
    if (scenario.latencyMs) await new Promise((resolve) => setTimeout(resolve, scenario.latencyMs));
    // A network failure is an answer that never comes: Response.error() is the Fetch API's word for it.
    if (scenarios.takeNetworkFailure(token)) return Response.error();

    const text = await readText(request);
    if (text === "too large") return fail(413, msg("bodyTooLarge", { limit: MOCK_BODY_CAP_BYTES }));
    let body: unknown;
    if (op.bodySchema && text.length > 0) {
      const contentType = request.headers.get("content-type");
      if (!JSON_MEDIA_TYPE.test(contentType ?? "")) return fail(400, msg("contentTypeNotJson", { contentType: contentType ?? "missing" }));
      try {
        body = parseJsonBody(text);
      } catch (error) {
        return fail(400, (error as GenAuthError).detail);
      }
    }
    const query = parseQuery(url.search.slice(1));
    const invalid = checkRequest(op, { query, headers, body }) ?? checkOurRules(op, body);
    if (invalid) return fail(400, invalid.message, invalid.apiCode);
    // GenAuth would serve what our targets did not expect: so does the mock, and it says so. Being
    // stateless, it cannot tell a token it never issued, so a token not of our shape is only noted;
    // with state it can, and the domain answers such a token as the server does.
    const noticed: ContractWarning[] = contractWarnings(op, { headers, body }, !options.stateful);
    // A UTF-16 unit is at most 3 UTF-8 bytes, so only a long text needs counting.
    const bytes = text.length > BODY_LIMIT_BYTES / 3 ? new TextEncoder().encode(text).byteLength : text.length;
    if (bytes > BODY_LIMIT_BYTES) noticed.push({ kind: "body-over-limit", subject: String(bytes) });
    warning = warningHeaderValue(noticed);
    if (warning) options.onWarning?.({ method: request.method, path: url.pathname, warning });
    // With state, the domain refuses what it cannot serve, as on the reference server.
    const refused = options.stateful ? undefined : semanticRefusal(op, body);
    if (refused) return fail(refused.statusCode, refused.detail, refused.apiCode);

    // Which example answers: Prefer, then the scenario in the token, then the control surface,
    // then the request itself.
    const preferHeader = request.headers.get("prefer");
    const preferred = preferredExample(preferHeader);
    if (preferred && !op.responseExamples.has(preferred)) {
      const known = [...op.responseExamples.keys()].join(", ");
      return fail(400, msg("mockUnknownExample", { name: preferred, operationId: op.operationId, known }));
    }
    const inToken = scenarioInToken(token);
    if (inToken && !anyExample.has(inToken)) {
      return fail(400, msg("mockUnknownScenario", { name: inToken, known: [...anyExample].join(", ") }));
    }
    const named = preferred ?? (inToken && op.responseExamples.has(inToken) ? inToken : undefined) ?? (scenario.examples as Record<string, string> | undefined)?.[op.operationId];
    // Only an example name goes on to Prism: `Prefer: dynamic=true` would have Prism generate a body
    // no one checks against the contract, and `code=` would pick a response GenAuth never sends.
    if (!options.dynamic && /(?:^|[,;\s])dynamic=/.test(preferHeader ?? "")) return fail(400, msg("mockDynamicRefused"));
    if (options.stateful && !named) return answerStatefully(options.stateful, op, token, { body, query: query as Record<string, string>, language }, send, fail);
    // A request naming a factor is answered from the examples even with --dynamic: whether that
    // factor exists decides the answer (404 for one the mock does not know), not a generator.
    const namesFactor = query.factorId !== undefined || (body as { factorId?: unknown } | undefined)?.factorId !== undefined;
    const byRequest = options.dynamic && !namesFactor ? undefined : chooseExample(op, query, body as Record<string, unknown> | undefined);
    // Prism's default is the first example, but only without --dynamic: there it is named outright.
    const chosen = named ?? byRequest ?? (options.dynamic && namesFactor ? op.responseExamples.keys().next().value : undefined);
    const prefer = chosen ? `example=${chosen}` : undefined;
    // Prism answers with the first example when none is named.
    const served = chosen ?? op.responseExamples.keys().next().value;
    const bodyText = body === undefined ? undefined : text;
    const answer = await options.examples({ op, request, bodyText, body, prefer, generate: Boolean(options.dynamic) && !named && !namesFactor, language });
    if ("failure" in answer) return fail(500, answer.failure);
    if (answer.generated) return send(answer.text, 200, /"requestId":"([^"]+)"/.exec(answer.text)?.[1]);
    // Examples pass through as written, translated if another language was asked for, with a request
    // id of their own (the examples carry fixed ones); an implicit factor's shows the ID asked for.
    const localised = localiseExample(op, served, answer.text, language);
    const requestId = newRequestId();
    const payload = (named ? localised : showingImplicitId(query, localised)).replace(/"requestId":"[^"]*"/, `"requestId":"${requestId}"`);
    return send(payload, 200, requestId);
  };

  /** `GET`, `PUT` and `DELETE /__mock/scenario`: the calling token's scenario. */
  async function control(
    request: Request,
    token: string | undefined,
    send: (body: string) => Response,
    fail: (statusCode: ErrorStatusCode, message: Message) => Response,
  ): Promise<Response> {
    if (!token) return fail(401, msg("noAccessToken"));
    if (request.method === "DELETE") scenarios.clear(token);
    else if (request.method === "PUT") {
      let value: unknown;
      try {
        value = parseJsonBody(await request.text());
      } catch (error) {
        return fail(400, (error as GenAuthError).detail);
      }
      const parsed = parseScenario(value, exampleNames);
      if (isRefusal(parsed)) return fail(400, msg("mockBadScenario", { reason: parsed }));
      scenarios.set(token, parsed);
    } else if (request.method !== "GET") return fail(400, msg("mockControlMethod", { path: CONTROL_PATH, method: request.method }));
    return send(JSON.stringify({ statusCode: 200, message: "", data: scenarios.get(token) }));
  }
}
