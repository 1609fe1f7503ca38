import { describe, expect, it } from "vitest";
import { contractWarnings, encodeSubject, MAX_SUBJECT_CHARS, warningHeaderValue } from "../../src/contract/contract-warnings.ts";
import { operation } from "../../src/contract/operations.ts";

const warned = (operationId: string, body: unknown, headers: Record<string, unknown> = {}, offFormatBody = false) =>
  warningHeaderValue(contractWarnings(operation(operationId), { headers, body }, offFormatBody));

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
});
