import type { FastifyInstance } from "fastify";
import { GenAuthError } from "../../contract/envelope.ts";
import { OUTBOX_PATH, outboxRecipient, type OutboxTransport } from "../../transports/outbox.ts";
import { languageOf, msg, render } from "../../messages/catalogue.ts";
import { hostnameOf, isLoopback } from "../loopback.ts";

/**
 * GET /dev/outbox?to=<E.164 phone or address>: the codes the development outbox "sent", so that a
 * frontend's end-to-end test can read them. It exists only while the outbox is the active transport.
 */
export function registerDevOutbox(app: FastifyInstance, outbox: OutboxTransport, options: { onNetwork?: boolean } = {}): void {
  app.get(OUTBOX_PATH, async (request) => {
    // A page on another site can reach a loopback server through DNS rebinding (its own name,
    // resolved to 127.0.0.1): the Host header then names that site, not this machine.
    if (!options.onNetwork && !isLoopback(hostnameOf(request.headers.host ?? ""))) {
      throw new GenAuthError(403, msg("outboxLoopbackOnly"));
    }
    const to = outboxRecipient((request.query as { to?: unknown }).to);
    if (to === undefined) throw new GenAuthError(400, msg("outboxRecipientRequired"));
    return {
      statusCode: 200,
      message: render(msg("success"), languageOf(request.headers)),
      requestId: request.id,
      data: outbox.messagesTo(to),
    };
  });
}
