import type { FastifyInstance } from "fastify";
import { GenAuthError } from "../../contract/envelope.ts";
import type { OutboxTransport } from "../../transports/outbox.ts";
import { languageOf, msg, render } from "../../messages/catalogue.ts";

/**
 * GET /dev/outbox?to=<E.164 phone or address>: the codes the development outbox "sent", so that a
 * frontend's end-to-end test can read them. It exists only while the outbox is the active transport.
 */
export function registerDevOutbox(app: FastifyInstance, outbox: OutboxTransport): void {
  app.get("/dev/outbox", async (request) => {
    const raw = (request.query as { to?: unknown }).to;
    if (typeof raw !== "string" || raw.trim() === "") {
      throw new GenAuthError(400, msg("outboxRecipientRequired"));
    }
    // An unencoded "+" in a query string arrives as a space; a phone number never starts with one.
    const to = raw.replace(/^ /, "+").trim().toLowerCase();
    return { statusCode: 200, message: render(msg("success"), languageOf(request.headers)), requestId: request.id, data: outbox.messagesTo(to) };
  });
}
