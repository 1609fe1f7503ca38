import type { ErrorObject } from "ajv";
import { resolveRef, type JsonSchema } from "./spec.ts";
import { compileSchema, MISSING_API_CODE, MISSING_MESSAGE, type CompileSchema } from "./validators.ts";
import { isMessageKey, msg, type Message } from "../messages/catalogue.ts";

/** Why a value failed its schema, as a message that names the field, plus the apiCode the contract attaches. */
export interface Explanation {
  message: Message;
  apiCode?: number;
}

/** The discriminating property whose value selected a oneOf branch, for "required when" messages. */
interface Context {
  tag: string;
  value: string;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const fieldOf = (path: string, pointer: string) =>
  pointer
    .split("/")
    .slice(1)
    .reduce((at, key) => join(at, key.replace(/~1/g, "/").replace(/~0/g, "~")), path);

/** The schema of the property at a dotted path, with the siblings of its $ref, for reading extensions. */
function propertySchema(schema: JsonSchema, keys: string[]): JsonSchema | undefined {
  let at: JsonSchema | undefined = resolveRef(schema);
  for (const key of keys) {
    // A property is declared beside the keywords or, as in `allOf: [EnrollFactorEnrollmentDataDto]`, in a part.
    const parts: Array<JsonSchema | undefined> = [
      at,
      ...((at?.allOf as JsonSchema[] | undefined) ?? []).map((p: JsonSchema) => resolveRef(p)),
    ];
    const raw: JsonSchema | undefined = parts.map((p) => (p?.properties as Record<string, JsonSchema> | undefined)?.[key]).find(Boolean);
    at = raw && Object.assign({}, resolveRef(raw), raw);
  }
  return at;
}

function describe(error: ErrorObject, path: string, root: JsonSchema, context: Context | undefined, whole: Message): Explanation {
  const field = fieldOf(path, error.instancePath);
  const p = error.params as Record<string, unknown>;
  const what: string | Message = field || whole;
  switch (error.keyword) {
    case "required": {
      const missing = join(field, String(p.missingProperty));
      const keys = missing.split(".").slice(path ? path.split(".").length : 0);
      const property = propertySchema(root, keys);
      const apiCode = property?.[MISSING_API_CODE] as number | undefined;
      // GenAuth words some of these itself (apiCodes 6003 and 6004): the contract names that message.
      const own = property?.[MISSING_MESSAGE];
      const message = isMessageKey(own)
        ? ({ key: own } as Message)
        : context
          ? msg("fieldRequiredWhen", { field: missing, ...context })
          : msg("fieldRequired", { field: missing });
      return { message, ...(apiCode && { apiCode }) };
    }
    case "additionalProperties":
      return { message: msg("fieldUnknown", { field: join(field, String(p.additionalProperty)) }) };
    case "type":
      return {
        message:
          p.type === "object" ? msg("fieldNotObject", { field: what }) : msg("fieldWrongType", { field: what, type: String(p.type) }),
      };
    case "enum":
      return { message: msg("fieldNotOneOf", { field: what, allowed: (p.allowedValues as unknown[]).join(", ") }) };
    case "const":
      return { message: msg("fieldNotConst", { field: what, value: JSON.stringify(p.allowedValue) }) };
    case "pattern":
      return { message: msg("fieldPattern", { field: what, pattern: String(p.pattern) }) };
    case "format":
      return { message: msg("fieldFormat", { field: what, format: String(p.format) }) };
    case "maxLength":
      return { message: msg("fieldTooLong", { field: what, limit: Number(p.limit) }) };
    case "minLength":
      return { message: msg("fieldTooShort", { field: what, limit: Number(p.limit) }) };
    default:
      // A keyword no request schema uses today; Ajv's English reason is kept as a detail.
      return { message: msg("fieldInvalid", { field: what, reason: error.message ?? error.keyword }) };
  }
}

/** The values each branch of a oneOf allows for `key`, when every branch pins it with const or enum. */
function discriminant(branches: JsonSchema[]): { key: string; values: unknown[][] } | undefined {
  const first = (branches[0]?.properties ?? {}) as Record<string, JsonSchema>;
  for (const key of Object.keys(first)) {
    const values = branches.map((b) => {
      const prop = resolveRef(((b.properties ?? {}) as Record<string, JsonSchema>)[key] ?? {});
      return "const" in prop ? [prop.const] : (prop.enum as unknown[] | undefined);
    });
    if (values.every(Boolean)) return { key, values: values as unknown[][] };
  }
  return undefined;
}

interface Plan {
  resolved: JsonSchema;
  branches?: JsonSchema[];
  tag?: { key: string; values: unknown[][] };
}

/**
 * Explains why `data` fails `schema`, or returns undefined when it passes. A oneOf whose branches are
 * told apart by one property (factorType) is explained by the branch that property selects, so an
 * SMS request without a phone number says exactly that rather than "must match exactly one schema".
 * `whole` names the value itself when the failure is not in one of its fields.
 */
export type Explain = (schema: JsonSchema, data: unknown, path?: string, context?: Context, whole?: Message) => Explanation | undefined;

/** An explain that compiles with `compile` and keeps its own plans, apart from every other explain's. */
export function createExplain(compile: CompileSchema): Explain {
  // Worked out once per schema: explain() runs on every request, valid ones included.
  const plans = new WeakMap<JsonSchema, Plan>();
  function planOf(schema: JsonSchema): Plan {
    let plan = plans.get(schema);
    if (!plan) {
      const resolved = resolveRef(schema);
      const branches = (resolved.oneOf as JsonSchema[] | undefined)?.map((b) => resolveRef(b));
      plan = { resolved, branches, tag: branches && discriminant(branches) };
      plans.set(schema, plan);
    }
    return plan;
  }

  return function explain(schema, data, path = "", context, whole = msg("theRequestBody")) {
    const { resolved, branches, tag } = planOf(schema);
    if (branches && tag) {
      if (typeof data !== "object" || data === null || Array.isArray(data)) {
        return { message: msg("fieldNotObject", { field: path || whole }) };
      }
      const value = (data as Record<string, unknown>)[tag.key];
      const index = tag.values.findIndex((allowed) => allowed.includes(value));
      if (index < 0) {
        const field = join(path, tag.key);
        const allowed = tag.values.flat().join(", ");
        return { message: value === undefined ? msg("fieldRequired", { field }) : msg("fieldNotOneOf", { field, allowed }) };
      }
      return explain(branches[index]!, data, path, { tag: join(path, tag.key), value: String(value) }, whole);
    }
    const validate = compile(resolved);
    if (validate(data)) return undefined;
    return describe(validate.errors![0]!, path, resolved, context, whole);
  };
}

/** The explain every target uses, with the validators they share. */
export const explain: Explain = createExplain(compileSchema);
