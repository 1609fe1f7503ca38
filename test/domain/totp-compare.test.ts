import { beforeEach, describe, expect, it, vi } from "vitest";

// The TOTP comparison must run in constant time. Timing is not tested (no timed tests); the cause
// is: the decision goes through crypto.timingSafeEqual, which this file watches.
const compare = vi.hoisted(() => ({ calls: 0, verdict: undefined as boolean | undefined }));
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compare.calls++;
      const real = actual.timingSafeEqual(a, b);
      return compare.verdict ?? real;
    },
  };
});

const { hotp, matchTotp, timeStep } = await import("../../src/domain/totp.ts");

const SECRET = Buffer.from("12345678901234567890");
const NOW = 59_000;

beforeEach(() => {
  compare.calls = 0;
  compare.verdict = undefined;
});

describe("comparing a TOTP", () => {
  it("compares the code with every step of the window through timingSafeEqual", () => {
    expect(matchTotp(SECRET, hotp(SECRET, timeStep(NOW)), NOW)).toBe(timeStep(NOW));
    expect(compare.calls).toBe(3);
  });

  it("takes the verdict from timingSafeEqual, not from another comparison", () => {
    compare.verdict = false;
    expect(matchTotp(SECRET, hotp(SECRET, timeStep(NOW)), NOW)).toBeUndefined();
    compare.verdict = true;
    expect(matchTotp(SECRET, "000000", NOW)).toBe(timeStep(NOW) - 1);
  });
});
