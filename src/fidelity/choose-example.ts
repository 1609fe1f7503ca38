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
export function implicitFactorExample(factorId: unknown): "email" | "sms" | undefined {
  if (typeof factorId !== "string") return undefined;
  if (/.\|email$/.test(factorId)) return "email";
  if (/.\|phone$/.test(factorId)) return "sms";
  return undefined;
}

/**
 * The named example that answers this (valid) request, chosen from the request itself the way a
 * stateful server would decide: the example named after its factorType (`sms` for SMS), the example
 * showing the requested factorId (or, for an implicit factor's composite ID, of its type), or
 * `notFound` for a factorId no example has. Undefined leaves Prism's default, the first example.
 */
export function chooseExample(op: Operation, query: Record<string, unknown>, body: Body): string | undefined {
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
