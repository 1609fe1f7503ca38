import { operations } from "../contract/operations.ts";
import type { GenAuthError } from "../contract/envelope.ts";
import { parseJsonBody } from "../http/parse-json.ts";
import { msg } from "../messages/catalogue.ts";
import type { Reply } from "./reply.ts";
import { isRefusal, parseScenario, type ScenarioStore } from "./scenarios.ts";

/** The control surface's path: outside GenAuth's API, and outside the contract. */
export const CONTROL_PATH = "/__mock/scenario";

/** Each operation's example names, for the control surface's checks. */
export const exampleNames: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  operations.map((op) => [op.operationId, new Set(op.responseExamples.keys())]),
);

/** `GET`, `PUT` and `DELETE /__mock/scenario`: the calling token's scenario. */
export async function control(request: Request, token: string | undefined, scenarios: ScenarioStore, reply: Reply): Promise<Response> {
  if (!token) return reply.fail({ statusCode: 401, message: msg("noAccessToken") });
  if (request.method === "DELETE") scenarios.clear(token);
  else if (request.method === "PUT") {
    let value: unknown;
    try {
      value = parseJsonBody(await request.text());
    } catch (error) {
      return reply.fail({ statusCode: 400, message: (error as GenAuthError).detail });
    }
    const parsed = parseScenario(value, exampleNames);
    if (isRefusal(parsed)) return reply.fail({ statusCode: 400, message: msg("mockBadScenario", { reason: parsed }) });
    scenarios.set(token, parsed);
  } else if (request.method !== "GET")
    return reply.fail({ statusCode: 400, message: msg("mockControlMethod", { path: CONTROL_PATH, method: request.method }) });
  return reply.send(JSON.stringify({ statusCode: 200, message: "", data: scenarios.get(token) }));
}
