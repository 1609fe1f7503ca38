import { describe, expect, it } from "vitest";
import { generateRecoveryCode } from "../../src/domain/recovery-code.ts";
import { ports } from "../support/ports.ts";

describe("generateRecoveryCode", () => {
  it("returns six dash-separated groups of four lowercase hexadecimal characters, as GenAuth's look", () => {
    for (let i = 0; i < 100; i++) expect(generateRecoveryCode(ports)).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){5}$/);
  });

  it("returns a different code every time", () => {
    const codes = new Set(Array.from({ length: 1000 }, () => generateRecoveryCode(ports)));
    expect(codes.size).toBe(1000);
  });
});
