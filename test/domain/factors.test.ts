import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { FactorType } from "../../src/store/store.ts";
import { enrolledFactors, enrollFace, enrollOtp, enrollSms, PATHS } from "../support/enroll.ts";
import { buildTestApp, send, type TestApp } from "../support/test-app.ts";
import { aliceAndBob } from "../support/users.ts";

const PHONE = "18812345678";

let t: TestApp;
let alice: string;
let bob: string;
afterEach(async () => {
  await t.app.close();
});

async function setUp(enabledFactors?: FactorType[]) {
  t = await buildTestApp({ enabledFactors });
  ({ alice, bob } = await aliceAndBob(t));
}

const toEnroll = async (token: string) =>
  (await send(t.app, "GET", PATHS.listFactorsToEnroll, token)).body.data.map((f: { factorType: string }) => f.factorType);
const getFactor = (token: string, factorId: string) => send(t.app, "GET", `${PATHS.getFactor}?factorId=${factorId}`, token);
const resetFactor = (token: string, factorId: string) => send(t.app, "POST", PATHS.resetFactor, token, { factorId });
const NO_SUCH_FACTOR = () => randomBytes(12).toString("hex");

describe("listFactorsToEnroll", () => {
  it("lists every enabled factor type in the order OTP, SMS, EMAIL, FACE when none is bound", async () => {
    await setUp();
    expect(await toEnroll(alice)).toEqual(["OTP", "SMS", "EMAIL", "FACE"]);
  });

  it("lists only the enabled types, in that order whatever order they were enabled in", async () => {
    await setUp(["FACE", "EMAIL", "OTP"]);
    expect(await toEnroll(alice)).toEqual(["OTP", "EMAIL", "FACE"]);
  });

  it("leaves out the types the user has bound, and only for that user", async () => {
    await setUp();
    await enrollSms(t, alice, PHONE);
    await enrollFace(t, alice);
    expect(await toEnroll(alice)).toEqual(["OTP", "EMAIL"]);
    expect(await toEnroll(bob)).toEqual(["OTP", "SMS", "EMAIL", "FACE"]);
  });
});

describe("getFactor", () => {
  it("returns one of the user's factors by its id", async () => {
    await setUp();
    await enrollSms(t, alice, PHONE);
    const [factor] = await enrolledFactors(t, alice);
    const { body } = await getFactor(alice, factor!.factorId);
    expect(body).toMatchObject({ statusCode: 200, data: factor });
  });

  it("answers another user's factor with the same 404 as a factor that does not exist", async () => {
    await setUp();
    await enrollSms(t, alice, PHONE);
    const [factor] = await enrolledFactors(t, alice);
    const theirs = (await getFactor(bob, factor!.factorId)).body;
    const missing = (await getFactor(bob, NO_SUCH_FACTOR())).body;
    expect(theirs).toMatchObject({ statusCode: 404 });
    expect(theirs.data).toBeUndefined();
    expect({ ...theirs, requestId: undefined }).toEqual({ ...missing, requestId: undefined });
  });
});

describe("resetFactor", () => {
  it("unbinds the factor, erases it from the store, and lets the type be bound again", async () => {
    await setUp();
    await enrollSms(t, alice, PHONE);
    const [factor] = await enrolledFactors(t, alice);
    expect((await resetFactor(alice, factor!.factorId)).body.statusCode).toBe(200);
    expect(await t.mfa.store.findFactorByType("alice-id", "SMS")).toBeUndefined();
    expect(await enrolledFactors(t, alice)).toEqual([]);
    expect((await getFactor(alice, factor!.factorId)).body.statusCode).toBe(404);
    expect(await toEnroll(alice)).toContain("SMS");
    t.clock.advance(60_000);
    await enrollSms(t, alice, PHONE);
    expect(await enrolledFactors(t, alice)).toHaveLength(1);
  });

  it("answers a second reset of the same factor with 404", async () => {
    await setUp();
    await enrollFace(t, alice);
    const [factor] = await enrolledFactors(t, alice);
    await resetFactor(alice, factor!.factorId);
    expect((await resetFactor(alice, factor!.factorId)).body.statusCode).toBe(404);
  });

  it("refuses to reset another user's factor with the same 404 as a missing one, and leaves it bound", async () => {
    await setUp();
    await enrollSms(t, alice, PHONE);
    const [factor] = await enrolledFactors(t, alice);
    const theirs = (await resetFactor(bob, factor!.factorId)).body;
    const missing = (await resetFactor(bob, NO_SUCH_FACTOR())).body;
    expect(theirs.statusCode).toBe(404);
    expect(theirs.message).toBe(missing.message);
    expect(await enrolledFactors(t, alice)).toEqual([factor]);
  });
});

describe("factor profiles", () => {
  it("never carry an OTP secret, its ciphertext or the recovery code's digest", async () => {
    await setUp();
    const { secret } = await enrollOtp(t, alice);
    const stored = (await t.mfa.store.findFactorByType("alice-id", "OTP"))!;
    const [factor] = await enrolledFactors(t, alice);
    const shown = JSON.stringify([factor, (await getFactor(alice, factor!.factorId)).body]);
    for (const leak of ["secretCipher", "recoveryHash", "lastTotpStep", secret, stored.secretCipher!, stored.recoveryHash!]) {
      expect(shown).not.toContain(leak);
    }
    expect(factor).toEqual({ factorId: stored.factorId, factorType: "OTP", profile: { issuer: "Test Pool", accountName: "alice" } });
  });

  it("show an SMS factor stored in the older one-string form, `+1242 555****567`, as phoneNumber and phoneCountryCode", async () => {
    await setUp();
    const legacy = {
      factorId: "0".repeat(24),
      userId: "alice-id",
      factorType: "SMS" as const,
      profile: { phoneNumber: "+1242 555****567" },
      createdAt: t.clock.now(),
    };
    await t.mfa.store.insertFactor(legacy);
    const expected = { factorId: legacy.factorId, factorType: "SMS", profile: { phoneNumber: "555****567", phoneCountryCode: "+1242" } };
    expect(await enrolledFactors(t, alice)).toEqual([expected]);
    expect((await getFactor(alice, legacy.factorId)).body.data).toEqual(expected);
  });

  it("show a stored phone number that only contains the older form, not as the whole of it, as it was stored", async () => {
    await setUp();
    const stored = [
      ["alice-id", alice, "tel:+86 188****5678"],
      ["bob-id", bob, "+86 188\n****5678"],
    ] as const;
    for (const [userId, token, phoneNumber] of stored) {
      const factorId = randomBytes(12).toString("hex");
      await t.mfa.store.insertFactor({ factorId, userId, factorType: "SMS", profile: { phoneNumber }, createdAt: t.clock.now() });
      expect(await enrolledFactors(t, token)).toEqual([{ factorId, factorType: "SMS", profile: { phoneNumber } }]);
    }
  });
});
