/**
 * Type-level tests of the client and the MSW handlers. They are not vitest tests: vitest strips types
 * and would pass them whatever they say. `tsc` checks this file with the repository's settings
 * (exactOptionalPropertyTypes off), and types.test.ts compiles it again with
 * exactOptionalPropertyTypes on and holds each `@ts-expect-error` to exactly one error. The function
 * is never called.
 */
import { expectTypeOf } from "vitest";
import { createClient, type FactorProfile, type GenAuthErrorEnvelope, type Language } from "../../src/client/index.ts";
import type { LANGUAGES } from "../../src/messages/catalogue.ts";
import { createGenAuthHandlers } from "../../src/msw/index.ts";

export async function clientTypeChecks(): Promise<void> {
  const client = createClient({ baseUrl: "http://api.test" });

  // A passing call for each factor type, with only the fields that type needs.
  void client.sendEnrollFactorRequest({ factorType: "OTP" });
  void client.sendEnrollFactorRequest({ factorType: "SMS", profile: { phoneNumber: "18812345678" } });
  void client.sendEnrollFactorRequest({ factorType: "EMAIL", profile: { email: "user@example.com" } });
  void client.sendEnrollFactorRequest({ factorType: "FACE" });
  void client.enrollFactor({ factorType: "OTP", enrollmentToken: "t", enrollmentData: { passCode: "123456" } });
  void client.enrollFactor({ factorType: "SMS", enrollmentToken: "t", enrollmentData: { passCode: "123456" } });
  void client.enrollFactor({ factorType: "EMAIL", enrollmentToken: "t", enrollmentData: { passCode: "123456" } });
  void client.enrollFactor({ factorType: "FACE", enrollmentToken: "t", enrollmentData: { photo: "132434235ad244" } });
  void client.enrollFactor({
    factorType: "FACE",
    enrollmentToken: "t",
    enrollmentData: { photo: "https://img.test/me.png", isExternalPhoto: true },
  });

  // An optional field takes undefined, as a value from a form or from storage may be.
  const maybeProfile = undefined as FactorProfile | undefined;
  void client.sendEnrollFactorRequest({ factorType: "OTP", profile: maybeProfile });
  void client.sendEnrollFactorRequest({ factorType: "SMS", profile: { phoneNumber: "18812345678", phoneCountryCode: undefined } });
  void createClient({ baseUrl: "http://api.test", accessToken: undefined, lang: undefined });

  // Wrong bodies do not compile.
  // @ts-expect-error: PUSH is not a factor type
  void client.sendEnrollFactorRequest({ factorType: "PUSH" });
  // @ts-expect-error: an SMS request needs profile.phoneNumber
  void client.sendEnrollFactorRequest({ factorType: "SMS", profile: {} });
  // @ts-expect-error: an EMAIL request needs a profile
  void client.sendEnrollFactorRequest({ factorType: "EMAIL" });
  // @ts-expect-error: the body is required
  void client.sendEnrollFactorRequest();
  // @ts-expect-error: a FACE enrollment needs a photo (`'photo' is missing`), which a passCode does not stand in for
  void client.enrollFactor({ factorType: "FACE", enrollmentToken: "t", enrollmentData: { passCode: "123456" } });
  // @ts-expect-error: getFactor needs a factorId
  void client.getFactor({});

  // The languages and the scenario names are the contract's: a typo does not compile.
  // @ts-expect-error: `en-UK` is not a language the targets answer in
  void createClient({ baseUrl: "http://api.test", lang: "en-UK" });
  const genauth = createGenAuthHandlers();
  genauth.setScenario("t", { examples: { sendEnrollFactorRequest: "throttled", resetFactor: "stepUpRequired" } });
  // @ts-expect-error: `throtled` is not an example of sendEnrollFactorRequest
  genauth.setScenario("t", { examples: { sendEnrollFactorRequest: "throtled" } });
  // @ts-expect-error: listEnrolledFactors has no `throttled` example
  genauth.setScenario("t", { examples: { listEnrolledFactors: "throttled" } });
  // @ts-expect-error: `sendEnrolFactorRequest` is not an operation
  genauth.setScenario("t", { examples: { sendEnrolFactorRequest: "throttled" } });
  expectTypeOf<Language>().toEqualTypeOf<(typeof LANGUAGES)[number]>();

  // data is GenAuth's data, envelope the whole success body, and error the error envelope.
  type Sent = Awaited<ReturnType<typeof client.sendEnrollFactorRequest>>;
  expectTypeOf<NonNullable<Sent["error"]>>().toEqualTypeOf<GenAuthErrorEnvelope>();
  expectTypeOf<NonNullable<Sent["envelope"]>["statusCode"]>().toEqualTypeOf<200>();
  expectTypeOf<NonNullable<Sent["data"]>["enrollmentToken"]>().toEqualTypeOf<string>();
  const { data, error } = await client.sendEnrollFactorRequest({ factorType: "OTP" });
  if (!error) expectTypeOf(data.enrollmentToken).toEqualTypeOf<string>();
  type Enrolled = Awaited<ReturnType<typeof client.enrollFactor>>;
  expectTypeOf<Exclude<Enrolled["data"], undefined>>().toEqualTypeOf<null>();
}
