import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { errorEnvelope, GenAuthError, type ErrorStatusCode } from "../contract/envelope.ts";
import { BODY_TOO_LARGE } from "../http/messages.ts";

/** What Fastify's own failures (body parsing, limits) mean in GenAuth's terms. */
const FRAMEWORK_ERRORS: Record<string, [ErrorStatusCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, BODY_TOO_LARGE],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [400, "Content-Type must be application/json"],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, "The Content-Length header does not match the body"],
  FST_ERR_BAD_URL: [400, "The URL is malformed"],
};

function toEnvelopeParts(error: FastifyError | GenAuthError): [ErrorStatusCode, string, number?] | undefined {
  if (error instanceof GenAuthError) return [error.statusCode, error.message, error.apiCode];
  const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
  if (known) return known;
  return undefined;
}

/**
 * The single error path: every failure, whether the domain's, the contract check's, Fastify's or
 * an unexpected fault, leaves as GenAuth's envelope with HTTP 200. Internal faults are logged with
 * their request id and answered with a bare 500: no message, no stack, no path reaches the client.
 * A failure may have written (a counted wrong code), so it too waits for the commit.
 */
export function errorHandler(committed: () => Promise<void>) {
  return async (error: FastifyError | GenAuthError, request: FastifyRequest, reply: FastifyReply) => {
    let parts = toEnvelopeParts(error);
    if (!parts) request.log.error({ err: error }, "internal fault");
    try {
      await committed();
    } catch (fault) {
      request.log.error({ err: fault }, "commit failed");
      parts = undefined;
    }
    const [statusCode, message, apiCode] = parts ?? [500, "Internal server error"];
    if (statusCode === 413) void reply.header("Connection", "close");
    return reply.code(200).send(errorEnvelope(statusCode, message, request.id, apiCode));
  };
}
