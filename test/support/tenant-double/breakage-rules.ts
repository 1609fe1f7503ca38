import type { Breakage } from "./breakages.ts";
import { mintEnrollmentToken } from "./opaque-ids.ts";
import { newRequestId, TENANT_REGION } from "./rewrite-answer.ts";
import { destinationOf, type Json, type TenantMemory } from "./tenant-memory.ts";
import { wordingFor, type TenantLanguage } from "./wording.ts";

/** One request and what the breakages need to know of it. */
export interface Exchange {
  operationId: string;
  /** The request's access token (without any Bearer prefix), which names its holder. */
  accessToken: string | undefined;
  /** The body as the tenant understood it: documented fields, the tenant's own ids. */
  body: unknown;
  query: URLSearchParams;
  language: TenantLanguage;
}

const tokenOf = (body: unknown): string | undefined => {
  const token = (body as { enrollmentToken?: unknown } | undefined)?.enrollmentToken;
  return typeof token === "string" ? token : undefined;
};

/**
 * Notes what a faithful answer showed, so that a breakage can misuse it later: the destinations
 * codes went to, the factors each token's holder saw, the successes of enrollFactor by token.
 */
export function remember(exchange: Exchange, answer: Json, memory: TenantMemory): void {
  if (answer.statusCode !== 200) return;
  const { operationId, accessToken, body } = exchange;
  const destination = destinationOf(body);
  if (operationId === "sendEnrollFactorRequest" && destination) memory.codeSent(destination);
  const token = tokenOf(body);
  if (operationId === "enrollFactor" && token) memory.enrolled(token, answer);
  if ((operationId === "getFactor" || operationId === "listEnrolledFactors") && accessToken) {
    for (const factor of [answer.data].flat()) if (factor && typeof factor === "object") memory.factorShown(accessToken, factor as Json);
  }
}

const success = (language: TenantLanguage, data: Json): Json => ({
  requestId: newRequestId(),
  statusCode: 200,
  message: wordingFor(200, undefined, language),
  data,
  ...TENANT_REGION,
});

/** An answer the breakage gives without asking the upstream at all, if it has one for this request. */
export function answerWithoutUpstream(breakage: Breakage | undefined, exchange: Exchange, memory: TenantMemory): Json | undefined {
  const token = tokenOf(exchange.body);
  // tokenTwice: a token already spent on a success is "accepted" again.
  if (breakage === "tokenTwice" && exchange.operationId === "enrollFactor" && token) return memory.enrolledWith(token);
  return undefined;
}

/** The answer after the breakage, if one is switched on, has had its way with it. */
export function breakAnswer(breakage: Breakage | undefined, exchange: Exchange, answer: Json, memory: TenantMemory): Json {
  const { operationId, language } = exchange;
  if (breakage === "noEnrollmentToken" && operationId === "sendEnrollFactorRequest" && answer.statusCode === 200) {
    const { enrollmentToken: _dropped, ...data } = answer.data as Json;
    return { ...answer, data };
  }
  if (breakage === "secondCodeInMinute" && operationId === "sendEnrollFactorRequest" && answer.statusCode === 429) {
    // Only the one-code-a-minute rule is broken: the double saw a code go to this destination within the minute.
    const destination = destinationOf(exchange.body);
    if (destination && memory.codeSentWithinMinute(destination))
      return success(language, { enrollmentToken: mintEnrollmentToken(), ...TENANT_REGION });
  }
  if (breakage === "otherUsersFactor" && operationId === "getFactor" && answer.statusCode === 404 && exchange.accessToken) {
    const factor = memory.factorShownToOthers(exchange.accessToken, exchange.query.get("factorId") ?? "");
    if (factor) return success(language, factor);
  }
  if (breakage === "stringStatusCode") return { ...answer, statusCode: String(answer.statusCode) };
  return answer;
}

/** The HTTP status an operation's answer goes out with: 200, as GenAuth documents, unless http500 breaks it. */
export const httpStatusFor = (breakage: Breakage | undefined, answer: Json): number =>
  breakage === "http500" && Number(answer.statusCode) !== 200 ? 500 : 200;
