import { resolveRef, type JsonSchema } from "./spec.ts";
import type { CompileSchema } from "./validators.ts";

// The walk of contract-warnings.ts runs on every request a target serves, so what depends only on
// openapi.yaml is worked out once per schema: a schema's parts apart from its oneOf branch, and the
// properties a set of parts declares. Only the oneOf branch a value matches is found per request.

/** What the walk has worked out so far, and the validators it matches a value to a oneOf branch with. */
export interface PartsCache {
  compile: CompileSchema;
  /** A schema's parts when none of them has a oneOf (they are the same for every value); absent while unknown. */
  fixedParts: WeakMap<JsonSchema, JsonSchema[] | false>;
  /** A number for each schema met, so that a list of parts has a key in declaredBy. */
  ids: WeakMap<JsonSchema, number>;
  lastId: number;
  /** The properties a list of parts declares, each with every part's schema for it, by the parts' identities. */
  declaredBy: Map<string, Map<string, JsonSchema[]>>;
  /** Each reference node's target: walking a reference's path from the document's root was most of a walk's cost. */
  targets: WeakMap<JsonSchema, JsonSchema>;
}

/** An empty cache, matching oneOf branches with `compile`. */
export function newPartsCache(compile: CompileSchema): PartsCache {
  return { compile, fixedParts: new WeakMap(), ids: new WeakMap(), lastId: 0, declaredBy: new Map(), targets: new WeakMap() };
}

/** A schema with its reference followed, once per node in `cache`. */
export function resolved(cache: PartsCache, schema: JsonSchema): JsonSchema {
  let target = cache.targets.get(schema);
  if (!target) {
    target = resolveRef(schema);
    cache.targets.set(schema, target);
  }
  return target;
}

/** The parts a value is checked against: the schema, its allOf parts, and the oneOf branch the value matches. */
export function partsOf(cache: PartsCache, schema: JsonSchema, data: unknown): JsonSchema[] {
  const fixed = cache.fixedParts.get(schema);
  if (fixed) return fixed;
  const own = resolved(cache, schema);
  const allOf = (own.allOf as JsonSchema[] | undefined) ?? [];
  const parts = [own, ...allOf.flatMap((p) => partsOf(cache, p, data))];
  const oneOf = own.oneOf as JsonSchema[] | undefined;
  if (fixed === undefined) cache.fixedParts.set(schema, !oneOf && allOf.every((p) => cache.fixedParts.get(p)) && parts);
  const branch = oneOf?.find((b) => cache.compile(resolved(cache, b))(data));
  return branch ? [...parts, ...partsOf(cache, branch, data)] : parts;
}

function idOf(cache: PartsCache, schema: JsonSchema): number {
  let id = cache.ids.get(schema);
  if (id === undefined) {
    id = ++cache.lastId;
    cache.ids.set(schema, id);
  }
  return id;
}

/** The properties a list of parts declares, each with every part's schema for it. */
export function declaredIn(cache: PartsCache, parts: JsonSchema[]): Map<string, JsonSchema[]> {
  const key = parts.map((part) => idOf(cache, part)).join(",");
  let declared = cache.declaredBy.get(key);
  if (!declared) {
    declared = new Map<string, JsonSchema[]>();
    for (const part of parts) {
      for (const [name, property] of Object.entries((part.properties as Record<string, JsonSchema> | undefined) ?? {})) {
        declared.set(name, [...(declared.get(name) ?? []), property]);
      }
    }
    cache.declaredBy.set(key, declared);
  }
  return declared;
}
