import { describe, expect, it } from "vitest";
import { resolveRef, spec } from "../../src/contract/spec.ts";

describe("following a reference into openapi.yaml", () => {
  it("gives the component a local reference names", () => {
    expect(resolveRef({ $ref: "#/components/schemas/MfaOtpVerityDto" })).toBe(spec.components.schemas.MfaOtpVerityDto);
    expect(resolveRef({ $ref: "#/components/parameters/AuthingAppId" })).toBe(spec.components.parameters.AuthingAppId);
  });

  it("returns anything that is not a reference as it is", () => {
    const properties = { $ref: { type: "string" } }; // a properties map declaring a field named $ref
    for (const node of [undefined, null, "", "#/components/schemas/Email", 5, { type: "string" }, properties]) {
      expect(resolveRef(node)).toBe(node);
    }
  });

  it("throws, naming the reference, for one that leads nowhere", () => {
    for (const $ref of ["#/components/schemas/Nothing", "#/components/nothing/Email", "#/nothing/at/all"]) {
      expect(() => resolveRef({ $ref })).toThrow(`openapi.yaml: unresolved reference ${$ref}`);
    }
  });
});
