import { expect } from "vitest";
import { operation } from "../../src/contract/operations.ts";
import { responseValidator } from "../../src/contract/validators.ts";
import { beforeCall, onAnswer } from "./basis.ts";
import { target } from "./target.ts";

/** How to send one request; by default a JSON body and the target's access token. */
export interface CallOptions {
  body?: unknown;
  /** Sent verbatim instead of `body`, for malformed input. */
  rawBody?: string;
  contentType?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Another token, or null for none at all. */
  token?: string | null;
  /** A 429 is what the case checks (a limit), not the target throttling a case about something else. */
  throttleExpected?: boolean;
}

/** A parsed answer that already passed every check the contract makes of any answer. */
export interface Answer {
  // biome-ignore lint/suspicious/noExplicitAny: the body is checked against its operation's schema before a test reads it
  body: any;
  response: Response;
}

/**
 * Calls one operation on the target and checks what the contract promises of every answer: HTTP
 * 200 and a JSON body valid against that operation's schema (success or GenAuth's envelope), at the
 * target's level. Our own targets also promise a UUID `requestId` on every answer, the same in
 * `X-Request-Id`, and `Cache-Control: no-store`; GenAuth documents neither, so a remote target is not
 * held to them unless CONTRACT_PROFILE=reference. A test only asserts what is particular to it.
 * Inside a contract case, calling an operation of ours on a remote target, or being throttled in a
 * case that is not about limits, skips the case with its reason (see basis.ts).
 */
export async function call(operationId: string, options: CallOptions = {}): Promise<Answer> {
  beforeCall(operationId);
  const op = operation(operationId);
  const url = new URL(target.baseUrl + op.path);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? target.accessToken : options.token;
  if (token !== null) headers.authorization = token;
  let payload: string | undefined = options.rawBody;
  if (payload === undefined && options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) headers["content-type"] = options.contentType ?? "application/json";
  const response = await fetch(url, { method: op.method, headers, body: payload });
  const text = await response.text();

  expect(response.status, `HTTP status of ${operationId}: ${text.slice(0, 300)}`).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = JSON.parse(text);
  const validate = responseValidator(operationId, target.profile);
  expect(
    validate(body),
    `${operationId} answered outside its ${target.profile}-level schema: ${JSON.stringify(validate.errors)}\n${text.slice(0, 500)}`,
  ).toBe(true);
  if (target.profile === "reference") {
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-request-id")).toBe(body.requestId);
  }
  onAnswer(operationId, body, options.throttleExpected);
  return { body, response };
}

/** An answer with the example's content; the request id is the answer's own, as each answer has a fresh one. */
export function asExample(body: { requestId?: string }, value: unknown): unknown {
  const expected = value as { requestId?: string };
  return expected.requestId === undefined ? expected : { ...expected, requestId: body.requestId };
}

/** The named response example of an operation, as the contract holds it. */
export function example(operationId: string, name: string): unknown {
  const value = operation(operationId).responseExamples.get(name);
  if (value === undefined) throw new Error(`${operationId} has no example named ${name}`);
  return value;
}

/** The named request example of an operation. */
export function requestExample(operationId: string, name: string): Record<string, unknown> {
  const value = operation(operationId).requestExamples.get(name);
  if (value === undefined) throw new Error(`${operationId} has no request example named ${name}`);
  return structuredClone(value) as Record<string, unknown>;
}
