import type { Operation } from "../../../src/contract/operations.ts";
import { resolveRef, type JsonSchema } from "../../../src/contract/spec.ts";
import { compileSchema } from "../../../src/contract/validators.ts";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A schema with its references followed and its oneOf/anyOf/allOf branches laid side by side. */
function alternatives(schema: JsonSchema): JsonSchema[] {
  const resolved = resolveRef(schema);
  const branches = ["oneOf", "anyOf", "allOf"].flatMap((k) => (resolved[k] as JsonSchema[] | undefined) ?? []);
  return [resolved, ...branches.flatMap(alternatives)];
}

/**
 * The value with every field the schema does not document removed, at every depth. A field is
 * documented when any branch of the schema names it (a tenant ignores what it does not know; it
 * does not judge which branch was meant). A value of the wrong type is left as it is, for the
 * upstream to refuse.
 */
export function keepDocumented(schema: JsonSchema, value: unknown): unknown {
  const shapes = alternatives(schema);
  if (Array.isArray(value)) {
    const items = shapes.flatMap((s) => (s.items ? [s.items as JsonSchema] : []));
    return items.length === 0 ? value : value.map((item) => keepDocumented({ anyOf: items }, item));
  }
  if (!isObject(value)) return value;
  const fields = new Map<string, JsonSchema[]>();
  for (const shape of shapes) {
    for (const [name, sub] of Object.entries((shape.properties as Record<string, JsonSchema> | undefined) ?? {})) {
      fields.set(name, [...(fields.get(name) ?? []), sub]);
    }
  }
  if (fields.size === 0) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => fields.has(name))
      .map(([name, field]) => [name, keepDocumented({ anyOf: fields.get(name) }, field)]),
  );
}

/** The query with only the parameters the operation documents. */
export function documentedQuery(operation: Operation, query: URLSearchParams): URLSearchParams {
  const names = new Set(operation.parameters.filter((p) => p.in === "query").map((p) => p.name));
  return new URLSearchParams([...query].filter(([name]) => names.has(name)));
}

/**
 * The documented header parameters the request carries, lower-cased, each only when it is well
 * formed: a malformed `x-authing-app-id` is dropped, as a tenant that ignores it would.
 */
export function documentedHeaders(operation: Operation, headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const parameter of operation.parameters.filter((p) => p.in === "header")) {
    const name = parameter.name.toLowerCase();
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    // Judged by the contract's own compiled GenAuth-level validator, as every target judges it.
    if (value !== undefined && compileSchema(parameter.schema)(value)) kept[name] = value;
  }
  return kept;
}
