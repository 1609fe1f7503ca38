import { describe, expect } from "vitest";
import { uniquePhoneNumber } from "./support/unique.ts";
import { asExample, call, example } from "./call.ts";
import { contractCase } from "./basis.ts";
import { servesExamples, target } from "./target.ts";

// GenAuth's own shapes, as its docs and clients show them, answered alike by the mock and the server.
const ENROLLMENT_TOKEN =
  "2CoUZxQO5h8JZLCu7XXq+mbd4GDYWWmVse5BHZe1MM9dUw6ZrkE3Z/wPb7yf93ky6HbgvInV/nZi7fmpUQ/LuGHpEEYiEZ/gb48l" +
  "y9pwZZVnMv2bChLS2+Qgx2nomcxBkX7YV4FF6/KSUbtwrW9cnR3Iy//B74rBq89PD+75+o8=";

describe(`GenAuth's factor IDs on the ${target.name}`, () => {
  contractCase("answers an unknown factorId of any shape with the 404 envelope, never a 400", { rules: ["unknownFactor404"] }, async () => {
    for (const factorId of ["0123456789abcdef01234567", "xyz", "no-such-user|fax", "a b c"]) {
      expect((await call("getFactor", { query: { factorId } })).body.statusCode, factorId).toBe(404);
      expect((await call("resetFactor", { body: { factorId } })).body.statusCode, factorId).toBe(404);
    }
  });

  contractCase(
    "answers GenAuth's documented composite ID, 635391f4xxxxxx6bba26ed4|email, with a factor or the 404 envelope",
    { rules: ["implicitFactors"] },
    async () => {
      const { body } = await call("getFactor", { query: { factorId: "635391f4xxxxxx6bba26ed4|email" } });
      expect([200, 404]).toContain(body.statusCode);
      if (servesExamples)
        expect(body.data).toEqual({
          ...(example("getFactor", "email") as { data: object }).data,
          factorId: "635391f4xxxxxx6bba26ed4|email",
        });
    },
  );

  contractCase(
    "answers an implicit phone factor's ID, <userId>|phone, with an SMS factor",
    { needs: ["examples"], rules: ["implicitPhoneSuffix"] },
    async () => {
      const { body } = await call("getFactor", { query: { factorId: "635391f4xxxxxx6bba26ed4|phone" } });
      expect(body.data).toMatchObject({ factorType: "SMS", factorId: "635391f4xxxxxx6bba26ed4|phone" });
    },
  );

  contractCase(
    "refuses a factorId given twice in the query with statusCode 400 naming it",
    { ours: "the refusal of a query parameter given twice" },
    async () => {
      const response = await fetch(`${target.baseUrl}/api/v3/get-factor?factorId=a&factorId=b`, {
        headers: { authorization: target.accessToken },
      });
      const body = await response.json();
      expect(response.status).toBe(200);
      expect(body.statusCode).toBe(400);
      expect(body.message).toContain("factorId");
    },
  );
});

describe(`GenAuth's profile and photo shapes on the ${target.name}`, () => {
  contractCase(
    "shows an SMS factor's profile as { phoneNumber, phoneCountryCode }, the number masked",
    { needs: ["examples"], rules: ["maskedProfiles"] },
    async () => {
      const { body } = await call("getFactor", { query: { factorId: "1023b23d5411f5f70848f40b" } });
      expect(body.data.profile).toEqual({ phoneNumber: "188****5678", phoneCountryCode: "+86" });
    },
  );

  contractCase("accepts a FACE enrollment whose photo is an uploaded file's key", { rules: ["facePhotoKey"] }, async () => {
    const sent = await call("sendEnrollFactorRequest", { body: { factorType: "FACE" } });
    const enrollmentToken = target.stateful ? sent.body.data.enrollmentToken : ENROLLMENT_TOKEN;
    const { body } = await call("enrollFactor", {
      body: { factorType: "FACE", enrollmentToken, enrollmentData: { photo: "132434235ad244", isExternalPhoto: false } },
    });
    expect(body.statusCode).toBe(200);
    if (target.stateful) {
      const face = (await call("listEnrolledFactors")).body.data.find((f: { factorType: string }) => f.factorType === "FACE");
      expect(face.profile.photo).toBe("132434235ad244");
      expect((await call("resetFactor", { body: { factorId: face.factorId } })).body.statusCode).toBe(200);
    }
  });

  contractCase("answers a FACE enrollment without a photo with GenAuth's apiCode 1700", { apiCodes: [1700] }, async () => {
    const { body } = await call("enrollFactor", { body: { factorType: "FACE", enrollmentToken: ENROLLMENT_TOKEN, enrollmentData: {} } });
    expect(body).toMatchObject({ statusCode: 400, apiCode: 1700 });
  });

  contractCase(
    "refuses a number libphonenumber rejects for its calling code with statusCode 400, as both targets check it alike",
    { rules: ["phoneNumberChecked"] },
    async () => {
      const { body } = await call("sendEnrollFactorRequest", {
        body: { factorType: "SMS", profile: { phoneNumber: "1889123450", phoneCountryCode: "+86" } },
      });
      expect(body.statusCode).toBe(400);
      expect(body.message).toBe("profile.phoneNumber is not a valid phone number for calling code +86");
    },
  );

  contractCase(
    "accepts GenAuth's documented SMS request, whose number is the docs' redaction, or refuses it only as not a phone number",
    { rules: ["phoneNumberChecked"] },
    async () => {
      const { body } = await call("sendEnrollFactorRequest", {
        body: { factorType: "SMS", profile: { phoneNumber: "188xxxx8888", phoneCountryCode: "+86", email: "test@example.com" } },
      });
      expect(body.statusCode).toBe(400);
      expect(body.message).toContain("not a valid phone number");
    },
  );

  contractCase(
    "binds a phone number and shows it as { phoneNumber, phoneCountryCode }, the number masked",
    { needs: ["outbox"], rules: ["maskedProfiles"] },
    async () => {
      const phoneNumber = uniquePhoneNumber();
      const sent = await call("sendEnrollFactorRequest", {
        body: { factorType: "SMS", profile: { phoneNumber, phoneCountryCode: "+86" } },
      });
      const outbox = await (await fetch(`${target.baseUrl}/dev/outbox?to=%2B86${phoneNumber}`)).json();
      const enrollmentData = { passCode: outbox.data.at(-1).code };
      expect(
        (await call("enrollFactor", { body: { factorType: "SMS", enrollmentToken: sent.body.data.enrollmentToken, enrollmentData } })).body
          .statusCode,
      ).toBe(200);
      const sms = (await call("listEnrolledFactors")).body.data.find((f: { factorType: string }) => f.factorType === "SMS");
      expect(sms.profile).toEqual({ phoneNumber: `${phoneNumber.slice(0, 3)}****${phoneNumber.slice(-4)}`, phoneCountryCode: "+86" });
      expect((await call("resetFactor", { body: { factorId: sms.factorId } })).body.statusCode).toBe(200);
    },
  );
});

describe(`the envelope on the ${target.name}`, () => {
  contractCase("answers a missing access token with statusCode 401 and GenAuth's apiCode 2020", { apiCodes: [2020] }, async () => {
    const { body } = await call("listEnrolledFactors", { token: null });
    expect(body).toMatchObject({ statusCode: 401, apiCode: 2020 });
  });

  contractCase("gives every answer a request id of its own", { rules: ["noStoreAndRequestId"] }, async () => {
    const first = (await call("listEnrolledFactors")).body;
    const second = (await call("listEnrolledFactors")).body;
    expect(second.requestId).not.toBe(first.requestId);
    if (servesExamples) expect(second).toEqual(asExample(second, example("listEnrolledFactors", "freshUser")));
  });

  contractCase(
    "answers HEAD on a contract route with the 404 envelope, as any undeclared method",
    { rules: ["undeclaredRoute404"] },
    async () => {
      const response = await fetch(`${target.baseUrl}/api/v3/list-enrolled-factors`, {
        method: "HEAD",
        headers: { authorization: target.accessToken },
      });
      expect(response.status).toBe(404);
    },
  );
});
