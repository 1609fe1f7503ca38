import { CONTRACT_WARNING_HEADER } from "../contract/contract-warnings.ts";
import { errorEnvelope, newRequestId, type ErrorStatusCode } from "../contract/envelope.ts";
import { corsHeaders } from "../http/cors.ts";
import { languageOf, render, type Language, type Message } from "../messages/catalogue.ts";

/** A request the core refuses: GenAuth's envelope, at HTTP 200 unless `httpStatus` says otherwise. */
export interface Refusal {
  statusCode: ErrorStatusCode;
  message: Message;
  apiCode?: number | undefined;
  httpStatus?: number;
}

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };

/** How the core answers one request: its CORS headers, its language, and its contract warning once known. */
export class Reply {
  readonly language: Language;
  readonly #cors: Record<string, string>;
  /** Set once the request has passed the contract's check, and sent on every answer after that. */
  warning: string | undefined;

  constructor(headers: Record<string, string>) {
    this.#cors = corsHeaders(headers);
    this.language = languageOf(headers);
  }

  /** A JSON answer, with its request id in `X-Request-Id`. */
  send(body: string, status = 200, requestId = newRequestId()): Response {
    const warning = this.warning && { [CONTRACT_WARNING_HEADER]: this.warning };
    return new Response(body, { status, headers: Object.assign({}, JSON_HEADERS, this.#cors, { "X-Request-Id": requestId }, warning) });
  }

  /** GenAuth's envelope, in the request's language. GenAuth answers HTTP 200 even on failure: the status lives in the body. */
  fail({ statusCode, message, apiCode, httpStatus = 200 }: Refusal): Response {
    const requestId = newRequestId();
    return this.send(JSON.stringify(errorEnvelope(statusCode, render(message, this.language), requestId, apiCode)), httpStatus, requestId);
  }
}
