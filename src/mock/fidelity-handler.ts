import { request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from "node:http";
import { accessTokenFrom } from "../contract/access-token.ts";
import { checkRequest } from "../contract/check-request.ts";
import { errorEnvelope, newRequestId, type ErrorStatusCode, type GenAuthError } from "../contract/envelope.ts";
import { JSON_MEDIA_TYPE } from "../http/media-type.ts";
import { HEALTHY, OPERATIONAL_PATHS } from "../http/operational-paths.ts";
import { languageOf, msg, render, type Language, type Message } from "../messages/catalogue.ts";
import { parseJsonBody } from "../http/parse-json.ts";
import { findOperation } from "../contract/operations.ts";
import { validatorsFor } from "../contract/validators.ts";
import { chooseExample } from "./choose-example.ts";
import { corsHeaders, preflightHeaders } from "../http/cors.ts";
import { BODY_LIMIT_BYTES, readBody } from "../http/read-body.ts";
import { reshapeDynamicBody } from "./dynamic-body.ts";
import { localiseExample } from "./localise-example.ts";

/** What the fidelity layer needs to know about the Prism behind it. */
export interface FidelityOptions {
  prismUrl: string;
  dynamic: boolean;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function send(res: ServerResponse, httpStatus: number, body: unknown, requestId: string): void {
  res.writeHead(httpStatus, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Request-Id": requestId,
  });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

/** The requestId of a JSON body, read without parsing it. */
const requestIdIn = (text: string) => /"requestId":"([^"]+)"/.exec(text)?.[1];

function fail(res: ServerResponse, language: Language, statusCode: ErrorStatusCode, message: Message, apiCode?: number): void {
  const requestId = newRequestId();
  // GenAuth answers HTTP 200 even on failure: the status lives in the body.
  send(res, 200, errorEnvelope(statusCode, render(message, language), requestId, apiCode), requestId);
}

/** The example a `Prefer: example=<name>` header names, if any. */
const preferredExample = (prefer: string | undefined) => /(?:^|[,;\s])example=([^,;\s]+)/.exec(prefer ?? "")?.[1];

const isJson = (contentType: string | undefined): boolean => JSON_MEDIA_TYPE.test(contentType ?? "");

/**
 * Builds the request handler that makes Prism answer the way GenAuth does: every failure is an
 * HTTP 200 GenAuth envelope that names the problem (never Prism's problem+json), a valid request
 * gets the example that matches it, and browsers may call it cross-origin.
 */
export function createFidelityHandler(options: FidelityOptions): Handler {
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const prism = new URL(options.prismUrl);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === "OPTIONS") {
      res.writeHead(204, preflightHeaders(req.headers)).end();
      return;
    }
    for (const [name, value] of Object.entries(corsHeaders(req.headers))) res.setHeader(name, value);
    // Split by hand: a WHATWG URL per request is a measurable share of this layer's cost.
    const target = req.url ?? "/";
    const mark = target.indexOf("?");
    const pathname = mark < 0 ? target : target.slice(0, mark);
    const language = languageOf(req.headers);
    const op = findOperation(req.method ?? "GET", pathname);
    // A liveness probe for orchestrators; not part of GenAuth's contract.
    if (!op && req.method === "GET" && pathname === OPERATIONAL_PATHS.health) {
      const requestId = newRequestId();
      return send(res, 200, HEALTHY, requestId);
    }
    if (!op) {
      const requestId = newRequestId();
      const message = render(msg("notServed", { method: req.method ?? "GET", path: pathname }), language);
      send(res, 404, errorEnvelope(404, message, requestId), requestId);
      return;
    }
    // The token is checked before the body is read, as GenAuth's guards (and the reference server) do.
    if (!accessTokenFrom(req.headers.authorization)) {
      return fail(res, language, 401, msg("noAccessToken"));
    }
    const text = await readBody(req);
    if (text === "too large") {
      res.setHeader("Connection", "close");
      return fail(res, language, 413, msg("bodyTooLarge", { limit: BODY_LIMIT_BYTES }));
    }
    let body: unknown;
    if (op.bodySchema && text.length > 0) {
      if (!isJson(req.headers["content-type"])) {
        return fail(res, language, 400, msg("contentTypeNotJson", { contentType: req.headers["content-type"] ?? "missing" }));
      }
      try {
        body = parseJsonBody(text);
      } catch (error) {
        return fail(res, language, 400, (error as GenAuthError).detail);
      }
    }
    const query = mark < 0 ? {} : Object.fromEntries(new URLSearchParams(target.slice(mark + 1)));
    const invalid = checkRequest(op, { query, headers: req.headers, body });
    if (invalid) return fail(res, language, 400, invalid.message, invalid.apiCode);

    const preferHeader = [req.headers.prefer].flat()[0];
    const named = preferredExample(preferHeader);
    if (named && !op.responseExamples.has(named)) {
      const known = [...op.responseExamples.keys()].join(", ");
      return fail(res, language, 400, msg("mockUnknownExample", { name: named, operationId: op.operationId, known }));
    }
    // Only an example name goes on to Prism: `Prefer: dynamic=true` would have Prism generate a body
    // no one checks against the contract, and `code=` would pick a response GenAuth never sends.
    if (!options.dynamic && /(?:^|[,;\s])dynamic=/.test(preferHeader ?? "")) {
      return fail(res, language, 400, msg("mockDynamicRefused"));
    }
    const chosen = named ?? (options.dynamic ? undefined : chooseExample(op, query, body as Record<string, unknown> | undefined));
    const prefer = chosen && `example=${chosen}`;
    // Prism answers with the first example when none is named.
    const served = chosen ?? op.responseExamples.keys().next().value;
    const generated = options.dynamic && !named;
    // json-schema-faker does not always honour a pattern together with a length (it pads the string
    // after matching the pattern), so a generated body is checked against the contract and drawn again.
    for (let attempt = 0; attempt < (generated ? 10 : 1); attempt++) {
      const answer = await forward(req, body === undefined ? undefined : text, prefer);
      if (answer.status !== 200) {
        return fail(res, language, 500, msg("mockUpstreamFailed", { operationId: op.operationId, status: answer.status }));
      }
      // Examples pass through as Prism wrote them (translated if another language was asked for);
      // only generated bodies are parsed and reshaped.
      const payload = generated
        ? JSON.stringify(reshapeDynamicBody(op, body, JSON.parse(answer.text), language))
        : localiseExample(op, served, answer.text, language);
      if (generated && !validatorsFor(op.operationId).response(JSON.parse(payload))) continue;
      return send(res, 200, payload, requestIdIn(payload) ?? newRequestId());
    }
    fail(res, language, 500, msg("mockGenerationFailed", { operationId: op.operationId }));
  }

  /** Sends the (already validated) request on to Prism, body text as received. */
  function forward(req: IncomingMessage, payload: string | undefined, prefer: string | undefined) {
    const headers: Record<string, string> = { authorization: String(req.headers.authorization) };
    if (payload !== undefined) headers["content-type"] = "application/json";
    if (prefer) headers.prefer = prefer;
    return new Promise<{ status: number; text: string }>((resolve, reject) => {
      const out = httpRequest(
        { agent, host: prism.hostname, port: prism.port, method: req.method, path: req.url, headers },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on("data", (c: Buffer) => chunks.push(c));
          answer.on("end", () => resolve({ status: answer.statusCode ?? 500, text: Buffer.concat(chunks).toString("utf8") }));
        },
      );
      out.on("error", reject);
      out.end(payload);
    });
  }

  return (req, res) => {
    handle(req, res).catch((error: Error) => {
      console.error(`The mock failed to answer ${req.method} ${req.url}: ${error.message}`);
      if (!res.headersSent) fail(res, languageOf(req.headers), 500, msg("mockFailed"));
    });
  };
}
