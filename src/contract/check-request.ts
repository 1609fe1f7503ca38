import { explain, type Explanation } from "./explain.ts";
import type { Operation } from "./operations.ts";
import { resolveRef, spec, type JsonSchema } from "./spec.ts";
import { compileSchema } from "./validators.ts";
import { msg } from "../messages/catalogue.ts";

/** The parts of a request the contract constrains, already parsed. */
export interface RequestParts {
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
}

function parametersSchema(op: Operation, location: "query" | "header"): JsonSchema {
  const params = op.parameters.filter((p) => p.in === location);
  const name = (n: string) => (location === "header" ? n.toLowerCase() : n);
  return {
    type: "object",
    properties: Object.fromEntries(params.map((p) => [name(p.name), resolveRef(p.schema)])),
    required: params.filter((p) => p.required).map((p) => name(p.name)),
  };
}

const schemas = new WeakMap<Operation, { query: JsonSchema; headers: JsonSchema }>();
function schemasOf(op: Operation) {
  let s = schemas.get(op);
  if (!s) schemas.set(op, (s = { query: parametersSchema(op, "query"), headers: parametersSchema(op, "header") }));
  return s;
}

/**
 * Checks a request against its operation in openapi.yaml: headers, then query, then body.
 * Returns why it is invalid, naming the field, or undefined when it is valid.
 */
export function checkRequest(op: Operation, parts: RequestParts): Explanation | undefined {
  const { query, headers } = schemasOf(op);
  const header = explain(headers, parts.headers, "", undefined, msg("theHeaders"));
  if (header) return { message: header.message };
  const q = explain(query, parts.query, "", undefined, msg("theQueryString"));
  if (q) return { message: q.message };
  if (!op.bodySchema) return undefined;
  if (parts.body === undefined) return { message: msg("bodyRequired") };
  return explain(op.bodySchema, parts.body);
}

/**
 * Our targets' own refusals of a request GenAuth's schema accepts, read from the `x-reference` of the
 * request profile (`FactorProfile`): today, an email address that is not a valid `email`, which our
 * targets could not deliver to. The message names the field, as a schema refusal's would.
 */
export function checkOurRules(op: Operation, body: unknown): Explanation | undefined {
  const profile = (body as { profile?: unknown } | undefined)?.profile;
  if (op.operationId !== "sendEnrollFactorRequest" || profile === undefined) return undefined;
  const validate = compileSchema(spec.components.schemas.FactorProfile!, "reference");
  if (validate(profile)) return undefined;
  const error = validate.errors![0]!;
  const field = `profile${error.instancePath.replaceAll("/", ".")}`;
  const message = error.keyword === "format"
    ? msg("fieldFormat", { field, format: String(error.params.format) })
    : msg("fieldInvalid", { field, reason: error.message ?? error.keyword });
  return { message };
}
