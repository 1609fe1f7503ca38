import { GenAuthError, newRequestId, successEnvelope } from "../contract/envelope.ts";
import type { Operation } from "../contract/operations.ts";
import { msg, render } from "../messages/catalogue.ts";
import type { HandlerInput } from "../server/routes/handlers.ts";
import { OUTBOX_PATH, outboxRecipient } from "../transports/outbox.ts";
import type { Reply } from "./reply.ts";
import type { StatefulMock } from "./stateful-mock.ts";

export { OUTBOX_PATH };

/**
 * A valid request answered by the reference server's domain, as the server's one error path answers
 * it: the success envelope with the handler's data, GenAuth's envelope for a GenAuthError, and a bare
 * 500 for anything else (logged to the console, never sent).
 */
export async function answerStatefully(
  mock: StatefulMock,
  op: Operation,
  token: string,
  input: HandlerInput,
  reply: Reply,
): Promise<Response> {
  let data: unknown;
  try {
    data = await mock.serve(op, token, input);
  } catch (error) {
    if (error instanceof GenAuthError) return reply.fail({ statusCode: error.statusCode, message: error.detail, apiCode: error.apiCode });
    console.error(`The stateful mock failed to answer ${op.operationId}:`, error);
    return reply.fail({ statusCode: 500, message: msg("internalError") });
  }
  const requestId = newRequestId();
  return reply.send(JSON.stringify(successEnvelope(render(msg("success"), reply.language), requestId, data)), 200, requestId);
}

/**
 * `GET /dev/outbox?to=`: the codes the stateful mock "sent" to a destination, in the reference
 * server's answer. Unlike the server's it answers any origin: the mock is a development tool that
 * pages on any origin call, and its codes open nothing real.
 */
export function outboxAnswer(mock: StatefulMock, url: URL, reply: Reply): Response {
  const to = outboxRecipient(url.searchParams.get("to") ?? undefined);
  if (to === undefined) return reply.fail({ statusCode: 400, message: msg("outboxRecipientRequired") });
  const requestId = newRequestId();
  return reply.send(JSON.stringify(successEnvelope(render(msg("success"), reply.language), requestId, mock.outbox(to))), 200, requestId);
}
