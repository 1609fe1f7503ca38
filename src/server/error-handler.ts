import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { errorEnvelope, GenAuthError, type ErrorStatusCode } from "../contract/envelope.ts";
import { BODY_LIMIT_BYTES } from "../http/read-body.ts";
import { languageOf, msg, render, type Message } from "../messages/catalogue.ts";

/** What Fastify's own failures (body parsing, limits) mean in GenAuth's terms. */
const FRAMEWORK_ERRORS: Record<string, (request: FastifyRequest) => [ErrorStatusCode, Message]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => [413, msg("bodyTooLarge", { limit: BODY_LIMIT_BYTES })],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (request) => [
    400,
    msg("contentTypeNotJson", { contentType: request.headers["content-type"] ?? "missing" }),
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => [400, msg("contentLengthMismatch")],
  FST_ERR_BAD_URL: () => [400, msg("urlMalformed")],
};

function toEnvelopeParts(error: FastifyError | GenAuthError, request: FastifyRequest): [ErrorStatusCode, Message, number?] | undefined {
  if (error instanceof GenAuthError) return [error.statusCode, error.detail, error.apiCode];
  return error.code ? FRAMEWORK_ERRORS[error.code]?.(request) : undefined;
}

/**
 * The single error path: every failure, whether the domain's, the contract check's, Fastify's or
 * an unexpected fault, leaves as GenAuth's envelope with HTTP 200. Internal faults are logged with
 * their request id and answered with a bare 500: no message, no stack, no path reaches the client.
 * A failure may have written (a counted wrong code), so it too waits for the commit.
 */
export function errorHandler(committed: () => Promise<void>) {
  return async (error: FastifyError | GenAuthError, request: FastifyRequest, reply: FastifyReply) => {
    let parts = toEnvelopeParts(error, request);
    if (!parts) request.log.error({ err: error }, "internal fault");
    try {
      await committed();
    } catch (fault) {
      request.log.error({ err: fault }, "commit failed");
      parts = undefined;
    }
    const [statusCode, message, apiCode] = parts ?? [500, msg("internalError")];
    request.answeredStatusCode = statusCode;
    if (statusCode === 413) void reply.header("Connection", "close");
    return reply.code(200).send(errorEnvelope(statusCode, render(message, languageOf(request.headers)), request.id, apiCode));
  };
}
