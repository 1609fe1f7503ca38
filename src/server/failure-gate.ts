import type { FastifyReply, FastifyRequest } from "fastify";
import { GenAuthError } from "../contract/envelope.ts";
import { clientKey } from "../http/client-key.ts";
import { failureBudget } from "../http/failure-budget.ts";
import { msg } from "../messages/catalogue.ts";

/** The per-client limit on failed requests without a verified user, as the app's hooks apply it. */
export interface FailureGate {
  /**
   * Throws 429 when the request's client has spent its failures: before its token is verified, so a
   * client that keeps failing does not get that work done for it.
   */
  admit(request: FastifyRequest): void;
  /** Once a request is answered: spends one of its client's failures if it failed and no user was verified. */
  settle(request: FastifyRequest, reply: FastifyReply): void;
}

/**
 * A gate that lets each client fail `perMinute` times a minute in the requests `counts` picks, or
 * none at 0. The client is request.ip (which Fastify reads from X-Forwarded-For behind a trusted
 * proxy) as an IPv4 address or IPv6 /64. An authenticated user's failures are the user's own,
 * already held by the per-user caps.
 */
export function failureGate(perMinute: number, now: () => number, counts: (request: FastifyRequest) => boolean): FailureGate | undefined {
  if (perMinute === 0) return undefined;
  const budget = failureBudget(perMinute, now);
  // Requests the gate itself refused are not failures of their own, or a client that kept knocking
  // would never get its allowance back.
  const turnedAway = new WeakSet<FastifyRequest>();
  return {
    admit(request) {
      const wait = counts(request) ? budget.waitSeconds(clientKey(request.ip)) : 0;
      if (wait === 0) return;
      turnedAway.add(request);
      throw new GenAuthError(429, msg("tooManyFailedRequests", { seconds: wait }));
    },
    settle(request, reply) {
      // GenAuth answers HTTP 200 even on failure: the error and not-found handlers note the body's statusCode.
      const failed = (request.answeredStatusCode ?? 200) !== 200 || reply.statusCode >= 400;
      if (failed && !request.user && counts(request) && !turnedAway.has(request)) budget.spend(clientKey(request.ip));
    },
  };
}
