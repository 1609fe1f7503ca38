import { describe, expect, it } from "vitest";
import { createExplain } from "../../src/contract/explain.ts";
import type { JsonSchema } from "../../src/contract/spec.ts";
import { createValidators } from "../../src/contract/validators.ts";
import { render } from "../../src/messages/catalogue.ts";

// A fresh explain and validators for every explanation, so that each one works out its plan and
// compiles its schema in the test that checks it, rather than reading what an earlier test cached.
const why = (schema: JsonSchema, data: unknown, path?: string) => {
  const explanation = createExplain(createValidators().compileSchema)(schema, data, path);
  return explanation && { ...explanation, message: render(explanation.message) };
};
const objectWith = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: "object",
  properties,
  required,
});

describe("explaining why a value fails its schema", () => {
  it("passes a value that fits", () => {
    expect(why(objectWith({ kind: { type: "string" } }), { kind: "a" })).toBeUndefined();
  });

  it("lists an enum's allowed values", () => {
    expect(why(objectWith({ kind: { type: "string", enum: ["a", "b"] } }), { kind: "c" })).toEqual({ message: "kind must be one of a, b" });
  });

  it("gives a const's value as JSON", () => {
    expect(why(objectWith({ kind: { type: "string", const: "a" } }), { kind: "c" })).toEqual({ message: 'kind must be "a"' });
  });

  it("gives the pattern a string must match", () => {
    expect(why(objectWith({ code: { type: "string", pattern: "^[0-9]+$" } }), { code: "ab" })).toEqual({
      message: 'code must match pattern "^[0-9]+$"',
    });
  });

  it("names a field the schema does not allow, under the object that holds it", () => {
    const schema = objectWith({ profile: { type: "object", properties: { email: { type: "string" } }, additionalProperties: false } });
    expect(why(schema, { profile: { email: "a", phone: "1" } })).toEqual({ message: "profile.phone is not a known field" });
  });

  it("gives a minimum length", () => {
    expect(why(objectWith({ code: { type: "string", minLength: 3 } }), { code: "ab" })).toEqual({
      message: "code must be at least 3 characters long",
    });
  });

  it("gives a maximum length", () => {
    expect(why(objectWith({ code: { type: "string", maxLength: 2 } }), { code: "abc" })).toEqual({
      message: "code must be at most 2 characters long",
    });
  });

  it("names a format", () => {
    expect(why(objectWith({ email: { type: "string", format: "email" } }), { email: "nope" })).toEqual({
      message: "email must be a valid email",
    });
  });

  it("keeps Ajv's own reason for a keyword it has no message for", () => {
    expect(why(objectWith({ n: { type: "integer", minimum: 5 } }), { n: 1 })).toEqual({ message: "n is invalid (must be >= 5)" });
  });

  it("names the whole request body when the failure is not in one of its fields", () => {
    expect(why({ type: "integer" }, "x")).toEqual({ message: "the request body must be of type integer" });
  });

  it("unescapes / and ~ in a field's name, and puts the given path in front of it", () => {
    const schema = objectWith({ "a/b": { type: "string" }, "c~d": { type: "string" } });
    expect(why(schema, { "a/b": 1 })).toEqual({ message: "a/b must be of type string" });
    expect(why(schema, { "c~d": 1 }, "profile")).toEqual({ message: "profile.c~d must be of type string" });
  });

  it("attaches the apiCode a missing field declares, found through allOf under a dotted path", () => {
    const schema = objectWith({ data: { allOf: [objectWith({ code: { type: "string", "x-api-code-when-missing": 6003 } }, ["code"])] } });
    expect(why(schema, { data: {} }, "x.y")).toEqual({ message: "x.y.data.code is required", apiCode: 6003 });
    expect(why(schema, { data: {} })).toEqual({ message: "data.code is required", apiCode: 6003 });
  });

  it("finds the message and apiCode a missing field declares behind a $ref, as openapi.yaml's totp does", () => {
    expect(why(objectWith({ data: { $ref: "#/components/schemas/MfaOtpVerityDto" } }), { data: {} })).toEqual({
      message: "No TOTP security code was entered: totp is required",
      apiCode: 6003,
    });
  });

  it("says a required field is missing even when the schema declares nothing about it", () => {
    expect(why(objectWith({}, ["code"]), {})).toEqual({ message: "code is required" });
  });
});

describe("explaining a oneOf told apart by one property", () => {
  const schema: JsonSchema = {
    oneOf: [objectWith({ kind: { const: "A" }, a: { type: "string" } }, ["kind", "a"]), objectWith({ kind: { const: "B" } }, ["kind"])],
  };

  it("says the property is required when it is missing, and lists its values when it is unknown", () => {
    expect(why(schema, {})).toEqual({ message: "kind is required" });
    expect(why(schema, { kind: "C" })).toEqual({ message: "kind must be one of A, B" });
  });

  it("explains the branch the property selects, saying which value requires the field", () => {
    expect(why(schema, { kind: "A" })).toEqual({ message: "a is required when kind is A" });
    expect(why(schema, { kind: "B" })).toBeUndefined();
  });

  it("says the value must be an object when it is not one", () => {
    expect(why(schema, [])).toEqual({ message: "the request body must be a JSON object" });
  });

  it("tells the branches apart by the first property every branch pins, passing over one that only some pin", () => {
    const twoPins: JsonSchema = {
      oneOf: [
        objectWith({ version: { const: 1 }, kind: { const: "A" } }, ["kind"]),
        objectWith({ kind: { const: "B" }, b: { type: "string" } }, ["kind", "b"]),
      ],
    };
    expect(why(twoPins, { kind: "B" })).toEqual({ message: "b is required when kind is B" });
  });

  it("leaves a oneOf that no property tells apart to the schema's own check", () => {
    const either: JsonSchema = { oneOf: [{ type: "string" }, { type: "integer" }] };
    expect(why(either, "a")).toBeUndefined();
    expect(why(either, true)).toEqual({ message: "the request body must be of type string" });
  });
});
