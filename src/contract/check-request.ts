import { createExplain, explain as sharedExplain, type Explain, type Explanation } from "./explain.ts";
import type { Operation } from "./operations.ts";
import { resolveRef, spec, type JsonSchema } from "./spec.ts";
import { compileSchema, INVALID_MESSAGE, type CompileSchema } from "./validators.ts";
import { isMessageKey, msg, type Message } from "../messages/catalogue.ts";

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

/** A part of a request body that our targets judge by its schema's `x-reference`, and where it is. */
interface OurRule {
  operationId: string;
  /** The part, if this request has it. */
  part: (body: Record<string, unknown>) => unknown;
  field: string;
  schema: () => JsonSchema;
}

const OUR_RULES: OurRule[] = [
  // An email address that is not a valid `email`, which our targets could not deliver to.
  {
    operationId: "sendEnrollFactorRequest",
    part: (b) => b.profile,
    field: "profile",
    schema: () => spec.components.schemas.FactorProfile!,
  },
  // A FACE photo that is neither an https URL nor an upload's key, which our targets would store
  // and show back (a `javascript:` URL among them), whatever isExternalPhoto says.
  {
    operationId: "enrollFactor",
    part: (b) => (b.factorType === "FACE" ? (b.enrollmentData as Record<string, unknown> | undefined)?.photo : undefined),
    field: "enrollmentData.photo",
    schema: () => (spec.components.schemas.EnrollFactorEnrollmentDataDto!.properties as Record<string, JsonSchema>).photo!,
  },
];

/** The checks a target makes of each request, with the caches and validators they were built with. */
export interface RequestChecks {
  /**
   * Checks a request against its operation in openapi.yaml: headers, then query, then body.
   * Returns why it is invalid, naming the field, or undefined when it is valid.
   */
  checkRequest: (op: Operation, parts: RequestParts) => Explanation | undefined;
  /**
   * Our targets' own refusals of a request GenAuth's schema accepts, read from the `x-reference` of
   * the parts they judge (`OUR_RULES`). The message names the field, as a schema refusal's would, in
   * the words the schema's `x-message-when-invalid` names if it names any.
   */
  checkOurRules: (op: Operation, body: unknown) => Explanation | undefined;
}

/** Request checks that compile with `compile` and explain with `explain`, keeping their own parameter schemas. */
export function createRequestChecks(compile: CompileSchema, explain: Explain = createExplain(compile)): RequestChecks {
  // An operation's parameters, as one schema per location, worked out on its first request.
  const schemas = new WeakMap<Operation, { query: JsonSchema; headers: JsonSchema }>();
  function schemasOf(op: Operation) {
    let s = schemas.get(op);
    if (!s) {
      s = { query: parametersSchema(op, "query"), headers: parametersSchema(op, "header") };
      schemas.set(op, s);
    }
    return s;
  }

  function checkRequest(op: Operation, parts: RequestParts): Explanation | undefined {
    const { query, headers } = schemasOf(op);
    const header = explain(headers, parts.headers, "", undefined, msg("theHeaders"));
    if (header) return { message: header.message };
    const q = explain(query, parts.query, "", undefined, msg("theQueryString"));
    if (q) return { message: q.message };
    if (!op.bodySchema) return undefined;
    if (parts.body === undefined) return { message: msg("bodyRequired") };
    return explain(op.bodySchema, parts.body);
  }

  function checkOurRules(op: Operation, body: unknown): Explanation | undefined {
    if (body === null || typeof body !== "object") return undefined;
    for (const rule of OUR_RULES) {
      const value = rule.operationId === op.operationId ? rule.part(body as Record<string, unknown>) : undefined;
      if (value === undefined) continue;
      const schema = rule.schema();
      const validate = compile(schema, "reference");
      if (validate(value)) continue;
      const error = validate.errors![0]!;
      const field = `${rule.field}${error.instancePath.replaceAll("/", ".")}`;
      const own = schema[INVALID_MESSAGE];
      const message = isMessageKey(own)
        ? ({ key: own, params: { field } } as Message)
        : error.keyword === "format"
          ? msg("fieldFormat", { field, format: String(error.params.format) })
          : msg("fieldInvalid", { field, reason: error.message ?? error.keyword });
      return { message };
    }
    return undefined;
  }

  return { checkRequest, checkOurRules };
}

// The checks every target makes, with the validators and the explain they share.
const shared = createRequestChecks(compileSchema, sharedExplain);

/** Checks a request against its operation in openapi.yaml; see RequestChecks. */
export const checkRequest: RequestChecks["checkRequest"] = shared.checkRequest;
/** Our targets' own refusals of a request GenAuth's schema accepts; see RequestChecks. */
export const checkOurRules: RequestChecks["checkOurRules"] = shared.checkOurRules;
