import { describe, expect, it } from "vitest";
import {
  createContractWarnings,
  encodeSubject,
  MAX_SUBJECT_CHARS,
  MAX_WARNINGS,
  warningHeaderValue,
} from "../../src/contract/contract-warnings.ts";
import { type Operation, operation } from "../../src/contract/operations.ts";
import { newPartsCache } from "../../src/contract/schema-parts.ts";
import type { JsonSchema } from "../../src/contract/spec.ts";
import { createValidators } from "../../src/contract/validators.ts";

// Fresh warnings for every request, so that each works out its schemas' parts in the test that
// checks it, rather than reading what an earlier test cached.
const fresh = () => createContractWarnings(newPartsCache(createValidators().compileSchema));
const warned = (operationId: string, body: unknown, headers: Record<string, unknown> = {}, offFormatBody = false) =>
  warningHeaderValue(fresh()(operation(operationId), { headers, body }, offFormatBody));
/** An operation that takes a body of this schema, for shapes openapi.yaml does not have (yet). */
const taking = (bodySchema: JsonSchema): Operation => ({ ...operation("mfaOtpVerify"), parameters: [], bodySchema });

describe("contract warnings", () => {
  it("names each body field the contract does not declare, at any depth, walking the factorType's branch", () => {
    expect(warned("sendEnrollFactorRequest", { factorType: "OTP", profile: { phonenumber: "188" } })).toBe(
      "undocumented-field=profile.phonenumber",
    );
    expect(
      warned("enrollFactor", { factorType: "OTP", enrollmentToken: "xxx", enrollmentData: { passCode: "012345", extra: 1 }, x: 2 }),
    ).toBe("undocumented-field=enrollmentData.extra, undocumented-field=x");
    // isExternalPhoto is declared for every factor type's enrollmentData, so it is no warning.
    expect(
      warned("enrollFactor", { factorType: "FACE", enrollmentToken: "xxx", enrollmentData: { photo: "p", isExternalPhoto: true } }),
    ).toBeUndefined();
    expect(
      warned("sendEnrollFactorRequest", { factorType: "SMS", profile: { phoneNumber: "18812345678", phoneCountryCode: "+1684" } }),
    ).toBeUndefined();
  });

  it("notes a header not of our shape, and with offFormatBody a body field not of our shape", () => {
    expect(warned("listEnrolledFactors", undefined, { "x-authing-app-id": "not an id" })).toBe("off-format=x-authing-app-id");
    expect(warned("listEnrolledFactors", undefined, { "x-authing-app-id": "62a1ae5d7fd8a7d1d5e6b8f1" })).toBeUndefined();
    const body = { factorType: "SMS", enrollmentToken: "xxx", enrollmentData: { passCode: "8705" } };
    expect(warned("enrollFactor", body)).toBeUndefined();
    expect(warned("enrollFactor", body, {}, true)).toBe("off-format=enrollmentToken");
  });

  it("notes a body field not of our shape only when asked to", () => {
    const body = { factorType: "SMS", enrollmentToken: "xxx", enrollmentData: { passCode: "8705" } };
    expect(fresh()(operation("enrollFactor"), { headers: {}, body })).toEqual([]);
  });

  it("ignores a body sent to an operation that takes none, as the request check does", () => {
    expect(warned("listEnrolledFactors", { anything: true })).toBeUndefined();
  });

  it("names only a body's own keys, not those it inherits", () => {
    const body = Object.assign(Object.create({ inherited: 1 }), { totp: "012345" });
    expect(warned("mfaOtpVerify", body)).toBeUndefined();
  });

  it("takes a field's own fields from every part that declares it", () => {
    const inner = (name: string): JsonSchema => ({ type: "object", properties: { data: { type: "object", properties: { [name]: {} } } } });
    const op = taking({ ...inner("a"), allOf: [inner("b")] });
    expect(warningHeaderValue(fresh()(op, { headers: {}, body: { data: { a: 1, b: 2, c: 3 } } }))).toBe("undocumented-field=data.c");
  });

  it("leaves the keys of an object whose schema declares none, a free-form object, unjudged", () => {
    const op = taking({ type: "object", properties: { extra: { type: "object" } } });
    expect(fresh()(op, { headers: {}, body: { extra: { anything: 1 } } })).toEqual([]);
  });

  it("finds on every request the oneOf branch of an allOf part, which the first request's branch does not fix", () => {
    const branch = (kind: string, field: string): JsonSchema => ({
      type: "object",
      properties: { kind: { const: kind }, [field]: {} },
      required: ["kind"],
    });
    const op = taking({ type: "object", allOf: [{ properties: { id: {} } }, { oneOf: [branch("A", "a"), branch("B", "b")] }] });
    const warnings = fresh();
    expect(warnings(op, { headers: {}, body: { id: 1, kind: "A", a: 1 } })).toEqual([]);
    expect(warnings(op, { headers: {}, body: { id: 1, kind: "B", b: 1 } })).toEqual([]);
    expect(warnings(op, { headers: {}, body: { id: 1, kind: "B", a: 1 } })).toEqual([{ kind: "undocumented-field", subject: "a" }]);
  });

  it("encodes a key holding CR, LF, non-Latin-1 characters or a lone surrogate as plain ASCII that setHeader takes", async () => {
    const { ServerResponse, IncomingMessage } = await import("node:http");
    const { Socket } = await import("node:net");
    const key = "a\r\nSet-Cookie: x=1\u2028张三\ud800😀";
    const value = warned("mfaOtpVerify", { totp: "012345", [key]: 1 })!;
    expect(value).toMatch(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/);
    expect(value).toBe("undocumented-field=a%0D%0ASet-Cookie%3A%20x%3D1%E2%80%A8%E5%BC%A0%E4%B8%89%EF%BF%BD%F0%9F%98%80");
    const response = new ServerResponse(new IncomingMessage(new Socket()));
    expect(() => response.setHeader("X-Contract-Warning", value)).not.toThrow();
    expect(() => new Headers({ "X-Contract-Warning": value })).not.toThrow();
  });

  it("bounds the header: at most 8 findings, then a count, each subject cut at 128 characters", () => {
    const body = Object.fromEntries([["totp", "012345"], ...Array.from({ length: 12 }, (_, i) => [`f${i}${"é".repeat(200)}`, 1])]);
    const value = warned("mfaOtpVerify", body)!;
    const findings = value.split(", ");
    expect(findings).toHaveLength(9);
    expect(findings.at(-1)).toBe("more=4");
    for (const finding of findings.slice(0, 8))
      expect(finding.length).toBeLessThanOrEqual("undocumented-field=".length + MAX_SUBJECT_CHARS);
    expect(encodeSubject("é".repeat(200))).toMatch(/^(%C3%A9)+\.\.\.$/);
    expect(value.length).toBeLessThanOrEqual(2048);
  });

  it("adds no count when there are exactly 8 findings", () => {
    const warnings = Array.from({ length: MAX_WARNINGS }, (_, i) => ({ kind: "undocumented-field" as const, subject: `f${i}` }));
    expect(warningHeaderValue(warnings)?.split(", ")).toHaveLength(MAX_WARNINGS);
    expect(warningHeaderValue(warnings)).not.toContain("more=");
    expect(warningHeaderValue([])).toBeUndefined();
  });

  it("keeps a subject of exactly 128 characters whole, and cuts a longer one to 125 and the mark", () => {
    expect(encodeSubject("a".repeat(MAX_SUBJECT_CHARS))).toBe("a".repeat(MAX_SUBJECT_CHARS));
    expect(encodeSubject("a".repeat(200))).toBe(`${"a".repeat(MAX_SUBJECT_CHARS - 3)}...`);
  });
});
