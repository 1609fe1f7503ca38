import { msg } from "../messages/catalogue.ts";
import type { ExampleSource } from "./answer.ts";

/**
 * Example bodies straight from the embedded contract, as Prism serves them: the example a
 * `Prefer: example=<name>` names, or the operation's first. No second copy of any example.
 */
export const embeddedExamples: ExampleSource = async ({ op, prefer }) => {
  const name = /example=([^,;\s]+)/.exec(prefer ?? "")?.[1] ?? op.responseExamples.keys().next().value;
  const value = name === undefined ? undefined : op.responseExamples.get(name);
  if (value === undefined) return { failure: msg("mockUpstreamFailed", { operationId: op.operationId, status: 404 }) };
  return { text: JSON.stringify(value) };
};
