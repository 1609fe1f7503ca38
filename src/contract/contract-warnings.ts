import type { Operation } from "./operations.ts";
import { REFERENCE } from "./reference-level.ts";
import { resolveRef, type JsonSchema } from "./spec.ts";
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

// The walk runs on every request a target serves, so what depends only on openapi.yaml is worked
// out once per schema: a schema's parts apart from its oneOf branch, and the properties a set of
// parts declares. Only the oneOf branch a value matches is found per request.

/** A schema's parts when none of them has a oneOf (they are the same for every value); absent while unknown. */
const fixedParts = new WeakMap<JsonSchema, JsonSchema[] | false>();

/** The parts a value is checked against: the schema, its allOf parts, and the oneOf branch the value matches. */
function partsOf(schema: JsonSchema, data: unknown): JsonSchema[] {
  const fixed = fixedParts.get(schema);
  if (fixed) return fixed;
  const resolved = resolveRef(schema);
  const parts = [resolved, ...((resolved.allOf as JsonSchema[] | undefined) ?? []).flatMap((p) => partsOf(p, data))];
  const oneOf = resolved.oneOf as JsonSchema[] | undefined;
  if (fixed === undefined)
    fixedParts.set(schema, !oneOf && ((resolved.allOf as JsonSchema[] | undefined) ?? []).every((p) => fixedParts.get(p)) && parts);
  const branch = oneOf?.find((b) => compileSchema(resolveRef(b))(data));
  return branch ? [...parts, ...partsOf(branch, data)] : parts;
}

const ids = new WeakMap<JsonSchema, number>();
let lastId = 0;
function idOf(schema: JsonSchema): number {
  let id = ids.get(schema);
  if (id === undefined) {
    id = ++lastId;
    ids.set(schema, id);
  }
  return id;
}
/** The properties a list of parts declares, each with every part's schema for it, by the parts' identities. */
const declaredBy = new Map<string, Map<string, JsonSchema[]>>();

function declaredIn(parts: JsonSchema[]): Map<string, JsonSchema[]> {
  const key = parts.map(idOf).join(",");
  let declared = declaredBy.get(key);
  if (!declared) {
    declared = new Map<string, JsonSchema[]>();
    for (const part of parts) {
      for (const [name, property] of Object.entries((part.properties as Record<string, JsonSchema> | undefined) ?? {})) {
        declared.set(name, [...(declared.get(name) ?? []), property]);
      }
    }
    declaredBy.set(key, declared);
  }
  return declared;
}

/** Walks a (valid) value beside its schema: each object key the schema does not declare is undocumented. */
function walk(schemas: JsonSchema[], data: unknown, path: string, found: ContractWarning[], offFormat: boolean): void {
  // Only an object's keys, and with offFormat a string's shape, can be noticed: nothing else needs its parts.
  const string = offFormat && typeof data === "string" && path;
  if (!string && !isObject(data)) return;
  const parts = schemas.length === 1 ? partsOf(schemas[0]!, data) : schemas.flatMap((s) => partsOf(s, data));
  if (string) {
    // Our own shape (x-reference) of a field GenAuth types more loosely, such as the enrollment token.
    const ours = parts.find((p) => p[REFERENCE]);
    if (ours && !compileSchema(ours, "reference")(data)) found.push({ kind: "off-format", subject: path });
  }
  if (!isObject(data)) return;
  const declared = declaredIn(parts);
  if (declared.size === 0) return;
  for (const key in data) {
    if (!Object.hasOwn(data, key)) continue;
    const property = declared.get(key);
    if (property) walk(property, data[key], join(path, key), found, offFormat);
    else found.push({ kind: "undocumented-field", subject: join(path, key) });
  }
}

/**
 * What a request that passed the contract's check did that our targets did not expect, from
 * openapi.yaml: body fields its schema does not declare, and header parameters not of our shape
 * (`x-reference`). With `offFormatBody` (the stateless mock, which cannot tell a token it never issued
 * from one it did), body fields not of our shape too.
 */
export function contractWarnings(
  op: Operation,
  parts: { headers: Record<string, unknown>; body: unknown },
  offFormatBody = false,
): ContractWarning[] {
  const found: ContractWarning[] = [];
  for (const parameter of op.parameters) {
    const value = parameter.in === "header" ? parts.headers[parameter.name.toLowerCase()] : undefined;
    if (typeof value !== "string" || !resolveRef(parameter.schema)[REFERENCE]) continue;
    if (!compileSchema(resolveRef(parameter.schema), "reference")(value)) found.push({ kind: "off-format", subject: parameter.name });
  }
  if (op.bodySchema && parts.body !== undefined) walk([op.bodySchema], parts.body, "", found, offFormatBody);
  return found;
}

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
