import { GenAuthError, newRequestId, successEnvelope, type ErrorStatusCode } from "../contract/envelope.ts";
import type { Operation } from "../contract/operations.ts";
import { msg, render, type Language, type Message } from "../messages/catalogue.ts";
import type { HandlerInput } from "../server/routes/handlers.ts";
import { OUTBOX_PATH, outboxRecipient } from "../transports/outbox.ts";
import type { StatefulMock } from "./stateful-mock.ts";

export { OUTBOX_PATH };

/** How the fidelity core sends a body, and GenAuth's error envelope, with its headers. */
type Send = (body: string, status?: number, requestId?: string) => Response;
type Fail = (statusCode: ErrorStatusCode, message: Message, apiCode?: number) => Response;

/**
 * A valid request answered by the reference server's domain, as the server's one error path answers
 * it: the success envelope with the handler's data, GenAuth's envelope for a GenAuthError, and a bare
 * 500 for anything else (logged to the console, never sent).
 */
export async function answerStatefully(mock: StatefulMock, op: Operation, token: string, input: HandlerInput, send: Send, fail: Fail): Promise<Response> {
  let data: unknown;
  try {
    data = await mock.serve(op, token, input);
  } catch (error) {
    if (error instanceof GenAuthError) return fail(error.statusCode, error.detail, error.apiCode);
    console.error(`The stateful mock failed to answer ${op.operationId}:`, error);
    return fail(500, msg("internalError"));
  }
  const requestId = newRequestId();
  return send(JSON.stringify(successEnvelope(render(msg("success"), input.language), requestId, data)), 200, requestId);
}

/**
 * `GET /dev/outbox?to=`: the codes the stateful mock "sent" to a destination, in the reference
 * server's answer. Unlike the server's it answers any origin: the mock is a development tool that
 * pages on any origin call, and its codes open nothing real.
 */
export function outboxAnswer(mock: StatefulMock, url: URL, language: Language, send: Send, fail: Fail): Response {
  const to = outboxRecipient(url.searchParams.get("to") ?? undefined);
  if (to === undefined) return fail(400, msg("outboxRecipientRequired"));
  const requestId = newRequestId();
  return send(JSON.stringify(successEnvelope(render(msg("success"), language), requestId, mock.outbox(to))), 200, requestId);
}
