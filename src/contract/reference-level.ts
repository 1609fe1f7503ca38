/**
 * A schema may carry this vendor extension: the stricter guarantee our own targets (the mock and the
 * reference server) add to GenAuth's, as schema keywords merged over the ones beside it. It constrains
 * responses only; requests are always validated at GenAuth's level.
 */
export const REFERENCE = "x-reference";

/** Which guarantee a response is checked against: GenAuth's own, or our targets' stricter one. */
export type ContractProfile = "genauth" | "reference";

/** The reference level of a schema (or a whole document): every `x-reference` merged over the keywords beside it. */
export function referenceLevel<T>(node: T): T {
  if (Array.isArray(node)) return node.map(referenceLevel) as T;
  if (!node || typeof node !== "object") return node;
  const { [REFERENCE]: stricter, ...rest } = node as Record<string, unknown>;
  const walked = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, referenceLevel(v)]));
  return (stricter ? Object.assign(walked, referenceLevel(stricter as Record<string, unknown>)) : walked) as T;
}
