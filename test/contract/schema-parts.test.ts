import { describe, expect, it } from "vitest";
import { declaredIn, newPartsCache, partsOf } from "../../src/contract/schema-parts.ts";
import { spec, type JsonSchema } from "../../src/contract/spec.ts";
import { createValidators } from "../../src/contract/validators.ts";

// Each test starts from an empty cache and its own validators, and looks into the cache: what it
// keeps is what the walk of every request a target serves reads instead of working it out again.
const fresh = () => newPartsCache(createValidators().compileSchema);
const declaring = (...names: string[]): JsonSchema => ({ type: "object", properties: Object.fromEntries(names.map((n) => [n, {}])) });

describe("a schema's parts", () => {
  it("are the schema with its reference followed, then its allOf parts, then the oneOf branch the value matches", () => {
    const cache = fresh();
    const part = declaring("b");
    const a = declaring("kind", "a");
    const schema: JsonSchema = { type: "object", allOf: [part], oneOf: [a, { type: "string" }] };
    expect(partsOf(cache, schema, { kind: "x" })).toEqual([schema, part, a]);
    expect(partsOf(cache, schema, "x")).toEqual([schema, part, { type: "string" }]);
    expect(partsOf(cache, { $ref: "#/components/schemas/MfaOtpVerityDto" }, {})).toEqual([spec.components.schemas.MfaOtpVerityDto]);
  });

  it("are worked out once and kept for a schema with no oneOf in it, and per value for one with", () => {
    const cache = fresh();
    const part = declaring("b");
    const fixed: JsonSchema = { ...declaring("a"), allOf: [part] };
    const branching: JsonSchema = { type: "object", allOf: [fixed], oneOf: [declaring("c")] };
    partsOf(cache, branching, {});
    expect(cache.fixedParts.get(fixed)).toEqual([fixed, part]);
    expect(cache.fixedParts.get(part)).toEqual([part]);
    expect(cache.fixedParts.get(branching)).toBe(false);
  });

  it("are one list per oneOf branch, given again to every value that matches it, with its properties found once", () => {
    const cache = fresh();
    const [sms, email] = [declaring("kind", "phone"), declaring("kind", "email")];
    const schema: JsonSchema = { type: "object", allOf: [declaring("a")], oneOf: [{ ...sms, required: ["phone"] }, email] };
    const first = partsOf(cache, schema, { kind: "s", phone: "1" });
    expect(partsOf(cache, schema, { kind: "t", phone: "2" })).toBe(first);
    expect(partsOf(cache, schema, { kind: "u", email: "e" })).not.toBe(first);
    expect(cache.declaredByList.get(first)).toBe(declaredIn(cache, first));
    expect([...declaredIn(cache, first).keys()]).toEqual(["a", "kind", "phone"]);
  });

  it("are worked out for each value again where a branch has a oneOf of its own", () => {
    const cache = fresh();
    const [x, y] = [
      { ...declaring("x"), required: ["x"] },
      { ...declaring("y"), required: ["y"] },
    ];
    const inner: JsonSchema = { type: "object", oneOf: [x, y] };
    const schema: JsonSchema = { type: "object", oneOf: [inner] };
    const first = partsOf(cache, schema, { x: 1 });
    expect(first).toEqual([schema, inner, x]);
    expect(partsOf(cache, schema, { x: 2 })).not.toBe(first);
    expect(partsOf(cache, schema, { y: 1 })).toEqual([schema, inner, y]);
  });
});

describe("the properties a list of parts declares", () => {
  it("are every part's properties, each with the schema of every part that declares it, in the parts' order", () => {
    const [first, second] = [declaring("a", "b"), declaring("b")];
    const declared = declaredIn(fresh(), [first, second]);
    expect([...declared.keys()]).toEqual(["a", "b"]);
    expect(declared.get("b")).toEqual([
      (first.properties as Record<string, JsonSchema>).b,
      (second.properties as Record<string, JsonSchema>).b,
    ]);
  });

  it("are kept once per list of parts, however many requests ask for them", () => {
    const cache = fresh();
    const parts = [declaring("a"), declaring("b")];
    for (let i = 0; i < 3; i++) declaredIn(cache, parts);
    declaredIn(cache, [parts[0]!]);
    expect(cache.declaredBy.size).toBe(2);
  });

  it("are never mistaken for another list's, however many schemas have been met", () => {
    const cache = fresh();
    const schemas = Array.from({ length: 12 }, (_, i) => declaring(`p${i + 1}`));
    for (const schema of schemas) declaredIn(cache, [schema]);
    // The first two schemas' numbers, written side by side, are the twelfth's.
    expect([...declaredIn(cache, [schemas[0]!, schemas[1]!]).keys()]).toEqual(["p1", "p2"]);
  });
});
