import { randomBytes } from "node:crypto";
import type { Operation } from "../../../src/contract/operations.ts";
import { documentedHeaders, documentedQuery, keepDocumented } from "./documented-fields.ts";
import type { TenantMemory } from "./tenant-memory.ts";

/** A request as the double received it, its body still text. */
export interface IncomingCall {
  operation: Operation;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string | undefined;
}

/** The request to send upstream, and the body as the tenant understood it (documented fields, its own ids). */
export interface UpstreamCall {
  url: string;
  init: RequestInit;
  /** The parsed body after unknown fields were dropped, still carrying the tenant's opaque ids. */
  body: unknown;
}

// Well formed (128 bytes of base64, as the upstream mints them) but never issued, so the upstream
// refuses it as an unknown token: what the tenant sends for a token it never minted.
const NEVER_ISSUED_TOKEN = randomBytes(128).toString("base64");

/** Swaps the tenant's opaque ids for the upstream's, at any depth: every `enrollmentToken` and `factorId`. */
function toUpstreamIds(value: unknown, memory: TenantMemory): unknown {
  if (Array.isArray(value)) return value.map((item) => toUpstreamIds(item, memory));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, field]) => {
      if (name === "enrollmentToken" && typeof field === "string") return [name, memory.tokens.upstreamFor(field) ?? NEVER_ISSUED_TOKEN];
      // An id this double never minted goes upstream as it is: the upstream answers for it.
      if (name === "factorId" && typeof field === "string") return [name, memory.factorIds.upstreamFor(field) ?? field];
      return [name, toUpstreamIds(field, memory)];
    }),
  );
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The JSON body with undocumented fields dropped, or undefined when it is not JSON (sent on as it is). */
function parsedBody(call: IncomingCall): { parsed: unknown } | undefined {
  if (call.body === undefined || !/json/i.test(first(call.headers["content-type"]) ?? "") || !call.operation.bodySchema) return undefined;
  try {
    return { parsed: keepDocumented(call.operation.bodySchema, JSON.parse(call.body)) };
  } catch {
    return undefined; // malformed JSON: the upstream says what is wrong with it
  }
}

/**
 * Builds the upstream request: only documented fields, query parameters and headers (malformed
 * ones dropped), the tenant's ids swapped for the upstream's, and the access token and origin as they came.
 */
export function upstreamRequest(upstream: string, call: IncomingCall, memory: TenantMemory): UpstreamCall {
  // Each value is swapped where it stands, so a parameter given twice still goes up twice, for the upstream to judge.
  const query = new URLSearchParams(
    [...documentedQuery(call.operation, call.query)].map(([name, value]) => [
      name,
      name === "factorId" ? (memory.factorIds.upstreamFor(value) ?? value) : value,
    ]),
  );
  const headers: Record<string, string> = documentedHeaders(call.operation, call.headers);
  const authorization = first(call.headers.authorization);
  if (authorization !== undefined) headers.authorization = authorization;
  // The origin goes along so that the upstream's CORS answer, which the tenant relays, names it.
  const origin = first(call.headers.origin);
  if (origin !== undefined) headers.origin = origin;
  const contentType = first(call.headers["content-type"]);
  if (call.body !== undefined && contentType !== undefined) headers["content-type"] = contentType;
  const parsed = parsedBody(call);
  const body = parsed ? JSON.stringify(toUpstreamIds(parsed.parsed, memory)) : call.body;
  const search = query.toString() === "" ? "" : `?${query}`;
  return {
    url: `${upstream.replace(/\/$/, "")}${call.operation.path}${search}`,
    init: { method: call.operation.method, headers, body: call.operation.method === "GET" ? undefined : body },
    body: parsed?.parsed,
  };
}
