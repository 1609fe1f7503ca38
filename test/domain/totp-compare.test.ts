import { beforeEach, describe, expect, it } from "vitest";
import type { DomainPorts } from "../../src/domain/ports.ts";
import { hotp, matchTotp, timeStep } from "../../src/domain/totp.ts";
import { ports } from "../support/ports.ts";

// The TOTP comparison must run in constant time. Timing is not tested (no timed tests); the cause
// is: the decision goes through the ports' timingSafeEqual, which this file watches.
const compare = { calls: 0, verdict: undefined as boolean | undefined };
const watched: DomainPorts = {
  ...ports,
  timingSafeEqual: (a, b) => {
    compare.calls++;
    const real = ports.timingSafeEqual(a, b);
    return compare.verdict ?? real;
  },
};

const SECRET = Buffer.from("12345678901234567890");
const NOW = 59_000;

beforeEach(() => {
  compare.calls = 0;
  compare.verdict = undefined;
});

describe("comparing a TOTP", () => {
  it("compares the code with every step of the window through timingSafeEqual", async () => {
    expect(await matchTotp(watched, SECRET, await hotp(ports, SECRET, timeStep(NOW)), NOW)).toBe(timeStep(NOW));
    expect(compare.calls).toBe(3);
  });

  it("takes the verdict from timingSafeEqual, not from another comparison", async () => {
    compare.verdict = false;
    expect(await matchTotp(watched, SECRET, await hotp(ports, SECRET, timeStep(NOW)), NOW)).toBeUndefined();
    compare.verdict = true;
    expect(await matchTotp(watched, SECRET, "000000", NOW)).toBe(timeStep(NOW) - 1);
  });
});
