import type { components } from "../../generated/openapi.d.ts";
import { render, type Message } from "../messages/catalogue.ts";

/** GenAuth's error envelope, as the contract defines it. */
export type ErrorEnvelope = components["schemas"]["ErrorRespDto"];
/** The status codes an error envelope may carry. */
export type ErrorStatusCode = ErrorEnvelope["statusCode"];

/** A new request id, in the UUID form GenAuth uses. */
export const newRequestId = (): string => globalThis.crypto.randomUUID();

/** Builds the one error shape every target answers with. */
export function errorEnvelope(statusCode: ErrorStatusCode, message: string, requestId: string, apiCode?: number): ErrorEnvelope {
  return apiCode === undefined ? { statusCode, message, requestId } : { statusCode, message, apiCode, requestId };
}

/** GenAuth's success envelope: `data` only for operations that return some. */
export function successEnvelope(
  message: string,
  requestId: string,
  data?: unknown,
): { statusCode: 200; message: string; requestId: string; data?: unknown } {
  return { statusCode: 200, message, requestId, ...(data !== undefined && { data }) };
}

/**
 * A failure the domain reports on purpose. The single error handler turns it into an envelope,
 * putting `detail` into the words of the language the request asked for; anything else thrown is
 * an internal fault and is reported as 500 without its message. `message` holds the en-US wording,
 * for logs.
 */
export class GenAuthError extends Error {
  readonly statusCode: ErrorStatusCode;
  readonly detail: Message;
  readonly apiCode?: number;

  constructor(statusCode: ErrorStatusCode, detail: Message, apiCode?: number) {
    // A refusal is an answer, not a fault: no one reads its stack, and capturing one cost more
    // than the rest of making it (under mixed load about half the answers are refusals).
    const message = render(detail);
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = "GenAuthError";
    this.statusCode = statusCode;
    this.detail = detail;
    this.apiCode = apiCode;
  }
}
