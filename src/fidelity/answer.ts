import { API_CODES } from "../../generated/api-codes.ts";
import { accessTokenFrom } from "../contract/access-token.ts";
import { newRequestId } from "../contract/envelope.ts";
import { findOperation, type Operation } from "../contract/operations.ts";
import { preflightHeaders } from "../http/cors.ts";
import { msg, type Language, type Message } from "../messages/catalogue.ts";
import { chooseExample, type ExampleChoice } from "./choose-example.ts";
import type { ContractWarningEvent } from "./contract-warning-event.ts";
import { CONTROL_PATH, control } from "./control.ts";
import { localiseExample } from "./localise-example.ts";
import { readRequest, type ValidRequest } from "./read-request.ts";
import { Reply } from "./reply.ts";
import type { ScenarioStore } from "./scenarios.ts";
import { semanticRefusal } from "./semantic-check.ts";
import { answerStatefully, OUTBOX_PATH, outboxAnswer } from "./stateful-answer.ts";
import type { StatefulMock } from "./stateful-mock.ts";

// The one place that decides how the mock answers a request, whatever serves it: the Prism front in
// Node and the MSW handlers in a browser or a test both map a Fetch Request to a Response here.
// Runtime-neutral on purpose: the Fetch API and timers only, and the contract embedded as JSON.
// A request is read and checked (read-request.ts), its example chosen (choose-example.ts), and the
// source's body sent back (below).

/** One valid request, as the source of answer bodies sees it. */
export interface ExampleCall {
  op: Operation;
  request: Request;
  /** The body as received, and parsed; undefined when there was none. */
  bodyText: string | undefined;
  body: unknown;
  /** The named example to serve, as chooseExample decided; undefined asks for a body generated from the schema. */
  example: string | undefined;
  /** The language the request asked for, which a generated body's message is written in. */
  language: Language;
}

/**
 * Produces an answer's body: the named example's, or without one a generated one that the source has
 * already shaped and checked. A failure says why.
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

/** A choice the core serves: an example, or a generated body. */
type Served = Exclude<ExampleChoice, { refusal: Message } | { domain: true }>;

/** Builds the function that answers every request the way GenAuth does. */
export function createFidelity(options: FidelityOptions): (request: Request) => Promise<Response> {
  const { scenarios } = options;

  return async function answer(request: Request): Promise<Response> {
    const headers = Object.fromEntries(request.headers);
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: preflightHeaders(headers) });
    const reply = new Reply(headers);
    const url = new URL(request.url);
    const token = accessTokenFrom(headers.authorization);
    if (url.pathname === CONTROL_PATH) return control(request, token, scenarios, reply);
    if (options.stateful && request.method === "GET" && url.pathname === OUTBOX_PATH) return outboxAnswer(options.stateful, url, reply);

    const op = findOperation(request.method, url.pathname);
    if (!op)
      return reply.fail({ statusCode: 404, message: msg("notServed", { method: request.method, path: url.pathname }), httpStatus: 404 });
    // The token is checked before the body is read, as GenAuth's guards (and the reference server) do.
    if (!token) return reply.fail({ statusCode: 401, message: msg("noAccessToken"), apiCode: API_CODES.notLoggedIn });
    const scenario = scenarios.get(token);
    if (scenario.latencyMs) await new Promise((resolve) => setTimeout(resolve, scenario.latencyMs));
    // A network failure is an answer that never comes: Response.error() is the Fetch API's word for it.
    if (scenarios.takeNetworkFailure(token)) return Response.error();

    const { stateful } = options;
    const read = await readRequest(op, request, headers, { stateful: Boolean(stateful) });
    if ("refusal" in read) return reply.fail(read.refusal);
    reply.warning = read.warning;
    if (read.warning) options.onWarning?.({ method: request.method, path: url.pathname, warning: read.warning });
    // With state, the domain refuses what it cannot serve, as on the reference server.
    const refused = stateful ? undefined : semanticRefusal(op, read.body);
    if (refused) return reply.fail({ statusCode: refused.statusCode, message: refused.detail, apiCode: refused.apiCode });
    const choice = chooseExample({
      op,
      query: read.query,
      body: read.body,
      prefer: headers.prefer,
      token,
      scenario,
      dynamic: Boolean(options.dynamic),
      stateful: Boolean(stateful),
    });
    if ("refusal" in choice) return reply.fail({ statusCode: 400, message: choice.refusal });
    if ("domain" in choice)
      return answerStatefully(
        stateful!,
        op,
        token,
        { body: read.body, query: read.query as Record<string, string>, language: reply.language },
        reply,
      );
    return respond(options.examples, op, request, read, choice, reply);
  };
}

/**
 * Sends the source's body back. Examples pass through as written, translated if another language
 * was asked for, with a request id of their own (the examples carry fixed ones); an implicit
 * factor's shows the ID that was asked for. A generated body keeps the request id it was given.
 */
async function respond(
  examples: ExampleSource,
  op: Operation,
  request: Request,
  read: ValidRequest,
  choice: Served,
  reply: Reply,
): Promise<Response> {
  const { bodyText, body } = read;
  const example = "example" in choice ? choice.example : undefined;
  const answer = await examples({ op, request, bodyText, body, example, language: reply.language });
  if ("failure" in answer) return reply.fail({ statusCode: 500, message: answer.failure });
  if (answer.generated) return reply.send(answer.text, 200, /"requestId":"([^"]+)"/.exec(answer.text)?.[1]);
  const localised = localiseExample(op, example, answer.text, reply.language);
  const requestId = newRequestId();
  const payload = "factorId" in choice && choice.factorId ? showingFactorId(localised, choice.factorId) : localised;
  return reply.send(payload.replace(/"requestId":"[^"]*"/, `"requestId":"${requestId}"`), 200, requestId);
}

/** An example's body showing another factorId in place of its own, if it shows one. */
function showingFactorId(text: string, factorId: string): string {
  const answer = JSON.parse(text) as { data?: { factorId?: string } };
  if (answer.data?.factorId) answer.data.factorId = factorId;
  return JSON.stringify(answer);
}
