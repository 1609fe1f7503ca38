import { describe, expect } from "vitest";
import { uniquePhoneNumber } from "./support/unique.ts";
import { call } from "./call.ts";
import { contractCase } from "./basis.ts";
import { target } from "./target.ts";

// The development outbox is the reference server's and the stateful mock's; a real deployment delivers real texts.
describe(`binding an SMS factor through the ${target.name}'s outbox`, () => {
  contractCase("sends a code that the outbox shows, binds the number with it, and unbinds it", { needs: ["outbox"] }, async () => {
    const phoneNumber = uniquePhoneNumber();
    const sent = (await call("sendEnrollFactorRequest", { body: { factorType: "SMS", profile: { phoneNumber } } })).body;
    expect(sent.statusCode).toBe(200);

    const outbox = await (await fetch(`${target.baseUrl}/dev/outbox?to=${encodeURIComponent(`+86${phoneNumber}`)}`)).json();
    expect(outbox.data).toHaveLength(1);
    const { code } = outbox.data[0];
    expect(code).toMatch(/^\d{6}$/);

    const wrong = code === "000000" ? "111111" : "000000";
    const enroll = (passCode: string) => ({ factorType: "SMS", enrollmentToken: sent.data.enrollmentToken, enrollmentData: { passCode } });
    expect((await call("enrollFactor", { body: enroll(wrong) })).body).toMatchObject({ statusCode: 400, apiCode: 6101 });
    expect((await call("enrollFactor", { body: enroll(code) })).body.statusCode).toBe(200);

    const factors = (await call("listEnrolledFactors")).body.data;
    const sms = factors.find((f: { factorType: string }) => f.factorType === "SMS");
    expect(sms.profile).toEqual({ phoneNumber: `${phoneNumber.slice(0, 3)}****${phoneNumber.slice(-4)}`, phoneCountryCode: "+86" });
    expect((await call("listFactorsToEnroll")).body.data).not.toContainEqual({ factorType: "SMS" });

    expect((await call("resetFactor", { body: { factorId: sms.factorId } })).body.statusCode).toBe(200);
    expect((await call("listFactorsToEnroll")).body.data).toContainEqual({ factorType: "SMS" });
  });
});
