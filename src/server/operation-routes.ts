import type { FastifyInstance } from "fastify";
import { checkOurRules, checkRequest } from "../contract/check-request.ts";
import { CONTRACT_WARNING_HEADER, contractWarnings, warningHeaderValue } from "../contract/contract-warnings.ts";
import { GenAuthError, successEnvelope } from "../contract/envelope.ts";
import { operations, type Operation } from "../contract/operations.ts";
import type { MfaContext } from "../domain/mfa-context.ts";
import { languageOf, msg, render } from "../messages/catalogue.ts";
import type { Handler } from "./routes/handlers.ts";

const notImplemented: Handler = () => {
  throw new GenAuthError(501, msg("notImplemented"));
};

/**
 * One route per operation of the contract: its request checked against the contract and our own
 * rules, then its handler, whose data is answered in the success envelope once it is committed.
 * An operation without a handler answers 501 and is warned of at boot.
 */
export function registerOperations(app: FastifyInstance, mfa: MfaContext, handlers: Record<string, Handler>): void {
  for (const operation of operations) {
    const handler = handlers[operation.operationId] ?? notImplemented;
    if (handler === notImplemented) app.log.warn(`${operation.operationId} is declared in openapi.yaml but not implemented`);
    registerOperation(app, mfa, operation, handler);
  }
}

function registerOperation(app: FastifyInstance, mfa: MfaContext, operation: Operation, handler: Handler): void {
  app.route({
    method: operation.method,
    url: operation.path,
    config: { operation },
    preValidation: async (request, reply) => {
      const parts = { query: request.query as Record<string, unknown>, headers: request.headers, body: request.body };
      const invalid = checkRequest(operation, parts) ?? checkOurRules(operation, request.body);
      if (invalid) throw new GenAuthError(400, invalid.message, invalid.apiCode);
      // What GenAuth accepts and we did not expect is served, and said: in a header and one log line.
      const warning = warningHeaderValue(contractWarnings(operation, parts));
      if (warning) {
        void reply.header(CONTRACT_WARNING_HEADER, warning);
        request.log.warn({ contractWarning: warning }, "served with contract warnings");
      }
    },
    handler: async (request) => {
      const language = languageOf(request.headers);
      const data = await handler(mfa, request.user!, {
        body: request.body,
        query: request.query as Record<string, string>,
        language,
        log: request.log,
      });
      await mfa.store.committed(); // nothing is acknowledged before it is on disk
      return successEnvelope(render(msg("success"), language), request.id, data);
    },
  });
}
