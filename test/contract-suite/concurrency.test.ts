import { describe, expect } from "vitest";
import { totpFor } from "./support/totp-clock.ts";
import { uniquePhoneNumber } from "./support/unique.ts";
import { contractCase, holdsOurRules, skipThrottled } from "./basis.ts";
import { call } from "./call.ts";
import { target } from "./target.ts";

function statuses(answers: Array<{ body: { statusCode: number } }>): Record<number, number> {
  const count: Record<number, number> = {};
  for (const { body } of answers) count[body.statusCode] = (count[body.statusCode] ?? 0) + 1;
  return count;
}

// Simultaneous requests over real sockets: the rules must hold when requests race, not only in turn.
describe(`racing requests on the ${target.name}`, () => {
  contractCase(
    "gives exactly one of 100 simultaneous SMS requests for one number a code, and 429 to the other 99",
    { rules: ["oneCodePerMinute"], needs: ["state"] },
    async () => {
      const body = { factorType: "SMS", profile: { phoneNumber: uniquePhoneNumber() } };
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => call("sendEnrollFactorRequest", { body, throttleExpected: true })),
      );
      // With no winner at all, the target throttled the user (its own caps), not the number: that
      // says nothing of the one-a-minute rule this case checks.
      if (!statuses(answers)[200]) skipThrottled("all 100 requests were answered 429, the user's own caps reached");
      expect(statuses(answers)).toEqual({ 200: 1, 429: 99 });
    },
  );

  contractCase(
    "binds exactly one factor from 50 simultaneous enrollments with one token and the right TOTP; of 20 racing verifications one wins",
    { needs: ["state"] },
    async () => {
      const sent = (await call("sendEnrollFactorRequest", { body: { factorType: "OTP" } })).body.data;
      const uri = sent.otpData.qrCodeUri;
      // This step's TOTP stays good through the next step too (one step of drift), so the race has 30 s
      // or more to be decided however slow the machine; the step before would expire at the boundary.
      const step = Date.now();
      const enroll = { factorType: "OTP", enrollmentToken: sent.enrollmentToken, enrollmentData: { passCode: totpFor(uri, step) } };
      const enrolled = await Promise.all(Array.from({ length: 50 }, () => call("enrollFactor", { body: enroll })));
      // GenAuth documents that a bound type cannot be bound again (409); the single-use token's 422 and
      // its apiCode 6112 are our targets' own.
      const refused = enrolled.filter((a) => a.body.statusCode !== 200);
      expect(refused).toHaveLength(49);
      for (const { body } of refused) expect([409, 422]).toContain(body.statusCode);
      if (holdsOurRules) expect(statuses(enrolled)).toEqual({ 200: 1, 422: 49 });
      if (holdsOurRules) for (const { body } of refused) expect(body.apiCode).toBe(6112);
      const otp = (await call("listEnrolledFactors")).body.data.filter((f: { factorType: string }) => f.factorType === "OTP");
      expect(otp).toHaveLength(1);

      // The bound step is spent; the next step's TOTP is new, and good until the step after it ends.
      // A TOTP accepted once only is our targets' rule (totpDriftAndReplay), not one GenAuth documents.
      if (holdsOurRules) {
        const totp = totpFor(uri, step + 30_000);
        const verified = await Promise.all(Array.from({ length: 20 }, () => call("mfaOtpVerify", { body: { totp } })));
        expect(verified.filter((a) => a.body.data?.verified === true)).toHaveLength(1);
        expect(statuses(verified)).toEqual({ 200: 1, 400: 19 });
      }

      expect((await call("resetFactor", { body: { factorId: otp[0].factorId } })).body.statusCode).toBe(200);
    },
  );
});
