import { afterEach, describe, expect, it } from "vitest";
import { assertSmsRegionAllowed } from "../../src/domain/sms-regions.ts";
import { PATHS } from "../support/enroll.ts";
import { buildTestApp, send, type TestApp } from "../support/test-app.ts";

let t: TestApp;
afterEach(async () => {
  await t.app.close();
});

const start = async (phoneCountryCode: string, phoneNumber: string) =>
  send(t.app, "POST", PATHS.sendEnrollFactorRequest, await t.tokenFor("alice"), {
    factorType: "SMS",
    profile: { phoneNumber, phoneCountryCode },
  });

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
    const phone = {
      e164: "+449001234567",
      masked: "900****4567",
      callingCode: "44",
      type: "PREMIUM_RATE" as const,
      phoneCountryCode: "+44",
    };
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
    expect(body).toMatchObject({
      statusCode: 403,
      message: "SMS codes are not sent to NO (+47); this application sends them only to CN, US",
    });
    expect(t.outbox.messagesTo("+4790123456")).toHaveLength(0);
  });
});

describe("SMS_ALLOWED_COUNTRIES and numbers of no country", () => {
  it("refuses a number whose country the metadata cannot tell, naming its calling code", () => {
    const phone = { e164: "+99912345678", masked: "123****5678", callingCode: "999", phoneCountryCode: "+999" };
    expect(() => assertSmsRegionAllowed(phone, { allowedCountries: new Set(["CN", "US"]) })).toThrow(
      "SMS codes are not sent to calling code +999; this application sends them only to CN, US",
    );
    expect(() => assertSmsRegionAllowed(phone, undefined)).not.toThrow();
  });
});

// Numbers that are valid, and in an ordinary country, but that no person carries as a phone: each
// was sent a code before, and each is refused now with the type named.
describe("refusing numbers that cannot receive a text", () => {
  const refused = [
    { code: "+44", number: "7012345678", type: "personal numbers", what: "a GB 070 personal (follow-me) number" },
    { code: "+44", number: "7640123456", type: "pager numbers", what: "a GB 076 pager" },
    { code: "+44", number: "5612345678", type: "VoIP numbers", what: "a GB 056 VoIP number" },
    { code: "+44", number: "5512345678", type: "universal access numbers (UAN)", what: "a GB 055 corporate (UAN) number" },
    { code: "+44", number: "8001234567", type: "toll-free numbers", what: "a GB 0800 freephone number" },
    { code: "+1", number: "8005550123", type: "toll-free numbers", what: "a US 800 toll-free number" },
    { code: "+1", number: "8885550123", type: "toll-free numbers", what: "a US 888 toll-free number" },
    { code: "+1", number: "9005550123", type: "premium-rate numbers", what: "a US 900 premium-rate number" },
    { code: "+33", number: "810123456", type: "shared-cost numbers", what: "a FR 0810 shared-cost number" },
  ];
  for (const { code, number, type, what } of refused) {
    it(`answers ${what} with statusCode 403 naming ${type}, and sends nothing`, async () => {
      t = await buildTestApp();
      const { body } = await start(code, number);
      expect(body).toMatchObject({
        statusCode: 403,
        message: `SMS codes are not sent to ${type} (${code}, ${code === "+1" ? "US" : code === "+33" ? "FR" : "GB"})`,
      });
      expect(t.outbox.messagesTo(`${code}${number}`)).toHaveLength(0);
    });
  }

  it("names the type in the language the request asks for", async () => {
    t = await buildTestApp();
    const response = await t.app.inject({
      method: "POST",
      url: PATHS.sendEnrollFactorRequest,
      headers: { authorization: await t.tokenFor("alice"), "content-type": "application/json", "x-genauth-lang": "zh-CN" },
      payload: JSON.stringify({ factorType: "SMS", profile: { phoneNumber: "8005550123", phoneCountryCode: "+1" } }),
    });
    expect(response.json()).toMatchObject({ statusCode: 403, message: "不向免费电话号码发送短信验证码（+1, US）" });
  });

  it("sends to a mobile number, and to a +1 number the metadata cannot tell from a mobile", async () => {
    t = await buildTestApp();
    expect((await start("+44", "7400123456")).body.statusCode).toBe(200);
    expect((await start("+1", "2015550123")).body.statusCode).toBe(200);
  });
});

describe("SMS_ALLOW_FIXED_LINE", () => {
  it("refuses a fixed line by default with statusCode 403 naming the type", async () => {
    t = await buildTestApp();
    expect((await start("+44", "2071838750")).body).toMatchObject({
      statusCode: 403,
      message: "SMS codes are not sent to fixed-line numbers (+44, GB)",
    });
    expect((await start("+86", "1012345678")).body).toMatchObject({
      statusCode: 403,
      message: "SMS codes are not sent to fixed-line numbers (+86, CN)",
    });
    expect(t.outbox.messagesTo("+442071838750")).toHaveLength(0);
  });

  it("sends to a fixed line when the deployment allows them, and still refuses a toll-free number", async () => {
    t = await buildTestApp({ smsAllowFixedLine: true });
    expect((await start("+44", "2071838750")).body.statusCode).toBe(200);
    expect(t.outbox.messagesTo("+442071838750")).toHaveLength(1);
    expect((await start("+44", "8001234567")).body.statusCode).toBe(403);
  });
});

describe("numbers whose type the metadata cannot tell", () => {
  const untyped = { e164: "+4790123456", masked: "901***3456", callingCode: "47", country: "NO" as const, phoneCountryCode: "+47" };

  it("lets them through, and notes the calling code, country and masked number, never the whole number", () => {
    const notes: Array<{ fields: Record<string, unknown>; message: string }> = [];
    assertSmsRegionAllowed(untyped, {}, { info: (fields, message) => notes.push({ fields, message }), warn: () => {} });
    expect(notes).toEqual([
      { fields: { callingCode: "+47", country: "NO", number: "901***3456" }, message: "SMS code to a number of unknown type" },
    ]);
    expect(JSON.stringify(notes)).not.toContain("90123456");
  });

  it("notes nothing for a number whose type is known", () => {
    const notes: unknown[] = [];
    assertSmsRegionAllowed({ ...untyped, type: "MOBILE" }, {}, { info: (fields) => notes.push(fields), warn: () => {} });
    expect(notes).toEqual([]);
  });
});
