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

/** Follows a local `#/components/...` reference to its target. */
export function resolveRef<T>(node: T | { $ref: string }): T {
  if (node && typeof node === "object" && "$ref" in node && typeof node.$ref === "string") {
    const target = node.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], spec);
    if (target === undefined) throw new Error(`openapi.yaml: unresolved reference ${node.$ref}`);
    return resolveRef(target as T);
  }
  return node as T;
}
