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
  /** The same, by the list itself, for the lists partsOf keeps: found without writing out a key. */
  declaredByList: WeakMap<JsonSchema[], Map<string, JsonSchema[]>>;
  /** A schema's parts with each oneOf branch, where none of them has a oneOf of its own: one list per branch. */
  branchParts: WeakMap<JsonSchema, Map<JsonSchema, JsonSchema[]>>;
  /** Each reference node's target: walking a reference's path from the document's root was most of a walk's cost. */
  targets: WeakMap<JsonSchema, JsonSchema>;
}

/** An empty cache, matching oneOf branches with `compile`. */
export function newPartsCache(compile: CompileSchema): PartsCache {
  return {
    compile,
    fixedParts: new WeakMap(),
    ids: new WeakMap(),
    lastId: 0,
    declaredBy: new Map(),
    declaredByList: new WeakMap(),
    branchParts: new WeakMap(),
    targets: new WeakMap(),
  };
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
  const oneOf = own.oneOf as JsonSchema[] | undefined;
  const branch = oneOf?.find((b) => cache.compile(resolved(cache, b))(data));
  const kept = branch && cache.branchParts.get(schema)?.get(branch);
  if (kept) return kept;
  const allOf = (own.allOf as JsonSchema[] | undefined) ?? [];
  const parts = [own, ...allOf.flatMap((p) => partsOf(cache, p, data))];
  const allOfFixed = allOf.every((p) => cache.fixedParts.get(p));
  if (fixed === undefined) cache.fixedParts.set(schema, !oneOf && allOfFixed && keep(cache, parts));
  if (!branch) return parts;
  const withBranch = [...parts, ...partsOf(cache, branch, data)];
  // With no other oneOf among them, every value that matches this branch has these same parts.
  if (allOfFixed && cache.fixedParts.get(branch)) {
    const byBranch = cache.branchParts.get(schema) ?? new Map<JsonSchema, JsonSchema[]>();
    cache.branchParts.set(schema, byBranch);
    byBranch.set(branch, keep(cache, withBranch));
  }
  return withBranch;
}

/** A list of parts given out again for every value it fits, with the properties it declares found once. */
function keep(cache: PartsCache, parts: JsonSchema[]): JsonSchema[] {
  cache.declaredByList.set(parts, declaredIn(cache, parts));
  return parts;
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
  const known = cache.declaredByList.get(parts);
  if (known) return known;
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
