import { expect } from "vitest";
import { operation } from "../../src/contract/operations.ts";
import { validatorsFor } from "../../src/contract/validators.ts";
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
}

/** A parsed answer that already passed every check the contract makes of any answer. */
export interface Answer {
  // The body is checked against its operation's schema before a test reads it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  response: Response;
}

/**
 * Calls one operation on the target and checks what the contract promises of every answer: HTTP
 * 200, a JSON body valid against that operation's schema (success or GenAuth's envelope), a
 * `requestId` on errors, and `Cache-Control: no-store`. A test only asserts what is particular to it.
 */
export async function call(operationId: string, options: CallOptions = {}): Promise<Answer> {
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
  expect(response.headers.get("cache-control")).toBe("no-store");
  const body = JSON.parse(text);
  const validate = validatorsFor(operationId).response;
  expect(validate(body), `${operationId} answered outside its schema: ${JSON.stringify(validate.errors)}\n${text.slice(0, 500)}`).toBe(true);
  if (body.statusCode !== 200) expect(body.requestId).toEqual(expect.any(String));
  return { body, response };
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
