import { msg } from "../messages/catalogue.ts";
import type { ExampleSource } from "./answer.ts";

/**
 * Example bodies straight from the embedded contract, as Prism serves them: the example the core
 * chose. No second copy of any example. It generates none: a body is asked for without an example
 * only under the mock's --dynamic, which needs Prism.
 */
export const embeddedExamples: ExampleSource = async ({ op, example }) => {
  const value = example === undefined ? undefined : op.responseExamples.get(example);
  if (value === undefined) return { failure: msg("mockUpstreamFailed", { operationId: op.operationId, status: 404 }) };
  return { text: JSON.stringify(value) };
};
