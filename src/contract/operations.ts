import { isMessageKey, type Message } from "../messages/catalogue.ts";
import { resolveRef, spec, type JsonSchema, type OpenApiDocument, type ParameterObject } from "./spec.ts";

/** The vendor extension on an example that gives its `message` as a catalogue key, so targets can translate it. */
export const EXAMPLE_MESSAGE = "x-genauth-message";

/** One operation of the contract, flattened for the mock, the server and the tests. */
export interface Operation {
  operationId: string;
  method: "GET" | "POST";
  path: string;
  /** The JSON body's schema, when the operation takes one. */
  bodySchema?: JsonSchema;
  /** Query and header parameters, references resolved. */
  parameters: ParameterObject[];
  /** The HTTP 200 JSON body's schema: success or GenAuth's error envelope. */
  responseSchema: JsonSchema;
  /** The named response examples, in the contract's order (the first is Prism's default). */
  responseExamples: Map<string, unknown>;
  /** The named request examples. */
  requestExamples: Map<string, unknown>;
  /** The message of each named response example that carries one, as a catalogue key and its values. */
  responseMessages: Map<string, Message>;
}

function examplesOf(examples: Record<string, { $ref?: string; value?: unknown }> | undefined) {
  return new Map(Object.entries(examples ?? {}).map(([name, ex]) => [name, resolveRef(ex).value]));
}

function messagesOf(examples: Record<string, { $ref?: string }> | undefined): Map<string, Message> {
  const messages = new Map<string, Message>();
  for (const [name, ex] of Object.entries(examples ?? {})) {
    const message = (resolveRef(ex) as Record<string, unknown>)[EXAMPLE_MESSAGE] as Message | undefined;
    if (message === undefined) continue;
    if (!isMessageKey(message.key))
      throw new Error(`openapi.yaml: example ${name} names ${String(message.key)}, which the message catalogue lacks`);
    messages.set(name, message);
  }
  return messages;
}

/**
 * The operations of a set of paths, in document order, references resolved in openapi.yaml's
 * components. Throws for an operation with no HTTP 200 JSON response or an example message the
 * catalogue lacks: a contract the targets could not serve.
 */
export function operationsOf(paths: OpenApiDocument["paths"]): Operation[] {
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      const body = op.requestBody?.content["application/json"];
      const ok = op.responses["200"]?.content["application/json"];
      if (!ok) throw new Error(`openapi.yaml: ${op.operationId} declares no HTTP 200 JSON response`);
      return {
        operationId: op.operationId,
        method: method.toUpperCase() as Operation["method"],
        path,
        bodySchema: body?.schema,
        parameters: (op.parameters ?? []).map((p) => resolveRef<ParameterObject>(p)),
        responseSchema: ok.schema,
        responseExamples: examplesOf(ok.examples),
        requestExamples: examplesOf(body?.examples),
        responseMessages: messagesOf(ok.examples),
      };
    }),
  );
}

/** Every operation in openapi.yaml, in document order. */
export const operations: Operation[] = operationsOf(spec.paths);

const byId = new Map(operations.map((op) => [op.operationId, op]));
const byRoute = new Map(operations.map((op) => [`${op.method} ${op.path}`, op]));

/** The operation with this operationId; throws for an unknown one, which is a programming error. */
export function operation(operationId: string): Operation {
  const op = byId.get(operationId);
  if (!op) throw new Error(`openapi.yaml has no operation ${operationId}`);
  return op;
}

/** The operation served at this method and path, if any. */
export function findOperation(method: string, path: string): Operation | undefined {
  return byRoute.get(`${method.toUpperCase()} ${path}`);
}
