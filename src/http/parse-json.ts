import { GenAuthError } from "../contract/envelope.ts";
import { msg } from "../messages/catalogue.ts";

// Keys may also be spelt with \u escapes ("__pro\u0074o__"), so any escape means a full walk.
const FORBIDDEN = /"(?:__proto__|constructor|prototype)"\s*:|\\u/;

function hasForbiddenKey(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  for (const key of Object.keys(value)) {
    if (key === "__proto__" || (key === "constructor" && typeof (value as Record<string, unknown>)[key] === "object")) return true;
    if (hasForbiddenKey((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/**
 * Parses a JSON request body, or throws a 400 that says what is wrong with it. A `__proto__` or
 * `constructor` key is refused by name: JSON.parse keeps it as a harmless own property, but code
 * that later merges the body into another object could turn it into prototype pollution.
 */
export function parseJsonBody(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new GenAuthError(400, msg("bodyNotJson", { reason: (error as Error).message }));
  }
  // The regular expression is a cheap pre-check, so ordinary bodies are never walked.
  if (FORBIDDEN.test(text) && hasForbiddenKey(value)) {
    throw new GenAuthError(400, msg("bodyForbiddenKey"));
  }
  return value;
}
