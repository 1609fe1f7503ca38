import { describe, expect, it } from "vitest";
import { operations } from "../../src/contract/operations.ts";
import { spec } from "../../src/contract/spec.ts";
import { responseValidator, validatorsFor } from "../../src/contract/validators.ts";
import { base32Decode } from "../../src/domain/base32.ts";
import { decodeQrDataUrl } from "../contract-suite/support/decode-qr.ts";

// These tests judge the contract's data, not the code that compiles it (validators.test.ts does that
// with fresh sets): they use the validators every target shares, compiled once, as a target does.
const otp = spec.components.examples.OtpEnrollmentStarted!.value as {
  data: { enrollmentToken: string; otpData: { qrCodeUri: string; qrCodeDataUrl: string; recoveryCode: string } };
};

describe("the contract's examples", () => {
  it("makes otp the first, default example of sendEnrollFactorRequest", () => {
    expect([...operations.find((o) => o.operationId === "sendEnrollFactorRequest")!.responseExamples.keys()][0]).toBe("otp");
  });

  it("repairs the documented OTP sample's QR code into a PNG that decodes to its own qrCodeUri", () => {
    expect(decodeQrDataUrl(otp.data.otpData.qrCodeDataUrl).text).toBe(otp.data.otpData.qrCodeUri);
  });

  it("replaces the documented xxxx secret with an unpadded 32-character base32 secret of 160 bits", () => {
    const secret = new URL(otp.data.otpData.qrCodeUri).searchParams.get("secret")!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
  });

  it("removes the stray space from the documented enrollment token, leaving 128 bytes of base64", () => {
    expect(otp.data.enrollmentToken).not.toContain(" ");
    expect(Buffer.from(otp.data.enrollmentToken, "base64")).toHaveLength(128);
  });

  // The list operations' examples are users: for each named user, what listEnrolledFactors shows bound
  // and what listFactorsToEnroll offers are the four types, each on one side only.
  const examplesOf = (operationId: string) => operations.find((o) => o.operationId === operationId)!.responseExamples;
  const users = [...examplesOf("listEnrolledFactors").keys()].filter(
    (name) => examplesOf("listFactorsToEnroll").has(name) && name !== "unauthorized" && name !== "internalError",
  );
  it("names the same users in listEnrolledFactors and listFactorsToEnroll, a fresh user first", () => {
    expect(users).toEqual(["freshUser", "someBound", "allBound"]);
    expect([...examplesOf("listFactorsToEnroll").keys()][0]).toBe("freshUser");
  });
  it.each(users)("tells one story for the user %s: every factor type is bound or offered, never both", (user) => {
    const types = (name: string) => (examplesOf(name).get(user) as { data: Array<{ factorType: string }> }).data.map((f) => f.factorType);
    const bound = types("listEnrolledFactors");
    const offered = types("listFactorsToEnroll");
    expect([...bound, ...offered].sort()).toEqual(["EMAIL", "FACE", "OTP", "SMS"]);
  });
  it("lists bound factors under the ids getFactor answers for", () => {
    const ids = [...examplesOf("getFactor").values()].flatMap((v) => (v as { data?: { factorId?: string } }).data?.factorId ?? []);
    for (const user of users) {
      for (const f of (examplesOf("listEnrolledFactors").get(user) as { data: Array<{ factorId: string }> }).data)
        expect(ids).toContain(f.factorId);
    }
  });

  const all = operations.flatMap((op) => [...op.responseExamples].map(([name, value]) => ({ op: op.operationId, name, value })));
  it.each(all)("keeps $op's example $name valid against the operation's response schema, at GenAuth's level and ours", ({ op, value }) => {
    expect(validatorsFor(op).response(value)).toBe(true);
    const reference = responseValidator(op, "reference");
    expect(reference(value), JSON.stringify(reference.errors)).toBe(true);
  });

  const requests = operations.flatMap((op) => [...op.requestExamples].map(([name, value]) => ({ op: op.operationId, name, value })));
  it.each(requests)("keeps $op's request example $name valid against its request schema", ({ op, value }) => {
    expect(validatorsFor(op).body!(value)).toBe(true);
  });

  it("gives every error example a requestId and no data", () => {
    const errors = all.filter(({ value }) => (value as { statusCode: number }).statusCode !== 200);
    expect(errors.length).toBeGreaterThan(10);
    for (const { value } of errors) expect(value).toEqual(expect.objectContaining({ requestId: expect.any(String) }));
    for (const { value } of errors) expect(value).not.toHaveProperty("data");
  });
});
