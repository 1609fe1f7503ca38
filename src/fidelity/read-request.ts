import { checkOurRules, checkRequest } from "../contract/check-request.ts";
import { contractWarnings, warningHeaderValue, type ContractWarning } from "../contract/contract-warnings.ts";
import type { GenAuthError } from "../contract/envelope.ts";
import type { Operation } from "../contract/operations.ts";
import { JSON_MEDIA_TYPE } from "../http/media-type.ts";
import { parseJsonBody } from "../http/parse-json.ts";
import { parseQuery } from "../http/parse-query.ts";
import { BODY_LIMIT_BYTES } from "../http/read-body.ts";
import { msg } from "../messages/catalogue.ts";
import type { Refusal } from "./reply.ts";

/**
 * The largest body the mock reads. Past our 16 KiB limit it still answers, as GenAuth might, with a
 * warning; this bound only keeps one request from holding the mock's memory.
 */
export const MOCK_BODY_CAP_BYTES = 1024 * 1024;

/** A request that passed the contract's checks, read once for the rest of the core. */
export interface ValidRequest {
  query: Record<string, unknown>;
  /** The body as received, and parsed; both undefined when there was none. */
  bodyText: string | undefined;
  body: unknown;
  /** What GenAuth would serve but our targets did not expect, as `X-Contract-Warning`'s value. */
  warning: string | undefined;
}

/**
 * Reads an operation's request, body included, and checks it against the contract: the request as
 * the core goes on with it, or GenAuth's refusal of it. `stateful` says whether the domain answers
 * (the stateful mock), which tells a token it never issued from one it did.
 */
export async function readRequest(
  op: Operation,
  request: Request,
  headers: Record<string, string>,
  { stateful }: { stateful: boolean } = { stateful: false },
): Promise<ValidRequest | { refusal: Refusal }> {
  const text = await readText(request);
  if (text === "too large") return { refusal: { statusCode: 413, message: msg("bodyTooLarge", { limit: MOCK_BODY_CAP_BYTES }) } };
  let body: unknown;
  if (op.bodySchema && text.length > 0) {
    const contentType = request.headers.get("content-type");
    if (!JSON_MEDIA_TYPE.test(contentType ?? ""))
      return { refusal: { statusCode: 400, message: msg("contentTypeNotJson", { contentType: contentType ?? "missing" }) } };
    try {
      body = parseJsonBody(text);
    } catch (error) {
      return { refusal: { statusCode: 400, message: (error as GenAuthError).detail } };
    }
  }
  const query = parseQuery(new URL(request.url).search.slice(1));
  const invalid = checkRequest(op, { query, headers, body }) ?? checkOurRules(op, body);
  if (invalid) return { refusal: { statusCode: 400, message: invalid.message, apiCode: invalid.apiCode } };
  // GenAuth would serve what our targets did not expect: so does the mock, and it says so. Being
  // stateless, it cannot tell a token it never issued, so a token not of our shape is only noted;
  // with state it can, and the domain answers such a token as the server does.
  const noticed: ContractWarning[] = contractWarnings(op, { headers, body }, !stateful);
  // A UTF-16 unit is at most 3 UTF-8 bytes, so only a long text needs counting.
  const bytes = text.length > BODY_LIMIT_BYTES / 3 ? new TextEncoder().encode(text).byteLength : text.length;
  if (bytes > BODY_LIMIT_BYTES) noticed.push({ kind: "body-over-limit", subject: String(bytes) });
  return { query, bodyText: body === undefined ? undefined : text, body, warning: warningHeaderValue(noticed) };
}

/** The body as text, or "too large" once it passes the mock's cap (the rest is not read). */
async function readText(request: Request): Promise<string | "too large"> {
  if (Number(request.headers.get("content-length")) > MOCK_BODY_CAP_BYTES) return "too large";
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MOCK_BODY_CAP_BYTES) {
      void reader.cancel().catch(() => undefined);
      return "too large";
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}
