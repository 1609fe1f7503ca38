import { afterEach, describe, expect, it } from "vitest";
import { assertSmsRegionAllowed } from "../../src/domain/sms-regions.ts";
import { PATHS } from "../support/enroll.ts";
import { buildTestApp, send, type TestApp } from "../support/test-app.ts";

let t: TestApp;
afterEach(async () => {
  await t.app.close();
});

const start = async (phoneCountryCode: string, phoneNumber: string) =>
  send(t.app, "POST", PATHS.sendEnrollFactorRequest, await t.tokenFor("alice"), { factorType: "SMS", profile: { phoneNumber, phoneCountryCode } });

describe("refusing premium-rate and satellite numbers", () => {
  const refused = [
    { code: "+979", number: "123456789", what: "international premium rate" },
    { code: "+881", number: "612345678", what: "a satellite network" },
    { code: "+870", number: "773111632", what: "Inmarsat" },
  ];
  for (const { code, number, what } of refused) {
    it(`answers a valid ${code} number (${what}) with statusCode 403 naming ${code}, and sends nothing`, async () => {
      t = await buildTestApp();
      const { body } = await start(code, number);
      expect(body.statusCode).toBe(403);
      expect(body.message).toContain(`calling code ${code}`);
      expect(t.outbox.messagesTo(`${code}${number}`)).toHaveLength(0);
    });
  }

  it("refuses a premium-rate number inside an ordinary country code, naming the country", async () => {
    t = await buildTestApp();
    const { body } = await start("+1", "9005550123");
    expect(body).toMatchObject({ statusCode: 403, message: "SMS codes are not sent to premium-rate numbers (+1, US)" });
    expect(t.outbox.messagesTo("+19005550123")).toHaveLength(0);
  });

  it("refuses a shared-cost number, naming the country", async () => {
    t = await buildTestApp();
    const { body } = await start("+33", "810123456");
    expect(body).toMatchObject({ statusCode: 403, message: "SMS codes are not sent to shared-cost numbers (+33, FR)" });
  });

  it("names only the calling code of a premium-rate number whose country the metadata cannot tell", () => {
    const phone = { e164: "+449001234567", masked: "900****4567", callingCode: "44", type: "PREMIUM_RATE" as const, phoneCountryCode: "+44" };
    expect(() => assertSmsRegionAllowed(phone, undefined)).toThrow("SMS codes are not sent to premium-rate numbers (+44)");
  });

  it("still sends to an ordinary mobile number", async () => {
    t = await buildTestApp();
    expect((await start("+47", "90123456")).body.statusCode).toBe(200);
  });
});

describe("SMS_ALLOWED_COUNTRIES", () => {
  it("sends only to the listed countries and answers others with 403 naming the country", async () => {
    t = await buildTestApp({ smsAllowedCountries: ["CN", "US"] });
    expect((await start("+86", "18812345678")).body.statusCode).toBe(200);
    const { body } = await start("+47", "90123456");
    expect(body).toMatchObject({ statusCode: 403, message: "SMS codes are not sent to NO (+47); this application sends them only to CN, US" });
    expect(t.outbox.messagesTo("+4790123456")).toHaveLength(0);
  });
});

describe("SMS_ALLOWED_COUNTRIES and numbers of no country", () => {
  it("refuses a number whose country the metadata cannot tell, naming its calling code", () => {
    const phone = { e164: "+99912345678", masked: "123****5678", callingCode: "999", phoneCountryCode: "+999" };
    expect(() => assertSmsRegionAllowed(phone, new Set(["CN", "US"]))).toThrow(
      "SMS codes are not sent to calling code +999; this application sends them only to CN, US",
    );
    expect(() => assertSmsRegionAllowed(phone, undefined)).not.toThrow();
  });
});
