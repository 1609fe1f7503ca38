import { URI } from "otpauth";
import { afterEach, describe, expect, it } from "vitest";
import { hmacSha256, sha256 } from "../../src/domain/digests.ts";
import { MAX_PENDING_ENROLLMENTS } from "../../src/domain/start-enrollment.ts";
import { DeliveryError } from "../../src/transports/transport.ts";
import { decodeQrDataUrl } from "../contract-suite/support/decode-qr.ts";
import { ROOMY_START_LIMITS } from "../support/roomy-limits.ts";
import { enrollFace, enrollOtp, enrollSms, PATHS, startOtp, wrongTotp } from "../support/enroll.ts";
import { buildTestApp, failingTransport, send, type TestApp, type TestAppOptions } from "../support/test-app.ts";
import { aliceAndBob } from "../support/users.ts";

const PHONE = "18812345678";
const E164 = "+8618812345678";
const TOKEN_SHAPE = /^[A-Za-z0-9+/]{171}=$/; // 128 bytes in standard base64

let t: TestApp;
afterEach(async () => {
  await t.app.close();
});

async function setUp(options?: TestAppOptions) {
  t = await buildTestApp(options);
  return { t, ...(await aliceAndBob(t)) };
}

const start = (token: string, body: unknown) => send(t.app, "POST", PATHS.sendEnrollFactorRequest, token, body);
const sms = (phoneNumber: string, phoneCountryCode?: string) => ({
  factorType: "SMS",
  profile: { phoneNumber, ...(phoneCountryCode && { phoneCountryCode }) },
});

describe("starting an OTP enrollment", () => {
  it("returns a QR code that decodes to exactly its otpauth URI, and a recovery code", async () => {
    const { alice } = await setUp();
    const { qrCodeUri, qrCodeDataUrl, recoveryCode } = await startOtp(t, alice);
    expect(decodeQrDataUrl(qrCodeDataUrl).text).toBe(qrCodeUri);
    expect(recoveryCode).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){5}$/);
  });

  const labels: Array<{ claims: Record<string, string>; account: string; rule: string }> = [
    { claims: { username: "alice", email: "alice@example.com" }, account: "alice", rule: "the username when the token has one" },
    { claims: { email: "alice@example.com" }, account: "alice@example.com", rule: "the email claim when there is no username" },
    { claims: {}, account: "user-42", rule: "the subject when there is neither" },
  ];
  for (const { claims, account, rule } of labels) {
    it(`labels the account with ${rule}, under the issuer Test Pool`, async () => {
      await setUp();
      const { qrCodeUri } = await startOtp(t, await t.tokenFor("user-42", claims));
      expect(URI.parse(qrCodeUri)).toMatchObject({ issuer: "Test Pool", label: account });
    });
  }

  it("stores the secret encrypted and the recovery code only as a digest", async () => {
    const { alice } = await setUp();
    const { enrollmentToken, secret, recoveryCode } = await startOtp(t, alice);
    const record = (await t.mfa.store.findEnrollment(await sha256(t.mfa.ports, enrollmentToken)))!;
    expect(record.secretCipher).toBeDefined();
    expect(record.secretCipher).not.toContain(secret);
    expect(await t.mfa.secretBox.open(record.secretCipher!)).toBe(secret);
    expect(record.recoveryHash).toBeDefined();
    expect(record.recoveryHash).not.toContain(recoveryCode);
  });

  it("mints a distinct 172-character base64 enrollment token for every request", async () => {
    const { alice } = await setUp();
    const tokens = await Promise.all(Array.from({ length: 20 }, async () => (await startOtp(t, alice)).enrollmentToken));
    for (const token of tokens) expect(token).toMatch(TOKEN_SHAPE);
    expect(new Set(tokens).size).toBe(20);
  });
});

describe("starting an SMS or EMAIL enrollment", () => {
  it("delivers a 6-digit code to the E.164 number through the outbox and returns only a token", async () => {
    const { alice } = await setUp();
    const { body } = await start(alice, sms(PHONE));
    expect(body.statusCode).toBe(200);
    expect(body.data).toEqual({ enrollmentToken: expect.stringMatching(TOKEN_SHAPE) });
    const messages = t.outbox.messagesTo(E164);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.code).toMatch(/^[0-9]{6}$/);
    expect(messages[0]).toMatchObject({
      channel: "sms",
      text: expect.stringContaining(`Your verification code is ${messages[0]!.code}. It expires in 60 seconds.`),
    });
  });

  it("delivers an EMAIL code through the email channel, and keeps the masked address as the profile", async () => {
    const { alice } = await setUp();
    const { body } = await start(alice, { factorType: "EMAIL", profile: { email: "alice@example.com" } });
    const [message] = t.outbox.messagesTo("alice@example.com");
    expect(message).toMatchObject({ channel: "email", code: expect.stringMatching(/^[0-9]{6}$/) });
    expect((await t.mfa.store.findEnrollment(await sha256(t.mfa.ports, body.data.enrollmentToken)))!.profile).toEqual({
      email: "a***@example.com",
    });
  });

  it("stores the code only as an HMAC, and the masked number as the profile", async () => {
    const { alice } = await setUp();
    const { body } = await start(alice, sms(PHONE));
    const code = t.outbox.messagesTo(E164)[0]!.code;
    const record = (await t.mfa.store.findEnrollment(await sha256(t.mfa.ports, body.data.enrollmentToken)))!;
    expect(record.codeHash).not.toBe(code);
    expect(record.codeHash).not.toBe(await sha256(t.mfa.ports, code)); // an unkeyed digest of 6 digits is reversed in a moment
    expect(record.codeHash).toBe(await hmacSha256(t.mfa.ports, t.mfa.codeKey, code));
    expect(record.profile).toEqual({ phoneNumber: "188****5678", phoneCountryCode: "+86" });
  });

  it("throttles a second code to the same number within 60 seconds with statusCode 429 and says when to retry", async () => {
    const { alice } = await setUp();
    await start(alice, sms(PHONE));
    expect((await start(alice, sms(PHONE))).body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/retry in 60 seconds/) });
    t.clock.advance(59_500);
    const { body } = await start(alice, sms(PHONE, "+86"));
    expect(body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/retry in 1 seconds/) });
    expect(body.data).toBeUndefined();
    t.clock.advance(500);
    expect((await start(alice, sms(PHONE))).body.statusCode).toBe(200);
    expect(t.outbox.messagesTo(E164)).toHaveLength(2);
  });

  it("applies the per-minute limit to the number, whichever user asks", async () => {
    const { alice, bob } = await setUp();
    expect((await start(alice, sms(PHONE))).body.statusCode).toBe(200);
    expect((await start(bob, sms(PHONE))).body.statusCode).toBe(429);
    expect((await start(bob, sms("18887654321"))).body.statusCode).toBe(200);
  });

  it("gives an address one per-minute slot whatever its letter case, and delivers to the lower-cased address", async () => {
    const { alice } = await setUp();
    expect((await start(alice, { factorType: "EMAIL", profile: { email: "Test@Example.COM" } })).body.statusCode).toBe(200);
    expect((await start(alice, { factorType: "EMAIL", profile: { email: "test@example.com" } })).body.statusCode).toBe(429);
    expect(t.outbox.messagesTo("test@example.com")).toHaveLength(1);
  });

  it("applies the per-minute limit to the address, whichever user asks", async () => {
    const { alice, bob } = await setUp();
    const email = (address: string) => ({ factorType: "EMAIL", profile: { email: address } });
    expect((await start(alice, email("shared@example.com"))).body.statusCode).toBe(200);
    expect((await start(bob, email("shared@example.com"))).body.statusCode).toBe(429);
    expect((await start(bob, email("bob@example.com"))).body.statusCode).toBe(200);
    expect(t.outbox.messagesTo("shared@example.com")).toHaveLength(1);
  });

  // Each was once a way to a second code for one number (or to a number of another country): every
  // spelling other than the plain national number is refused, or lands on the number's one slot.
  const spellings: Array<{ phoneNumber: string; phoneCountryCode?: string; what: string }> = [
    { phoneNumber: "018812345678", what: "a trunk 0 before the number" },
    { phoneNumber: "018812345678", phoneCountryCode: "+86", what: "a trunk 0 under +86" },
    { phoneNumber: "008618812345678", what: "the international prefix 00 and 86 before the number" },
    { phoneNumber: "8618812345678", what: "86 before the number" },
    { phoneNumber: "+8618812345678", what: "+86 before the number" },
    { phoneNumber: "0018812345678", what: "00 before the number" },
    { phoneNumber: "188 1234 5678", what: "spaces" },
    { phoneNumber: "188-1234-5678", what: "dashes" },
    { phoneNumber: "(188)12345678", what: "brackets" },
    { phoneNumber: "18812345678 ", what: "a trailing space" },
    { phoneNumber: "１８８１２３４５６７８", what: "full-width digits" },
    { phoneNumber: "1881234567８", what: "one full-width digit" },
    { phoneNumber: "١٨٨١٢٣٤٥٦٧٨", what: "Arabic-Indic digits" },
    { phoneNumber: "188\u200b12345678", what: "a zero-width space" },
    { phoneNumber: "\u200e18812345678", what: "a left-to-right mark" },
    { phoneNumber: "18812345678", phoneCountryCode: "86", what: "86 as the calling code" },
    { phoneNumber: "18812345678", phoneCountryCode: "+086", what: "+086 as the calling code" },
    { phoneNumber: "18812345678", phoneCountryCode: "0086", what: "0086 as the calling code" },
    { phoneNumber: "18812345678", phoneCountryCode: "+0086", what: "+0086 as the calling code" },
    { phoneNumber: "18812345678", phoneCountryCode: "+86 ", what: "a calling code with a trailing space" },
    { phoneNumber: "8812345678", phoneCountryCode: "+861", what: "a calling code that swallows the number's first digit" },
    { phoneNumber: "086 18812345678", what: "086 and a space before the number" },
  ];
  for (const { phoneNumber, phoneCountryCode, what } of spellings) {
    it(`sends no second code to a number within its minute when it is spelt with ${what}`, async () => {
      const { alice, bob } = await setUp();
      expect((await start(alice, sms(PHONE))).body.statusCode).toBe(200);
      const { body } = await start(bob, sms(phoneNumber, phoneCountryCode));
      expect([400, 429]).toContain(body.statusCode);
      expect(t.outbox.messagesTo(E164)).toHaveLength(1);
    });
  }

  it("answers exactly one of 50 simultaneous requests for one number with 200 and the other 49 with 429", async () => {
    const { alice } = await setUp();
    const answers = await Promise.all(Array.from({ length: 50 }, () => start(alice, sms(PHONE))));
    const codes = answers.map((answer) => answer.body.statusCode);
    expect(codes.filter((code) => code === 200)).toHaveLength(1);
    expect(codes.filter((code) => code === 429)).toHaveLength(49);
    expect(t.outbox.messagesTo(E164)).toHaveLength(1);
  });
});

describe("refusing to start an enrollment", () => {
  const badInput: Array<{ name: string; body: unknown; words: string }> = [
    { name: "an SMS request without a phone number", body: { factorType: "SMS", profile: {} }, words: "profile.phoneNumber" },
    { name: "an SMS request for an impossible number", body: sms("12345"), words: "profile.phoneNumber is not a valid phone number" },
    { name: "an EMAIL request without an address", body: { factorType: "EMAIL", profile: {} }, words: "profile.email" },
    {
      name: "an EMAIL request with a malformed address",
      body: { factorType: "EMAIL", profile: { email: "nope" } },
      words: "profile.email",
    },
    { name: "an SMS request with a calling code lacking its +", body: sms(PHONE, "86"), words: "profile.phoneCountryCode" },
  ];
  for (const { name, body, words } of badInput) {
    it(`rejects ${name} with statusCode 400 and sends nothing`, async () => {
      const { alice } = await setUp();
      const answer = (await start(alice, body)).body;
      expect(answer).toMatchObject({ statusCode: 400, message: expect.stringContaining(words) });
      expect(t.outbox.messagesTo(E164)).toEqual([]);
    });
  }

  it("refuses a factor type the application has not enabled with statusCode 403", async () => {
    const { alice } = await setUp({ enabledFactors: ["OTP"] });
    const { body } = await start(alice, sms(PHONE));
    expect(body).toMatchObject({ statusCode: 403, message: expect.stringContaining("SMS") });
    expect(t.outbox.messagesTo(E164)).toEqual([]);
  });

  it("refuses a factor type the user has already bound with statusCode 409, and a face with apiCode 1706", async () => {
    const { alice } = await setUp();
    await enrollSms(t, alice, PHONE);
    t.clock.advance(60_000);
    const again = (await start(alice, sms("18887654321"))).body;
    expect(again).toMatchObject({ statusCode: 409, message: expect.stringContaining("An SMS factor is already bound") });
    expect(again.apiCode).toBeUndefined();
    await enrollFace(t, alice);
    expect((await start(alice, { factorType: "FACE" })).body).toMatchObject({ statusCode: 409, apiCode: 1706 });
  });

  it("starts an EMAIL binding for a user who has bound SMS only: the already-bound check is the channel's own", async () => {
    const { alice } = await setUp();
    await enrollSms(t, alice, PHONE);
    expect((await start(alice, { factorType: "EMAIL", profile: { email: "alice@example.com" } })).body.statusCode).toBe(200);
  });

  it("refuses a face with apiCode 1703 to a user with no phone number or address, even one with an authenticator app", async () => {
    t = await buildTestApp();
    const carol = await t.tokenFor("carol");
    await enrollOtp(t, carol);
    expect((await start(carol, { factorType: "FACE" })).body).toMatchObject({ statusCode: 403, apiCode: 1703 });
  });

  const failures = [
    { kind: "unreachable", statusCode: 601, what: "cannot be reached" },
    { kind: "rejected", statusCode: 602, what: "refuses the message" },
  ] as const;
  for (const { kind, statusCode, what } of failures) {
    it(`answers statusCode ${statusCode} when the SMS gateway certainly ${what}, and does not spend the number's minute`, async () => {
      const gateway = failingTransport(kind);
      const { alice } = await setUp({ transports: { sms: gateway } });
      const { http, body } = await start(alice, sms(PHONE));
      // A gateway failure is still a GenAuth answer: HTTP 200, the failure in the body.
      expect(http).toBe(200);
      expect(body).toMatchObject({ statusCode, message: expect.stringContaining("SMS gateway") });
      expect(body.data).toBeUndefined();
      expect(await t.mfa.store.recentSends(`sms:${E164}`)).toEqual([]);
      // A retry right away reaches the gateway again instead of being throttled.
      expect((await start(alice, sms(PHONE))).body.statusCode).toBe(statusCode);
      expect(gateway.calls).toBe(2);
    });
  }

  const emailFailures = [
    { kind: "unreachable", certain: true, statusCode: 601, words: "the email gateway could not be reached" },
    { kind: "rejected", certain: true, statusCode: 602, words: "the email gateway refused the message" },
    { kind: "unreachable", certain: false, statusCode: 601, words: "the email gateway did not confirm the message" },
    { kind: "rejected", certain: false, statusCode: 602, words: "the email gateway answered with an error" },
  ] as const;
  for (const { kind, certain, statusCode, words } of emailFailures) {
    it(`answers statusCode ${statusCode} saying "${words}", and spends the address's minute only if the code may have left`, async () => {
      const { alice } = await setUp({ transports: { email: failingTransport(kind, certain) } });
      const { http, body } = await start(alice, { factorType: "EMAIL", profile: { email: "alice@example.com" } });
      expect(http).toBe(200);
      expect(body).toMatchObject({ statusCode, message: expect.stringContaining(words) });
      const spent = await t.mfa.store.recentSends("email:alice@example.com");
      expect(spent.length === 0).toBe(certain);
    });
  }
});

describe("keeping the slot when the delivery's outcome is unknown", () => {
  for (const { kind, statusCode } of [
    { kind: "unreachable", statusCode: 601 },
    { kind: "rejected", statusCode: 602 },
  ] as const) {
    it(`keeps the number's minute after a ${statusCode} whose message may have gone out, so ten retries reach the phone once`, async () => {
      // A gateway that delivers and then times out (or answers 5xx): the phone has the code.
      const gateway = failingTransport(kind, false);
      const { alice } = await setUp({ transports: { sms: gateway } });
      const first = (await start(alice, sms(PHONE))).body;
      expect(first).toMatchObject({
        statusCode,
        message: expect.stringContaining("It may still arrive; if it does not, request another in 60 seconds"),
      });
      for (let i = 0; i < 9; i++) {
        t.clock.advance(1000);
        expect((await start(alice, sms(PHONE))).body.statusCode).toBe(429);
      }
      expect(gateway.calls).toBe(1);
      t.clock.advance(60_000);
      expect((await start(alice, sms(PHONE))).body.statusCode).toBe(statusCode);
      expect(gateway.calls).toBe(2);
    });
  }

  it("keeps the failed send in the user's hourly count too", async () => {
    const gateway = failingTransport("unreachable", false);
    const { alice } = await setUp({ transports: { sms: gateway } });
    for (let i = 0; i < 5; i++) expect((await start(alice, sms(`1881234000${i}`))).body.statusCode).toBe(601);
    expect((await start(alice, sms("18812340005"))).body).toMatchObject({
      statusCode: 429,
      message: expect.stringContaining("in the last hour"),
    });
  });

  it("gives a certainly-failed send back to the user's hourly count", async () => {
    const gateway = failingTransport("unreachable", true);
    const { alice } = await setUp({ transports: { sms: gateway } });
    for (let i = 0; i < 6; i++) expect((await start(alice, sms(`1881234000${i}`))).body.statusCode).toBe(601);
  });
});

describe("handing a rate-limit slot back after a failed delivery", () => {
  it("leaves a later send's slot alone when a slow gateway fails after it", async () => {
    // The gateway fails only after the clock has moved past the minute and another send took the slot.
    let release: (() => void) | undefined;
    let delivering: () => void;
    const reachedGateway = new Promise<void>((resolve) => (delivering = resolve));
    const slow = {
      name: "slow",
      deliver: () =>
        new Promise<void>((_resolve, reject) => {
          release = () => reject(new DeliveryError("unreachable", "slow", "refused", true));
          delivering();
        }),
    };
    t = await buildTestApp({ transports: { sms: slow } }); // closed by afterEach
    {
      const token = await t.tokenFor("slow-user");
      const first = send(t.app, "POST", "/api/v3/send-enroll-factor-request", token, {
        factorType: "SMS",
        profile: { phoneNumber: "18812345678" },
      });
      await reachedGateway; // the first send holds the slot and waits on its gateway
      t.clock.advance(61_000);
      // a later send that succeeded
      await t.mfa.store.takeSend(t.clock.now(), [{ key: "sms:+8618812345678", windows: [{ cap: 1, windowMs: 60_000 }] }], {
        key: "all:sms",
        cap: 100,
      });
      release!();
      expect((await first).body.statusCode).toBe(601);
      expect(await t.mfa.store.recentSends("sms:+8618812345678")).toEqual([t.clock.now()]);
    }
  });
});

describe("pending enrollments", () => {
  it("keeps at most 10 pending enrollments per user: the 40th replaces the oldest, and the newest still binds", async () => {
    // The start caps are off here: this is about how many rows one user can hold, however fast.
    const { alice, bob } = await setUp({ startLimits: ROOMY_START_LIMITS });
    const bobs = (await start(bob, { factorType: "FACE" })).body.data.enrollmentToken as string;
    const tokens: string[] = [];
    for (let i = 0; i < 40; i++) {
      tokens.push((await start(alice, { factorType: "FACE" })).body.data.enrollmentToken);
      t.clock.advance(1); // "oldest" goes by creation time, to the millisecond
    }
    const found = await Promise.all(tokens.map(async (token) => t.mfa.store.findEnrollment(await sha256(t.mfa.ports, token))));
    const kept = tokens.filter((_token, i) => found[i] !== undefined);
    expect(kept).toEqual(tokens.slice(-MAX_PENDING_ENROLLMENTS));
    expect(await t.mfa.store.findEnrollment(await sha256(t.mfa.ports, bobs))).toBeDefined();
    const enroll = (token: string) =>
      send(t.app, "POST", PATHS.enrollFactor, alice, {
        factorType: "FACE",
        enrollmentToken: token,
        enrollmentData: { photo: "https://files.example.com/a.jpg" },
      });
    expect((await enroll(tokens[0]!)).body).toMatchObject({ statusCode: 422, apiCode: 6110 });
    expect((await enroll(tokens.at(-1)!)).body.statusCode).toBe(200);
  });

  /** How many of these enrollment tokens the store still holds a row for. */
  const rowsLeft = async (tokens: string[]) =>
    (await Promise.all(tokens.map(async (token) => t.mfa.store.findEnrollment(await sha256(t.mfa.ports, token))))).filter(Boolean).length;

  it("counts revoked enrollments toward the 10, so that revoking each one with 5 wrong codes makes no room", async () => {
    // Revoked rows were not counted: one user wrote 2,209 of them in 30 seconds.
    const { alice } = await setUp({ startLimits: ROOMY_START_LIMITS });
    const tokens: string[] = [];
    for (let i = 0; i < 30; i++) {
      const { enrollmentToken, secret } = await startOtp(t, alice);
      for (let attempt = 0; attempt < 5; attempt++) {
        const enrollmentData = { passCode: wrongTotp(secret, t.clock.now()) };
        await send(t.app, "POST", PATHS.enrollFactor, alice, { factorType: "OTP", enrollmentToken, enrollmentData });
      }
      expect((await t.mfa.store.findEnrollment(await sha256(t.mfa.ports, enrollmentToken)))?.revokedAt).toBeDefined();
      tokens.push(enrollmentToken);
      t.clock.advance(1);
    }
    expect(await rowsLeft(tokens)).toBe(MAX_PENDING_ENROLLMENTS);
  });

  it("counts expired enrollments toward the 10 until they are pruned", async () => {
    const { alice } = await setUp({ startLimits: ROOMY_START_LIMITS });
    const tokens: string[] = [];
    for (let i = 0; i < 30; i++) {
      tokens.push((await startOtp(t, alice)).enrollmentToken);
      t.clock.advance(61_000);
    }
    expect(await rowsLeft(tokens)).toBe(MAX_PENDING_ENROLLMENTS);
  });
});
