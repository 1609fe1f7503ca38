import contract from "../../generated/openapi.json" with { type: "json" };

/** An OpenAPI document, loosely typed: only the parts this project reads are named. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: {
    schemas: Record<string, JsonSchema>;
    examples: Record<string, { summary?: string; description?: string; value: unknown }>;
    parameters: Record<string, ParameterObject>;
  };
}

export type JsonSchema = Record<string, unknown>;

export interface ParameterObject {
  name: string;
  in: "query" | "header" | "path" | "cookie";
  required?: boolean;
  schema: JsonSchema;
}

export interface MediaTypeObject {
  schema: JsonSchema;
  examples?: Record<string, { $ref?: string; value?: unknown }>;
}

export interface OperationObject {
  operationId: string;
  parameters?: Array<ParameterObject | { $ref: string }>;
  requestBody?: { required?: boolean; content: Record<string, MediaTypeObject> };
  responses: Record<string, { content: Record<string, MediaTypeObject> }>;
}

/**
 * The contract, embedded: generated/openapi.json is openapi.yaml as `npm run generate` writes it,
 * so this module reads no file and runs in a browser as well as in Node.
 */
export const spec: OpenApiDocument = contract as unknown as OpenApiDocument;

// Each reference node's target, found once: the request checks and the contract warnings follow
// references on every request, and walking the path from the document's root was most of a walk's cost.
const resolved = new WeakMap<object, { ref: string; target: unknown }>();

/** Follows a local `#/components/...` reference to its target. */
export function resolveRef<T>(node: T | { $ref: string }): T {
  if (node && typeof node === "object" && "$ref" in node && typeof node.$ref === "string") {
    const known = resolved.get(node);
    if (known?.ref === node.$ref) return known.target as T;
    const target = node.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], spec);
    if (target === undefined) throw new Error(`openapi.yaml: unresolved reference ${node.$ref}`);
    const final = resolveRef(target as T);
    resolved.set(node, { ref: node.$ref, target: final });
    return final;
  }
  return node as T;
}
