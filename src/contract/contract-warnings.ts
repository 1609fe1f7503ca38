import type { Operation } from "./operations.ts";
import { REFERENCE } from "./reference-level.ts";
import { declaredIn, newPartsCache, partsOf, resolved, type PartsCache } from "./schema-parts.ts";
import type { JsonSchema } from "./spec.ts";
import { compileSchema } from "./validators.ts";

// GenAuth accepts more than our targets expect: fields it does not document, placeholder tokens,
// app ids of any shape. Our targets serve such requests as GenAuth would, and say what they noticed
// in one response header and one log line, computed from openapi.yaml rather than from a list.

export { CONTRACT_WARNING_HEADER } from "./warning-header.ts";

/** What was noticed: a body field GenAuth does not document, a value not of our shape, a body past our limit. */
export type WarningKind = "undocumented-field" | "off-format" | "body-over-limit";

/** One finding: its kind and what it is about (a dotted field path, a header name, a byte count). */
export interface ContractWarning {
  kind: WarningKind;
  subject: string;
}

/** At most this many findings go into the header, and each subject at most this many characters. */
export const MAX_WARNINGS = 8;
export const MAX_SUBJECT_CHARS = 128;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Walks a (valid) value beside its schema: each object key the schema does not declare is undocumented. */
function walk(cache: PartsCache, schemas: JsonSchema[], data: unknown, path: string, found: ContractWarning[], offFormat: boolean): void {
  // Only an object's keys, and with offFormat a string's shape, can be noticed: nothing else needs its parts.
  const string = offFormat && typeof data === "string" && path;
  if (!string && !isObject(data)) return;
  const parts = schemas.length === 1 ? partsOf(cache, schemas[0]!, data) : schemas.flatMap((s) => partsOf(cache, s, data));
  if (string) {
    // Our own shape (x-reference) of a field GenAuth types more loosely, such as the enrollment token.
    const ours = parts.find((p) => p[REFERENCE]);
    if (ours && !cache.compile(ours, "reference")(data)) found.push({ kind: "off-format", subject: path });
  }
  if (!isObject(data)) return;
  const declared = declaredIn(cache, parts);
  if (declared.size === 0) return;
  for (const key in data) {
    if (!Object.hasOwn(data, key)) continue;
    const property = declared.get(key);
    if (property) walk(cache, property, data[key], join(path, key), found, offFormat);
    else found.push({ kind: "undocumented-field", subject: join(path, key) });
  }
}

/**
 * What a request that passed the contract's check did that our targets did not expect, from
 * openapi.yaml: body fields its schema does not declare, and header parameters not of our shape
 * (`x-reference`). With `offFormatBody` (the stateless mock, which cannot tell a token it never issued
 * from one it did), body fields not of our shape too.
 */
export type ContractWarnings = (
  op: Operation,
  parts: { headers: Record<string, unknown>; body: unknown },
  offFormatBody?: boolean,
) => ContractWarning[];

/** A header parameter that has a shape of ours: its name as written and as Node keys it, and our shape's validator. */
interface HeaderCheck {
  name: string;
  key: string;
  ours: (value: string) => boolean;
}

/** Contract warnings that work out what they need once per schema in `cache`, and compile with its validators. */
export function createContractWarnings(cache: PartsCache): ContractWarnings {
  // An operation declares a dozen headers, a few of them with a shape of ours: those few are found,
  // and their names lower-cased, once per operation rather than on every request.
  const headerChecks = new WeakMap<Operation, HeaderCheck[]>();
  const headerChecksOf = (op: Operation): HeaderCheck[] => {
    let checks = headerChecks.get(op);
    if (!checks) {
      checks = op.parameters
        .filter((parameter) => parameter.in === "header" && resolved(cache, parameter.schema)[REFERENCE])
        .map((parameter) => {
          const validate = cache.compile(resolved(cache, parameter.schema), "reference");
          return { name: parameter.name, key: parameter.name.toLowerCase(), ours: (value: string) => validate(value) };
        });
      headerChecks.set(op, checks);
    }
    return checks;
  };
  return (op, parts, offFormatBody = false) => {
    const found: ContractWarning[] = [];
    for (const header of headerChecksOf(op)) {
      const value = parts.headers[header.key];
      if (typeof value === "string" && !header.ours(value)) found.push({ kind: "off-format", subject: header.name });
    }
    if (op.bodySchema && parts.body !== undefined) walk(cache, [op.bodySchema], parts.body, "", found, offFormatBody);
    return found;
  };
}

/** The contract warnings every target notes, with the validators they share; see ContractWarnings. */
export const contractWarnings: ContractWarnings = createContractWarnings(newPartsCache(compileSchema));

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * Percent-encodes a subject's UTF-8 bytes, so that a JSON key holding CR, LF or characters outside
 * Latin-1 (which would make Node's setHeader throw) goes out as plain ASCII; a lone surrogate becomes
 * U+FFFD. Cut to MAX_SUBJECT_CHARS without splitting a character, and marked `...` where cut.
 */
export function encodeSubject(subject: string): string {
  const encoder = new TextEncoder();
  // One piece per code point, so that a cut never splits a character's escapes.
  const pieces = Array.from(subject, (char) =>
    UNRESERVED.test(char) ? char : [...encoder.encode(char)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  );
  const whole = pieces.join("");
  if (whole.length <= MAX_SUBJECT_CHARS) return whole;
  let out = "";
  for (const piece of pieces) {
    if (out.length + piece.length > MAX_SUBJECT_CHARS - 3) break;
    out += piece;
  }
  return `${out}...`;
}

/** The header's value: `kind=subject` per finding, comma-separated, bounded; undefined when there is none. */
export function warningHeaderValue(warnings: ContractWarning[]): string | undefined {
  if (warnings.length === 0) return undefined;
  const shown = warnings.slice(0, MAX_WARNINGS).map((w) => `${w.kind}=${encodeSubject(w.subject)}`);
  if (warnings.length > MAX_WARNINGS) shown.push(`more=${warnings.length - MAX_WARNINGS}`);
  return shown.join(", ");
}
