import { operations, type Operation } from "../contract/operations.ts";

type Body = Record<string, unknown> | undefined;

function factorIdsIn(value: unknown): string[] {
  const data = (value as { data?: unknown } | undefined)?.data;
  return (Array.isArray(data) ? data : [data])
    .map((item) => (item as { factorId?: unknown } | undefined)?.factorId)
    .filter((id): id is string => typeof id === "string");
}

/** Every factorId that appears in the contract's examples: the factors the mock pretends exist. */
const exampleFactorIds = new Set(operations.flatMap((op) => [...op.responseExamples.values()].flatMap(factorIdsIn)));

/**
 * The named example that answers this (valid) request, chosen from the request itself the way a
 * stateful server would decide: the example named after its factorType (`sms` for SMS), the example
 * showing the requested factorId, or `notFound` for a factorId no example has. Undefined leaves
 * Prism's default, the first example.
 */
export function chooseExample(op: Operation, query: Record<string, unknown>, body: Body): string | undefined {
  const names = op.responseExamples;
  const factorType = body?.factorType;
  if (typeof factorType === "string" && names.has(factorType.toLowerCase())) return factorType.toLowerCase();
  const factorId = query.factorId ?? body?.factorId;
  if (typeof factorId !== "string") return undefined;
  for (const [name, value] of names) if (factorIdsIn(value).length === 1 && factorIdsIn(value)[0] === factorId) return name;
  if (exampleFactorIds.has(factorId)) return undefined;
  return names.has("notFound") ? "notFound" : undefined;
}
