import fc from "fast-check";
import { resolveRef, type JsonSchema } from "../../../src/contract/spec.ts";

/**
 * A fast-check arbitrary of values valid against a schema from openapi.yaml, built from the schema
 * itself so that fuzzing follows the contract as it changes. It covers the keywords the contract's
 * request schemas use: $ref, oneOf, allOf (+ required), const, enum, type, pattern, format, lengths.
 */
export function arbitraryFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const s = resolveRef(schema);
  if ("const" in s) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...(s.enum as unknown[]));
  if (s.oneOf) return fc.oneof(...(s.oneOf as JsonSchema[]).map(arbitraryFor));
  if (s.allOf) return objectArbitrary(mergeAllOf(s));
  switch (s.type) {
    case "object":
      return objectArbitrary(s);
    case "string":
      return stringArbitrary(s);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: (s.minimum as number) ?? -1e6, max: (s.maximum as number) ?? 1e6 });
    default:
      throw new Error(`arbitraryFor does not know ${JSON.stringify(s).slice(0, 80)}`);
  }
}

function mergeAllOf(s: JsonSchema): JsonSchema {
  const parts = (s.allOf as JsonSchema[]).map((p) => resolveRef(p));
  const required = [...((s.required as string[]) ?? []), ...parts.flatMap((p) => (p.required as string[]) ?? [])];
  const properties = Object.assign({}, ...parts.map((p) => p.properties ?? {}), s.properties ?? {});
  return { type: "object", properties, required };
}

function objectArbitrary(s: JsonSchema): fc.Arbitrary<unknown> {
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const model = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, arbitraryFor(v)]));
  return fc.record(model, { requiredKeys: (s.required as string[]) ?? [] });
}

function stringArbitrary(s: JsonSchema): fc.Arbitrary<string> {
  const min = (s.minLength as number) ?? 0;
  const max = (s.maxLength as number) ?? 64;
  let base: fc.Arbitrary<string>;
  if (s.format === "email") base = fc.emailAddress();
  else if (s.format === "uri") base = fc.webUrl({ withQueryParameters: true });
  // A pattern with an open-ended repetition yields short strings at the default size; a schema
  // that also asks for a long minimum needs the larger size, or the length filter rejects nearly all.
  else if (s.pattern) base = fc.stringMatching(new RegExp(s.pattern as string), { size: min >= 8 ? "medium" : "small" });
  else base = fc.string({ minLength: min, maxLength: Math.min(max, 64) });
  return base.filter((v) => v.length >= min && v.length <= max);
}

/** Ways to break a valid body: wrong types, missing and extra fields, odd strings, garbage. */
export function mutationOf(
  valid: fc.Arbitrary<unknown>,
): fc.Arbitrary<{ kind: string; body: unknown; raw?: string; contentType?: string }> {
  const odd = fc.oneof(
    fc.constant(null),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.string({ minLength: 2000, maxLength: 4000 }),
    fc.constant("\u0000\u202e\ud83d\ude00"),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  );
  const withObject = (f: (o: Record<string, unknown>, key: string, value: unknown) => unknown, kind: string) =>
    fc.tuple(valid, fc.nat(), odd).map(([v, n, value]) => {
      const o = structuredClone(v) as Record<string, unknown>;
      const keys = Object.keys(o);
      return { kind, body: f(o, keys.length ? keys[n % keys.length]! : "x", value) };
    });
  return fc.oneof(
    withObject((o, key, value) => ({ ...o, [key]: value }), "a field of the wrong type"),
    withObject((o, key) => {
      delete o[key];
      return o;
    }, "a missing field"),
    withObject((o, _key, value) => ({ ...o, unexpectedField: value }), "an extra field"),
    withObject((o) => ({ ...o, __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } }), "prototype keys"),
    odd.map((body) => ({ kind: "a body that is not an object", body })),
    fc.string({ maxLength: 60 }).map((raw) => ({ kind: "a garbage body", body: undefined, raw: `{${raw}` })),
    fc.tuple(valid, fc.constantFrom("text/plain", "application/xml", "multipart/form-data; boundary=x")).map(([v, contentType]) => ({
      kind: "a non-JSON content type",
      body: undefined,
      raw: JSON.stringify(v),
      contentType,
    })),
  );
}
