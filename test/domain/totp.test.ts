import { describe, expect, it } from "vitest";
import { base32Decode } from "../../src/domain/base32.ts";
import { generateTotpSecret, hotp, matchTotp, timeStep, TOTP_DIGITS, TOTP_PERIOD_SECONDS } from "../../src/domain/totp.ts";
import { independentTotp } from "../support/enroll.ts";
import { ports } from "../support/ports.ts";

// RFC 6238 Appendix B, SHA1 column: the seed is the ASCII string "12345678901234567890".
const RFC_SECRET = Buffer.from("12345678901234567890", "ascii");
const RFC_VECTORS: Array<[seconds: number, eightDigits: string]> = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

const NOW = Date.parse("2026-11-28T10:00:10Z");
const SECRET = base32Decode("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
const STEP = timeStep(NOW);

describe("hotp and timeStep", () => {
  // The vectors are 8 digits; a 6-digit HOTP is the same truncated value modulo 10^6, its last six digits.
  for (const [seconds, code] of RFC_VECTORS) {
    it(`gives the last six digits of RFC 6238's SHA1 test vector at T = ${seconds} s`, async () => {
      expect(await hotp(ports, RFC_SECRET, timeStep(seconds * 1000))).toBe(code.slice(-6));
    });
  }

  it("announces 6 digits and a 30-second period, the values every authenticator app supports", async () => {
    expect(TOTP_DIGITS).toBe(6);
    expect(TOTP_PERIOD_SECONDS).toBe(30);
  });

  it("agrees with the otpauth package's TOTP for a random secret at many moments", async () => {
    const secret = generateTotpSecret(ports);
    for (let i = 0; i < 50; i++) {
      const at = NOW + i * 7_919_000;
      expect(await hotp(ports, base32Decode(secret), timeStep(at))).toBe(independentTotp(secret, at));
    }
  });

  it("starts a new step exactly on each 30-second boundary", async () => {
    expect(timeStep(29_999)).toBe(0);
    expect(timeStep(30_000)).toBe(1);
  });
});

describe("matchTotp", () => {
  it("accepts the current step's TOTP and returns that step", async () => {
    expect(await matchTotp(ports, SECRET, await hotp(ports, SECRET, STEP), NOW)).toBe(STEP);
  });

  it("accepts one step of clock drift either side of now", async () => {
    expect(await matchTotp(ports, SECRET, await hotp(ports, SECRET, STEP - 1), NOW)).toBe(STEP - 1);
    expect(await matchTotp(ports, SECRET, await hotp(ports, SECRET, STEP + 1), NOW)).toBe(STEP + 1);
  });

  it("refuses a TOTP two steps away from now in either direction", async () => {
    expect(await matchTotp(ports, SECRET, await hotp(ports, SECRET, STEP - 2), NOW)).toBeUndefined();
    expect(await matchTotp(ports, SECRET, await hotp(ports, SECRET, STEP + 2), NOW)).toBeUndefined();
  });

  it("refuses a step at or before the last step used, so that no TOTP is accepted twice", async () => {
    expect(await matchTotp(ports, SECRET, await hotp(ports, SECRET, STEP), NOW, STEP)).toBeUndefined();
    expect(await matchTotp(ports, SECRET, await hotp(ports, SECRET, STEP - 1), NOW, STEP - 1)).toBeUndefined();
    expect(await matchTotp(ports, SECRET, await hotp(ports, SECRET, STEP - 1), NOW, STEP)).toBeUndefined();
  });

  it("still accepts a later step than the last one used", async () => {
    expect(await matchTotp(ports, SECRET, await hotp(ports, SECRET, STEP), NOW, STEP - 1)).toBe(STEP);
    expect(await matchTotp(ports, SECRET, await hotp(ports, SECRET, STEP + 1), NOW, STEP)).toBe(STEP + 1);
  });

  it("accepts RFC 6238's vector at T = 59 s, in the epoch's second step, when no step has been used yet", async () => {
    expect(await matchTotp(ports, RFC_SECRET, "287082", 59_000)).toBe(1);
  });

  it("refuses the current TOTP with a seventh digit or any other character after it, and does not throw", async () => {
    const code = await hotp(ports, SECRET, STEP);
    expect(await matchTotp(ports, SECRET, `${code}0`, NOW)).toBeUndefined();
    expect(await matchTotp(ports, SECRET, `${code} `, NOW)).toBeUndefined();
    expect(await matchTotp(ports, SECRET, `${code}${code}`, NOW)).toBeUndefined();
  });

  // Steps 910737 and 910738 of the RFC seed both give 911617. Taking the earlier step leaves the later
  // one unused, so the same digits, shown again by the app in the next step, are still accepted once.
  it("returns the earlier of two steps in the window that share a code, and the later once the earlier is used", async () => {
    const now = 910_738 * TOTP_PERIOD_SECONDS * 1000;
    expect(await hotp(ports, RFC_SECRET, 910_737)).toBe("911617");
    expect(await hotp(ports, RFC_SECRET, 910_738)).toBe("911617");
    expect(await matchTotp(ports, RFC_SECRET, "911617", now)).toBe(910_737);
    expect(await matchTotp(ports, RFC_SECRET, "911617", now, 910_737)).toBe(910_738);
  });

  it("refuses a code that is not the secret's TOTP", async () => {
    const wrong = String((Number(await hotp(ports, SECRET, STEP)) + 1) % 1_000_000).padStart(6, "0");
    expect(await matchTotp(ports, SECRET, wrong, NOW)).toBeUndefined();
    expect(await matchTotp(ports, SECRET, "", NOW)).toBeUndefined();
  });
});

describe("generateTotpSecret", () => {
  it("returns 32 base32 characters that decode to 20 bytes (160 bits)", async () => {
    const secret = generateTotpSecret(ports);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
  });

  it("returns a different secret every time", async () => {
    const secrets = new Set(Array.from({ length: 100 }, () => generateTotpSecret(ports)));
    expect(secrets.size).toBe(100);
  });
});
