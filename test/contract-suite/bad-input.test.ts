import { describe, expect } from "vitest";
import { contractTable, holdsOurRules, type Basis } from "./basis.ts";
import { call, type CallOptions } from "./call.ts";
import { target } from "./target.ts";

interface BadInput {
  name: string;
  operationId: string;
  input: CallOptions;
  statusCode: number;
  /** Words the message must contain, so that it names the problem. */
  words: string[];
  apiCode?: number;
  /** Whose rule the refusal is: GenAuth's statusCode (the default), or a rule or apiCode of the contract. */
  basis: Basis;
}

const GENAUTH: Basis = {};

const TOKEN =
  "TQoCISidM0kBji0dxRi3afSDtkvvMiUphenIgLF87y+JOw4T8fDWOsHHXIcvZ2EVESXhTrfGyh1iGf52Cg9e9byeFQvm1VZ0QWrw" +
  "mzwpntFAVtf1IP9LqVhmzXhBMFvLOcU/z1Eh/n0CrwX0uHNpJoMW9lp9AqHd9HvauaGKX+Y=";
const send = "sendEnrollFactorRequest";

// Each case: the input, the statusCode GenAuth's envelope must carry, and the words its message must hold.
// Against a remote target at GenAuth's level, a case proves the documented outcome (the statusCode,
// the envelope, a documented apiCode), never our wording: a tenant words its messages its own way.
const cases: BadInput[] = [
  {
    name: "an SMS request without a profile",
    operationId: send,
    input: { body: { factorType: "SMS" } },
    statusCode: 400,
    words: ["profile", "SMS"],
    basis: GENAUTH,
  },
  {
    name: "an SMS request without a phone number",
    operationId: send,
    input: { body: { factorType: "SMS", profile: { email: "a@example.com" } } },
    statusCode: 400,
    words: ["profile.phoneNumber"],
    basis: GENAUTH,
  },
  {
    name: "an EMAIL request without an email",
    operationId: send,
    input: { body: { factorType: "EMAIL", profile: {} } },
    statusCode: 400,
    words: ["profile.email"],
    basis: GENAUTH,
  },
  {
    name: "an EMAIL request with a malformed address",
    operationId: send,
    input: { body: { factorType: "EMAIL", profile: { email: "not-an-address" } } },
    statusCode: 400,
    words: ["profile.email"],
    basis: { rules: ["emailChecked"] },
  },
  {
    name: "an unknown factorType",
    operationId: send,
    input: { body: { factorType: "PUSH" } },
    statusCode: 400,
    words: ["factorType", "OTP, SMS, EMAIL, FACE"],
    basis: GENAUTH,
  },
  {
    name: "a lowercase factorType",
    operationId: send,
    input: { body: { factorType: "otp" } },
    statusCode: 400,
    words: ["factorType"],
    basis: GENAUTH,
  },
  {
    name: "a request without factorType",
    operationId: send,
    input: { body: { profile: {} } },
    statusCode: 400,
    words: ["factorType", "required"],
    basis: GENAUTH,
  },
  {
    name: "a phone number sent as a number",
    operationId: send,
    input: { body: { factorType: "SMS", profile: { phoneNumber: 18812345678 } } },
    statusCode: 400,
    words: ["profile.phoneNumber", "string"],
    basis: GENAUTH,
  },
  {
    name: "a calling code without its plus sign",
    operationId: send,
    input: { body: { factorType: "SMS", profile: { phoneNumber: "18812345678", phoneCountryCode: "86" } } },
    statusCode: 400,
    words: ["profile.phoneCountryCode"],
    basis: GENAUTH,
  },
  {
    name: "malformed JSON",
    operationId: send,
    input: { rawBody: '{"factorType": "OTP",' },
    statusCode: 400,
    words: ["JSON"],
    basis: GENAUTH,
  },
  {
    name: "a JSON array body",
    operationId: send,
    input: { body: [{ factorType: "OTP" }] },
    statusCode: 400,
    words: ["JSON object"],
    basis: GENAUTH,
  },
  {
    name: "a text/plain body",
    operationId: send,
    input: { rawBody: "factorType=OTP", contentType: "text/plain" },
    statusCode: 400,
    words: ["Content-Type", "application/json"],
    basis: GENAUTH,
  },
  {
    name: "a form-encoded body",
    operationId: send,
    input: { rawBody: "factorType=OTP", contentType: "application/x-www-form-urlencoded" },
    statusCode: 400,
    words: ["Content-Type"],
    basis: GENAUTH,
  },
  { name: "no body at all", operationId: send, input: {}, statusCode: 400, words: ["body", "required"], basis: GENAUTH },
  {
    name: "no Authorization header",
    operationId: send,
    input: { body: { factorType: "OTP" }, token: null },
    statusCode: 401,
    words: ["access token"],
    apiCode: 2020,
    basis: GENAUTH,
  },
  {
    name: "a Bearer prefix with no token",
    operationId: send,
    input: { body: { factorType: "OTP" }, token: "Bearer " },
    statusCode: 401,
    words: ["access token"],
    apiCode: 2020,
    basis: GENAUTH,
  },
  {
    name: "an app id header over 1024 characters",
    operationId: send,
    input: { body: { factorType: "OTP" }, headers: { "x-authing-app-id": "a".repeat(1025) } },
    statusCode: 400,
    words: ["x-authing-app-id"],
    basis: { ours: "the bound on x-authing-app-id's length" },
  },
  {
    name: "an enrollment without a passCode",
    operationId: "enrollFactor",
    input: { body: { factorType: "SMS", enrollmentToken: TOKEN, enrollmentData: {} } },
    statusCode: 400,
    words: ["enrollmentData.passCode", "SMS"],
    basis: GENAUTH,
  },
  {
    name: "an enrollment with a non-numeric passCode",
    operationId: "enrollFactor",
    input: { body: { factorType: "OTP", enrollmentToken: TOKEN, enrollmentData: { passCode: "12ab56" } } },
    statusCode: 400,
    words: ["enrollmentData.passCode"],
    basis: GENAUTH,
  },
  {
    name: "a FACE enrollment without a photo",
    operationId: "enrollFactor",
    input: { body: { factorType: "FACE", enrollmentToken: TOKEN, enrollmentData: { passCode: "123456" } } },
    statusCode: 400,
    words: ["enrollmentData.photo"],
    basis: GENAUTH,
  },
  {
    name: "a FACE enrollment whose photo is a javascript: URL",
    operationId: "enrollFactor",
    input: {
      body: {
        factorType: "FACE",
        enrollmentToken: TOKEN,
        enrollmentData: { photo: "javascript:alert(document.domain)", isExternalPhoto: true },
      },
    },
    statusCode: 400,
    words: ["enrollmentData.photo"],
    basis: { rules: ["facePhotoChecked"] },
  },
  {
    name: "a FACE enrollment whose photo is a plain http: URL",
    operationId: "enrollFactor",
    input: {
      body: {
        factorType: "FACE",
        enrollmentToken: TOKEN,
        enrollmentData: { photo: "http://files.example.com/face.jpg", isExternalPhoto: true },
      },
    },
    statusCode: 400,
    words: ["enrollmentData.photo"],
    basis: { rules: ["facePhotoChecked"] },
  },
  {
    name: "an empty enrollment token",
    operationId: "enrollFactor",
    input: { body: { factorType: "OTP", enrollmentToken: "", enrollmentData: { passCode: "123456" } } },
    statusCode: 400,
    words: ["enrollmentToken"],
    basis: { ours: "the refusal of an empty token as malformed (a tenant may answer it as an unknown token)" },
  },
  {
    name: "getFactor without a factorId",
    operationId: "getFactor",
    input: {},
    statusCode: 400,
    words: ["factorId", "required"],
    basis: GENAUTH,
  },
  {
    name: "getFactor with an empty factorId",
    operationId: "getFactor",
    input: { query: { factorId: "" } },
    statusCode: 400,
    words: ["factorId"],
    basis: GENAUTH,
  },
  {
    name: "getFactor for a factor nobody has",
    operationId: "getFactor",
    input: { query: { factorId: "ffffffffffffffffffffffff" } },
    statusCode: 404,
    words: ["factorId"],
    basis: { rules: ["unknownFactor404"] },
  },
  {
    name: "resetFactor for a factor nobody has",
    operationId: "resetFactor",
    input: { body: { factorId: "ffffffffffffffffffffffff" } },
    statusCode: 404,
    words: ["factorId"],
    basis: { rules: ["unknownFactor404"] },
  },
  {
    name: "resetFactor with a malformed factorId",
    operationId: "resetFactor",
    input: { body: { factorId: 42 } },
    statusCode: 400,
    words: ["factorId"],
    basis: GENAUTH,
  },
  {
    name: "a TOTP check without a totp",
    operationId: "mfaOtpVerify",
    input: { body: {} },
    statusCode: 400,
    words: ["totp", "required"],
    apiCode: 6003,
    basis: GENAUTH,
  },
  {
    name: "a TOTP check with a 5-digit totp",
    operationId: "mfaOtpVerify",
    input: { body: { totp: "12345" } },
    statusCode: 400,
    words: ["totp"],
    basis: GENAUTH,
  },
  {
    name: "a recovery without a recovery code",
    operationId: "mfaOtpRecover",
    input: { body: {} },
    statusCode: 400,
    words: ["recoveryCode", "required"],
    apiCode: 6004,
    basis: { operations: ["mfaOtpRecover"] },
  },
  {
    name: "an empty recovery code",
    operationId: "mfaOtpRecover",
    input: { body: { recoveryCode: "" } },
    statusCode: 400,
    words: ["recoveryCode"],
    basis: { operations: ["mfaOtpRecover"] },
  },
];

describe(`bad input on the ${target.name}`, () => {
  contractTable(
    "answers $name with statusCode $statusCode and a message that names it",
    cases,
    async ({ operationId, input, statusCode, words, apiCode }) => {
      const { body, response } = await call(operationId, input);
      expect(body.statusCode).toBe(statusCode);
      if (apiCode !== undefined) expect(body.apiCode).toBe(apiCode);
      expect(body.data).toBeUndefined();
      if (!holdsOurRules) return;
      for (const word of words) expect(body.message).toContain(word);
      expect(response.headers.get("x-request-id")).toBe(body.requestId);
    },
  );
});
