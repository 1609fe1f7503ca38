import { operations, type Operation } from "../contract/operations.ts";
import { msg, type Message } from "../messages/catalogue.ts";
import type { Scenario } from "./scenario.ts";
import { scenarioInToken } from "./scenarios.ts";

// Which example answers a valid request: the one place that decides it, for the Prism front and the
// MSW handlers alike. The sources of bodies are handed its answer and never decide again.

/** Everything that decides which example answers a request that passed the contract's checks. */
export interface ExampleRequest {
  op: Operation;
  query: Record<string, unknown>;
  /** The parsed body; undefined when there was none. */
  body: unknown;
  /** The request's `Prefer` header, if any (`example=<name>`, as Prism reads it). */
  prefer: string | undefined;
  /** The access token, which may name a scenario itself (`scenario=throttled`). */
  token: string;
  /** The token's scenario, as the control surface set it. */
  scenario: Scenario;
  /** Whether a body nothing names is generated from the schema (the mock's --dynamic, which needs Prism). */
  dynamic: boolean;
  /** Whether the reference server's domain answers a request that names no example (the stateful mock). */
  stateful?: boolean;
}

/**
 * The decision: a named example (with, for an implicit factor, the `factorId` it shows in place of
 * its own), a body generated from the schema, the stateful mock's domain, or a refusal of the request.
 */
export type ExampleChoice = { example: string; factorId?: string } | { generate: true } | { domain: true } | { refusal: Message };

/** Every example name of the contract: a scenario in a token must be one of them. */
const anyExample = new Set(operations.flatMap((op) => [...op.responseExamples.keys()]));

// Prism's default, and ours, is an operation's first example: every operation must have one.
for (const op of operations)
  if (op.responseExamples.size === 0) throw new Error(`openapi.yaml: ${op.operationId} has no named response example`);
const firstExample = (op: Operation) => op.responseExamples.keys().next().value!;

/**
 * Which example answers: `Prefer: example=<name>`, then the scenario the token names, then the one the
 * control surface set, then the example that fits the request itself, then the operation's first.
 * With `dynamic`, a request nothing names is answered with a generated body, unless it names a
 * factor: whether that factor exists decides the answer (404 for one the mock does not know). With
 * `stateful`, a request nothing names is the domain's to answer, as the reference server would.
 */
export function chooseExample(request: ExampleRequest): ExampleChoice {
  const { op, prefer, dynamic } = request;
  const preferred = /(?:^|[,;\s])example=([^,;\s]+)/.exec(prefer ?? "")?.[1];
  if (preferred && !op.responseExamples.has(preferred)) {
    return {
      refusal: msg("mockUnknownExample", {
        name: preferred,
        operationId: op.operationId,
        known: [...op.responseExamples.keys()].join(", "),
      }),
    };
  }
  const inToken = scenarioInToken(request.token);
  if (inToken && !anyExample.has(inToken))
    return { refusal: msg("mockUnknownScenario", { name: inToken, known: [...anyExample].join(", ") }) };
  const named =
    preferred ??
    (inToken && op.responseExamples.has(inToken) ? inToken : undefined) ??
    (request.scenario.examples as Record<string, string> | undefined)?.[op.operationId];
  // Only an example name goes on to a source: `Prefer: dynamic=true` would have Prism generate a body
  // no one checks against the contract (and `code=` would pick a response GenAuth never sends).
  if (!dynamic && /(?:^|[,;\s])dynamic=/.test(prefer ?? "")) return { refusal: msg("mockDynamicRefused") };
  if (named) return { example: named };
  if (request.stateful) return { domain: true };
  const body = request.body as Record<string, unknown> | undefined;
  const namesFactor = request.query.factorId !== undefined || body?.factorId !== undefined;
  if (dynamic && !namesFactor) return { generate: true };
  const example = fittingExample(op, request.query, body) ?? firstExample(op);
  // An implicit factor (`…|email`) is answered with its type's example, showing the ID that was asked for.
  return implicitFactorExample(request.query.factorId) ? { example, factorId: request.query.factorId as string } : { example };
}

function factorIdsIn(value: unknown): string[] {
  const data = (value as { data?: unknown } | undefined)?.data;
  return (Array.isArray(data) ? data : [data])
    .map((item) => (item as { factorId?: unknown } | undefined)?.factorId)
    .filter((id): id is string => typeof id === "string");
}

/** Every factorId that appears in the contract's examples: the factors the mock pretends exist. */
const exampleFactorIds = new Set(operations.flatMap((op) => [...op.responseExamples.values()].flatMap(factorIdsIn)));

const exampleFactors = operations.flatMap((op) =>
  [...op.responseExamples.values()].flatMap((value) => [(value as { data?: unknown }).data].flat()),
) as Array<{ factorId?: string; factorType?: string } | undefined>;

/** The factorId the examples give a factor of this type, so that generated lists name factors getFactor knows. */
export function exampleFactorId(factorType: unknown): string | undefined {
  return exampleFactors.find((f) => f?.factorType === factorType && typeof f?.factorId === "string")?.factorId;
}

/**
 * GenAuth gives a user whose email address or phone number is bound implicit EMAIL and SMS factors,
 * with composite IDs: `<userId>|email` (GenAuth's getFactor sample) and `<userId>|phone`. The mock
 * answers such an ID with the example of that factor type, so its name is the example's.
 */
function implicitFactorExample(factorId: unknown): "email" | "sms" | undefined {
  if (typeof factorId !== "string") return undefined;
  if (/.\|email$/.test(factorId)) return "email";
  if (/.\|phone$/.test(factorId)) return "sms";
  return undefined;
}

/**
 * The named example that fits this request, chosen from the request itself the way a stateful server
 * would decide: the example named after its factorType (`sms` for SMS), the example showing the
 * requested factorId (or, for an implicit factor's composite ID, of its type), or `notFound` for a
 * factorId no example has. Undefined when none fits better than the first.
 */
function fittingExample(op: Operation, query: Record<string, unknown>, body: Record<string, unknown> | undefined): string | undefined {
  const names = op.responseExamples;
  const factorType = body?.factorType;
  if (typeof factorType === "string" && names.has(factorType.toLowerCase())) return factorType.toLowerCase();
  const factorId = query.factorId ?? body?.factorId;
  if (typeof factorId !== "string") return undefined;
  for (const [name, value] of names) if (factorIdsIn(value).length === 1 && factorIdsIn(value)[0] === factorId) return name;
  if (exampleFactorIds.has(factorId)) return undefined;
  const implicit = implicitFactorExample(factorId);
  if (implicit) return names.has(implicit) ? implicit : undefined;
  return names.has("notFound") ? "notFound" : undefined;
}
