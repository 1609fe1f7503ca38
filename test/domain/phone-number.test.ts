import { describe, expect, it } from "vitest";
import { GenAuthError } from "../../src/contract/envelope.ts";
import { DEFAULT_CALLING_CODE, maskPhone, normalisePhone } from "../../src/domain/phone-number.ts";

/** The error `work` throws, so that its fields can be checked one by one. */
function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

describe("normalisePhone", () => {
  it("uses +86, mainland China, when no calling code is given", () => {
    expect(DEFAULT_CALLING_CODE).toBe("+86");
    expect(normalisePhone("18812345678").e164).toBe("+8618812345678");
  });

  it("returns the number in E.164 and masks all but the first three and last four national digits", () => {
    expect(normalisePhone("18812345678", "+86")).toMatchObject({ e164: "+8618812345678", masked: "188****5678", phoneCountryCode: "+86" });
  });

  it("accepts a United States number with calling code +1", () => {
    expect(normalisePhone("2015550123", "+1")).toMatchObject({ e164: "+12015550123", masked: "201***0123", phoneCountryCode: "+1" });
  });

  it("treats an undefined calling code, as a request without phoneCountryCode passes it, as +86", () => {
    expect(normalisePhone("18812345678", undefined)).toEqual(normalisePhone("18812345678", "+86"));
  });

  it("gives the country and the line type of a geographic number", () => {
    expect(normalisePhone("18812345678", "+86")).toMatchObject({ country: "CN", type: "MOBILE", callingCode: "86" });
  });

  it("gives no country for a number in a non-geographic range, and still its type", () => {
    const phone = normalisePhone("510012345", "+883");
    expect(phone).toMatchObject({ e164: "+883510012345", callingCode: "883", type: "VOIP" });
    expect(phone.country).toBeUndefined();
  });

  const impossible: Array<{ phoneNumber: string; callingCode?: string; why: string }> = [
    { phoneNumber: "12345", callingCode: "+86", why: "too short for mainland China" },
    { phoneNumber: "999999999999", why: "too long for mainland China, with the default calling code" },
    { phoneNumber: "10012345678", callingCode: "+86", why: "in a range no Chinese mobile carrier is assigned" },
    { phoneNumber: "18812345678", callingCode: "+1", why: "a Chinese number under the United States calling code" },
    { phoneNumber: "1889123450", callingCode: "+86", why: "a number libphonenumber rejects for mainland China" },
    { phoneNumber: "188xxxx8888", callingCode: "+86", why: "the redacted number of GenAuth's own sample" },
    { phoneNumber: "12345678", callingCode: "+999", why: "under a calling code no country or service has" },
    { phoneNumber: "18812345678", callingCode: "86", why: "under a calling code without its plus sign" },
    { phoneNumber: "42071838750", callingCode: "+4", why: "a London number whose first digit would complete the calling code +44" },
    { phoneNumber: "015550123", callingCode: "+12", why: "a United States number whose area code would start in the calling code" },
  ];
  for (const { phoneNumber, callingCode, why } of impossible) {
    it(`refuses ${phoneNumber} (${why}) with a statusCode 400 GenAuthError naming profile.phoneNumber`, () => {
      const error = thrownBy(() => normalisePhone(phoneNumber, callingCode));
      expect(error).toBeInstanceOf(GenAuthError);
      expect((error as GenAuthError).statusCode).toBe(400);
      expect((error as GenAuthError).message).toContain("profile.phoneNumber");
      expect((error as GenAuthError).message).toContain(callingCode ?? "+86");
    });
  }
});

describe("maskPhone", () => {
  it("hides the middle of a mainland mobile number behind four stars", () => {
    expect(maskPhone("18812345678")).toBe("188****5678");
  });

  it("shows less of a short national number, and always hides at least one digit", () => {
    expect(maskPhone("123456789")).toBe("123**6789");
    expect(maskPhone("12345678")).toBe("1***5678");
    expect(maskPhone("1234567")).toBe("1**4567");
    expect(maskPhone("123456")).toBe("**3456");
    expect(maskPhone("12345")).toBe("****5");
  });
});
