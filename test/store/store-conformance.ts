import { describe, expect, it } from "vitest";
import type { EnrollmentRecord, FactorRecord, MfaStore, MfaStoreOps, SendBudget, SendRing, SendStart } from "../../src/store/store.ts";
import { useCleanups } from "../support/cleanups.ts";

// One promise, two stores: every store runs these cases, as every target runs the contract suite.
// Each case gets a fresh database, and "instances" are separate stores opened on it, the way two
// server processes share one database.

const NOW = 1_700_000_000_000;

/**
 * What a store must read back from a database written before migrations 3 and 4 (seeded alike in
 * both dialects' upgrade tests): the factor, the enrollment, the send log's time in its ring, the
 * failures with their new counts, and no step-up given to any session.
 */
export async function expectUpgradedRows(store: MfaStore): Promise<void> {
  expect(await store.findFactor("user-1", "factor-1")).toStrictEqual(factor());
  expect(await store.findEnrollment("token-hash-1")).toStrictEqual(enrollment());
  expect(await store.recentSends("sms:+8613800000000")).toEqual([NOW]);
  // A lock-out time means one lock-out, so ten wrong codes, since the last success.
  expect(await store.otpFailures("user-1")).toStrictEqual({
    userId: "user-1",
    count: 0,
    consecutive: 10,
    escalation: 1,
    lockedUntil: NOW + 900_000,
  });
  expect(await store.otpFailures("user-2")).toStrictEqual({ userId: "user-2", count: 4, consecutive: 4, escalation: 0 });
  expect((await store.otpGuard("user-1", "any-session")).stepUpAt).toBeUndefined();
}

/** A destination's one code a minute, as the domain asks for it, with who asks when given. */
export const minuteRing = (key: string, holder?: string): SendRing => ({
  key,
  windows: [{ cap: 1, windowMs: 60_000 }],
  ...(holder === undefined ? {} : { holder }),
});

/** Two askers' digests, as the domain records them (the first 32 hex digits of the user's id's SHA-256). */
export const ASKERS = { alice: "a".repeat(32), bob: "b".repeat(32) };

/**
 * The send rings a database kept before migration 5 on SQLite, 6 on PostgreSQL (seeded alike in
 * both dialects' upgrade tests): alice's own ring for a number whose newest send is hers, and for
 * one whose newest send is someone else's. Each entry is a key and its times, oldest first.
 */
export const ringsBeforeHolders: ReadonlyArray<[key: string, times: number[]]> = [
  ["sms:+8613800000001", [NOW - 120_000, NOW]],
  [`asked:${ASKERS.alice}:sms:+8613800000001`, [NOW]],
  ["sms:+8613800000002", [NOW]],
  [`asked:${ASKERS.alice}:sms:+8613800000002`, [NOW - 90_000]],
];

/**
 * What a store must answer once that migration has folded the asked rings into their numbers' rows:
 * the number whose newest send was alice's is hers and nobody else's, the other is nobody's, and
 * the asked rings are gone.
 */
export async function expectHoldersSeeded(store: MfaStore): Promise<void> {
  const ask = (number: string, holder: string) =>
    store.takeSend(NOW + 1000, [minuteRing(`sms:${number}`, holder)], { key: "all:sms", cap: 100 });
  expect(await ask("+8613800000001", ASKERS.alice)).toMatchObject({ taken: false, rings: [[NOW + 60_000]], mine: [true] });
  expect(await ask("+8613800000001", ASKERS.bob)).toMatchObject({ taken: false, mine: [false] });
  expect(await ask("+8613800000002", ASKERS.alice)).toMatchObject({ taken: false, mine: [false] });
  expect(await store.recentSends("sms:+8613800000001")).toEqual([NOW - 120_000, NOW]);
  for (const number of ["+8613800000001", "+8613800000002"])
    expect(await store.recentSends(`asked:${ASKERS.alice}:sms:${number}`)).toEqual([]);
}

/** Opens instances of one store kind; `database()` makes a fresh database and returns an opener for it. */
export interface StoreKind {
  name: string;
  database(): Promise<() => Promise<MfaStore>>;
}

export const enrollment = (overrides: Partial<EnrollmentRecord> = {}): EnrollmentRecord => ({
  tokenHash: "token-hash-1",
  userId: "user-1",
  factorType: "SMS",
  profile: { phoneNumber: "+86 138****0000" },
  createdAt: NOW,
  expiresAt: NOW + 300_000,
  failedAttempts: 0,
  ...overrides,
});

export const factor = (overrides: Partial<FactorRecord> = {}): FactorRecord => ({
  factorId: "factor-1",
  userId: "user-1",
  factorType: "OTP",
  profile: { issuer: "My Pool", account: "alice@example.com" },
  secretCipher: "cipher",
  recoveryHash: "recovery-hash",
  createdAt: NOW,
  ...overrides,
});

/** The store-conformance suite: what every MfaStore promises the domain. */
export function storeConformance(kind: StoreKind): void {
  const defer = useCleanups();
  /** Two instances on one fresh database. */
  async function instances(): Promise<[MfaStore, MfaStore]> {
    const open = await kind.database();
    const a = await open();
    const b = await open();
    defer(() => a.close());
    defer(() => b.close());
    return [a, b];
  }
  const single = async () => (await instances())[0];

  describe(`the ${kind.name} store: records`, () => {
    it("finds an enrollment exactly as it was inserted, optional fields included, from another instance too", async () => {
      const [a, b] = await instances();
      const full = enrollment({
        factorType: "OTP",
        codeHash: "code",
        secretCipher: "cipher",
        recoveryHash: "recovery",
        consumedAt: NOW + 1,
        revokedAt: NOW + 2,
      });
      await a.insertEnrollment(full);
      await a.committed();
      expect(await b.findEnrollment(full.tokenHash)).toStrictEqual(full);
    });

    it("leaves optional fields absent, not null, when they were not set", async () => {
      const store = await single();
      await store.insertEnrollment(enrollment());
      const found = (await store.findEnrollment("token-hash-1"))!;
      expect(found).toStrictEqual(enrollment());
      for (const key of ["codeHash", "secretCipher", "recoveryHash", "consumedAt", "revokedAt"]) expect(found).not.toHaveProperty(key);
    });

    it("returns undefined for a token hash it has never seen", async () => {
      expect(await (await single()).findEnrollment("unknown")).toBeUndefined();
    });

    it("updates only the enrollment fields given and keeps the others", async () => {
      const store = await single();
      await store.insertEnrollment(enrollment());
      await store.updateEnrollment("token-hash-1", { failedAttempts: 2 });
      await store.updateEnrollment("token-hash-1", { consumedAt: NOW + 10 });
      expect(await store.findEnrollment("token-hash-1")).toStrictEqual(enrollment({ failedAttempts: 2, consumedAt: NOW + 10 }));
      await store.updateEnrollment("token-hash-1", { revokedAt: NOW + 20 });
      expect(await store.findEnrollment("token-hash-1")).toStrictEqual(
        enrollment({ failedAttempts: 2, consumedAt: NOW + 10, revokedAt: NOW + 20 }),
      );
    });

    it("prunes only the enrollments that expired before the given moment and says how many", async () => {
      const store = await single();
      await store.insertEnrollment(enrollment({ tokenHash: "expired", expiresAt: NOW - 1 }));
      await store.insertEnrollment(enrollment({ tokenHash: "expiring-now", expiresAt: NOW }));
      await store.insertEnrollment(enrollment({ tokenHash: "live", expiresAt: NOW + 1 }));
      expect(await store.pruneEnrollments(NOW)).toBe(1);
      expect(await store.findEnrollment("expired")).toBeUndefined();
      expect(await store.findEnrollment("expiring-now")).toBeDefined();
      expect(await store.findEnrollment("live")).toBeDefined();
    });

    it("finds a factor by id, by type and in its user's list, and in no other user's", async () => {
      const store = await single();
      const sms = factor({ factorId: "factor-2", factorType: "SMS", profile: { phoneNumber: "+86 138****0000" }, createdAt: NOW + 1 });
      delete sms.secretCipher;
      delete sms.recoveryHash;
      await store.insertFactor(factor());
      await store.insertFactor(sms);
      expect(await store.findFactor("user-1", "factor-2")).toStrictEqual(sms);
      expect(await store.findFactorByType("user-1", "OTP")).toStrictEqual(factor());
      expect(await store.findFactorByType("user-1", "EMAIL")).toBeUndefined();
      expect(await store.listFactors("user-1")).toStrictEqual([factor(), sms]);
      expect(await store.findFactor("user-2", "factor-1")).toBeUndefined();
      expect(await store.listFactors("user-2")).toStrictEqual([]);
    });

    it("updates a factor's last TOTP step and recovery hash independently", async () => {
      const store = await single();
      await store.insertFactor(factor());
      await store.updateFactor("factor-1", { lastTotpStep: 56_666_666 });
      expect(await store.findFactor("user-1", "factor-1")).toStrictEqual(factor({ lastTotpStep: 56_666_666 }));
      await store.updateFactor("factor-1", { recoveryHash: "new-recovery-hash" });
      expect(await store.findFactor("user-1", "factor-1")).toStrictEqual(
        factor({ lastTotpStep: 56_666_666, recoveryHash: "new-recovery-hash" }),
      );
    });

    it("deletes only its own user's factor and reports whether it existed", async () => {
      const store = await single();
      await store.insertFactor(factor());
      expect(await store.deleteFactor("user-2", "factor-1")).toBe(false);
      expect(await store.findFactor("user-1", "factor-1")).toStrictEqual(factor());
      expect(await store.deleteFactor("user-1", "factor-1")).toBe(true);
      expect(await store.findFactor("user-1", "factor-1")).toBeUndefined();
      expect(await store.deleteFactor("user-1", "factor-1")).toBe(false);
    });

    it("rejects a second factor of the same type for the same user but allows it for another user", async () => {
      const store = await single();
      await store.insertFactor(factor());
      await expect(store.insertFactor(factor({ factorId: "factor-2" }))).rejects.toThrow(/unique/i);
      await store.insertFactor(factor({ factorId: "factor-3", userId: "user-2" }));
      expect(await store.listFactors("user-1")).toHaveLength(1);
      expect(await store.listFactors("user-2")).toHaveLength(1);
    });

    it("stores a user's OTP failures, every field, replacing the previous record and clearing the times it leaves out", async () => {
      const store = await single();
      expect(await store.otpFailures("user-1")).toBeUndefined();
      const locked = { userId: "user-1", count: 0, consecutive: 30, escalation: 3, lastFailureAt: NOW, lockedUntil: NOW + 600_000 };
      await store.setOtpFailures(locked);
      expect(await store.otpFailures("user-1")).toStrictEqual(locked);
      await store.setOtpFailures({ userId: "user-1", count: 0, consecutive: 0, escalation: 3 });
      expect(await store.otpFailures("user-1")).toStrictEqual({ userId: "user-1", count: 0, consecutive: 0, escalation: 3 });
      expect(await store.otpFailures("user-2")).toBeUndefined();
    });
  });

  // The send log is gone: each key keeps its recent send times in one row, and the budget counts
  // per calendar minute, so these cases check takes and rings instead of rows of a log.
  describe(`the ${kind.name} store: send limits`, () => {
    const HOUR = 3_600_000;
    const destination = (key: string): SendRing => minuteRing(key);
    const user = (key: string, perHour = 5, perDay = 10): SendRing => ({
      key,
      windows: [
        { cap: perHour, windowMs: HOUR },
        { cap: perDay, windowMs: 24 * HOUR },
      ],
    });
    const budget = (cap = 1000): SendBudget => ({ key: "all:sms", cap });
    /** A send's start: a code to one number, its enrollment, 10 unused ones kept, held back by an SMS factor. */
    const sendStart = (overrides: Partial<SendStart> = {}): SendStart => ({
      at: NOW,
      rings: [destination("sms:+8613800000001")],
      budget: budget(),
      enrollment: enrollment(),
      keepPending: 10,
      unlessBound: ["SMS"],
      ...overrides,
    });
    const MINUTE_START = NOW - (NOW % 60_000);

    it("takes a send into each ring and the budget, and refuses the destination's second in its minute, saying when it frees", async () => {
      const store = await single();
      const rings = [destination("sms:+8613800000001"), user("user:sms:alice")];
      expect(await store.takeSend(NOW, rings, budget())).toMatchObject({ taken: true });
      expect(await store.recentSends("sms:+8613800000001")).toEqual([NOW]);
      expect(await store.recentSends("user:sms:alice")).toEqual([NOW]);
      expect(await store.takeSend(NOW + 10_000, rings, budget())).toStrictEqual({
        taken: false,
        rings: [[NOW + 60_000], [undefined, undefined]],
        budget: undefined,
        mine: [false, false],
      });
      expect(await store.recentSends("user:sms:alice")).toEqual([NOW]);
      expect(await store.takeSend(NOW + 60_000, rings, budget())).toMatchObject({ taken: true });
    });

    it("keeps a ring to its largest cap plus one, and says exactly when the hour and the day free", async () => {
      const store = await single();
      for (let i = 0; i < 5; i++)
        expect(await store.takeSend(NOW + i * 60_000, [user("user:sms:bob", 5, 6)], budget())).toMatchObject({ taken: true });
      expect(await store.takeSend(NOW + 10 * 60_000, [user("user:sms:bob", 5, 6)], budget())).toStrictEqual({
        taken: false,
        rings: [[NOW + HOUR, undefined]],
        budget: undefined,
        mine: [false],
      });
      expect(await store.takeSend(NOW + HOUR, [user("user:sms:bob", 5, 6)], budget())).toMatchObject({ taken: true });
      expect(await store.takeSend(NOW + 2 * HOUR, [user("user:sms:bob", 5, 6)], budget())).toStrictEqual({
        taken: false,
        rings: [[undefined, NOW + 24 * HOUR]],
        budget: undefined,
        mine: [false],
      });
      for (let i = 0; i < 3; i++) await store.takeSend(NOW + 25 * HOUR + i, [user("user:sms:bob", 5, 6)], budget());
      expect(await store.recentSends("user:sms:bob")).toHaveLength(7);
    });

    it("refuses a send the budget has no room for this minute, writes none of its rings, and takes it again the next minute", async () => {
      const store = await single();
      expect(await store.takeSend(MINUTE_START, [destination("a")], budget(1))).toMatchObject({ taken: true });
      expect(await store.takeSend(MINUTE_START + 59_999, [destination("b")], budget(1))).toStrictEqual({
        taken: false,
        rings: [[undefined]],
        budget: MINUTE_START + 60_000,
        mine: [false],
      });
      expect(await store.recentSends("b")).toEqual([]);
      expect(await store.takeSend(MINUTE_START + 60_000, [destination("b")], budget(1))).toMatchObject({ taken: true });
    });

    it("says whether a ring's newest send is its holder's: the holder's, not another's, nor one written without a holder", async () => {
      const store = await single();
      const asked = (holder?: string): SendRing => minuteRing("sms:+8613800000002", holder);
      const mine = async (holder: string, at: number) => {
        const take = await store.takeSend(at, [asked(holder), user(`user:sms:${holder}`)], budget());
        return take.taken ? "taken" : take.mine;
      };
      expect(await store.takeSend(MINUTE_START, [asked("alice")], budget())).toMatchObject({ taken: true });
      expect(await mine("alice", MINUTE_START + 1000)).toEqual([true, false]);
      expect(await mine("bob", MINUTE_START + 1000)).toEqual([false, false]);
      // The next minute's send is bob's: alice no longer holds the ring, whatever she held before.
      expect(await mine("bob", MINUTE_START + 60_000)).toBe("taken");
      expect(await mine("alice", MINUTE_START + 61_000)).toEqual([false, false]);
      expect(await mine("bob", MINUTE_START + 61_000)).toEqual([true, false]);
      // Handing back the older send leaves the newest one, and so its holder, in place.
      await store.giveBackSend({ at: MINUTE_START, ringKeys: ["sms:+8613800000002"], budgetKey: "all:sms", shard: 0 });
      expect(await store.recentSends("sms:+8613800000002")).toEqual([MINUTE_START + 60_000]);
      expect(await mine("bob", MINUTE_START + 62_000)).toEqual([true, false]);
      // A send that names no holder (as a version before holders wrote it) is nobody's.
      expect(await store.takeSend(MINUTE_START + 120_000, [asked()], budget())).toMatchObject({ taken: true });
      expect(await mine("bob", MINUTE_START + 121_000)).toEqual([false, false]);
    });

    it("counts a holder's send as the newest only while it is: an earlier time taken later is nobody's newest", async () => {
      // Two instances whose clocks differ can take a ring's times out of order.
      const store = await single();
      const twoAMinute = (holder: string): SendRing => ({ key: "sms:+8613800000003", windows: [{ cap: 2, windowMs: 60_000 }], holder });
      expect(await store.takeSend(NOW + 10, [twoAMinute("alice")], budget())).toMatchObject({ taken: true });
      expect(await store.takeSend(NOW, [twoAMinute("bob")], budget())).toMatchObject({ taken: true });
      expect(await store.recentSends("sms:+8613800000003")).toEqual([NOW, NOW + 10]);
      expect(await store.takeSend(NOW + 20, [twoAMinute("bob")], budget())).toMatchObject({ taken: false, mine: [false] });
      expect(await store.takeSend(NOW + 20, [twoAMinute("alice")], budget())).toMatchObject({ taken: false, mine: [false] });
    });

    it("hands a send back: its time leaves every ring, a later send keeps its place, and the budget's unit returns", async () => {
      const store = await single();
      const first = await store.takeSend(MINUTE_START, [destination("d"), user("u")], budget(2));
      expect(first).toMatchObject({ taken: true });
      const second = await store.takeSend(MINUTE_START + 1, [destination("e"), user("u")], budget(2));
      await store.giveBackSend({ at: MINUTE_START, ringKeys: ["d", "u"], budgetKey: "all:sms", shard: (first as { shard: number }).shard });
      expect(await store.recentSends("d")).toEqual([]);
      expect(await store.recentSends("u")).toEqual([MINUTE_START + 1]);
      expect(second).toMatchObject({ taken: true });
      expect(await store.takeSend(MINUTE_START + 2, [destination("f")], budget(2))).toMatchObject({ taken: true });
      expect(await store.takeSend(MINUTE_START + 3, [destination("g")], budget(2))).toMatchObject({ taken: false });
    });

    it("prunes rings whose newest send is older than asked", async () => {
      const store = await single();
      await store.takeSend(1_000, [destination("old")], budget());
      await store.takeSend(90_000, [destination("new")], budget());
      expect(await store.pruneRecentSends(60_000)).toBeGreaterThanOrEqual(1);
      expect(await store.recentSends("old")).toEqual([]);
      expect(await store.recentSends("new")).toEqual([90_000]);
    });

    it("lets exactly one of 100 simultaneous sends to one destination, from two instances, pass", async () => {
      const [a, b] = await instances();
      const taken = await Promise.all(
        Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).takeSend(NOW, [destination("sms:+8613800000009")], budget())),
      );
      await Promise.all([a.committed(), b.committed()]);
      expect(taken.filter((t) => t.taken)).toHaveLength(1);
    });

    it("passes exactly 5 of a user's 100 simultaneous sends to different destinations at a cap of 5, on one instance and two", async () => {
      const [a, b] = await instances();
      const race = (user: string, pick: (i: number) => MfaStore) =>
        Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            pick(i).transaction((tx) =>
              tx.takeSend(NOW, [destination(`${user}:${i}`), { key: user, windows: [{ cap: 5, windowMs: HOUR }] }], budget()),
            ),
          ),
        );
      const alone = await race("user:sms:carol", () => a);
      const across = await race("user:sms:dave", (i) => (i % 2 ? a : b));
      await Promise.all([a.committed(), b.committed()]);
      expect(alone.filter((t) => t.taken)).toHaveLength(5);
      expect(across.filter((t) => t.taken)).toHaveLength(5);
      expect(await b.recentSends("user:sms:dave")).toEqual([NOW, NOW, NOW, NOW, NOW]);
    });

    it("starts a send in one call: the user's factors and the take, with the enrollment written only when the send is taken", async () => {
      const store = await single();
      await store.insertFactor(factor());
      await store.insertFactor(factor({ factorId: "factor-2", userId: "user-2" }));
      const start = (at: number, tokenHash: string) => store.startSend(sendStart({ at, enrollment: enrollment({ tokenHash }) }));
      expect(await start(NOW, "first")).toStrictEqual({ factors: [factor()], take: { taken: true, shard: expect.any(Number) } });
      expect(await start(NOW + 10_000, "second")).toStrictEqual({
        factors: [factor()],
        take: { taken: false, rings: [[NOW + 60_000]], budget: undefined, mine: [false] },
      });
      await store.committed();
      expect(await store.findEnrollment("first")).toStrictEqual(enrollment({ tokenHash: "first" }));
      expect(await store.findEnrollment("second")).toBeUndefined();
      expect(await store.recentSends("sms:+8613800000001")).toEqual([NOW]);
    });

    it("takes nothing and writes nothing when one of the user's factors is of a type that holds the send back", async () => {
      // The domain holds a send back while the type is bound or an authenticator app is (its step-up
      // comes first), so that a send it will refuse takes no ring and no share of the budget.
      const store = await single();
      await store.insertFactor(factor());
      const start = await store.transaction((tx) =>
        tx.startSend(
          sendStart({
            rings: [destination("sms:+8613800000001"), user("user:sms:user-1")],
            budget: budget(1),
            unlessBound: ["SMS", "OTP"],
          }),
        ),
      );
      expect(start).toStrictEqual({ factors: [factor()] });
      await store.committed();
      expect(await store.recentSends("sms:+8613800000001")).toEqual([]);
      expect(await store.recentSends("user:sms:user-1")).toEqual([]);
      expect(await store.findEnrollment("token-hash-1")).toBeUndefined();
      // The budget's one unit is still there for the next send.
      expect(await store.takeSend(NOW, [destination("sms:+8613800000002")], budget(1))).toMatchObject({ taken: true });
    });

    it("trims unused enrollments to keepPending as it writes a send's one, and undoes both in a transaction that throws", async () => {
      const store = await single();
      for (let i = 0; i < 3; i++) await store.insertEnrollment(enrollment({ tokenHash: `pending-${i}`, createdAt: NOW - 10 + i }));
      const start = (tokenHash: string, at: number) =>
        sendStart({ at, rings: [destination(`sms:${tokenHash}`)], enrollment: enrollment({ tokenHash, createdAt: at }), keepPending: 3 });
      await expect(
        store.transaction(async (tx) => {
          await tx.startSend(start("undone", NOW));
          throw new Error("a factor forbids it");
        }),
      ).rejects.toThrow("a factor forbids it");
      expect(await store.findEnrollment("undone")).toBeUndefined();
      expect(await store.findEnrollment("pending-0")).toBeDefined();
      expect(await store.recentSends("sms:undone")).toEqual([]);
      await store.transaction((tx) => tx.startSend(start("kept", NOW)));
      await store.committed();
      const left = [];
      for (const tokenHash of ["pending-0", "pending-1", "pending-2", "kept"])
        if (await store.findEnrollment(tokenHash)) left.push(tokenHash);
      expect(left).toStrictEqual(["pending-1", "pending-2", "kept"]);
    });

    it("writes exactly 5 enrollments for a user's 40 simultaneous send starts across two instances at a cap of 5", async () => {
      const [a, b] = await instances();
      const starts = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? a : b).transaction((tx) =>
            tx.startSend(
              sendStart({
                rings: [destination(`sms:erin:${i}`), { key: "user:sms:erin", windows: [{ cap: 5, windowMs: HOUR }] }],
                enrollment: enrollment({ tokenHash: `erin-${i}`, userId: "erin" }),
              }),
            ),
          ),
        ),
      );
      await Promise.all([a.committed(), b.committed()]);
      const taken = starts.flatMap((s, i) => (s.take?.taken ? [i] : []));
      expect(taken).toHaveLength(5);
      const written = [];
      for (let i = 0; i < 40; i++) if (await a.findEnrollment(`erin-${i}`)) written.push(i);
      expect(written).toStrictEqual(taken);
    });

    it("never lets a budget of 25 pay for more than 25 of 40 simultaneous sends from two instances in one minute", async () => {
      const [a, b] = await instances();
      const taken = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).takeSend(MINUTE_START, [destination(`sms:${i}`)], budget(25))),
      );
      await Promise.all([a.committed(), b.committed()]);
      expect(taken.filter((t) => t.taken).length).toBeLessThanOrEqual(25);
      // Once the race is over nothing is held: the rest of the budget is found, and no more.
      let more = 0;
      for (let i = 0; i < 30; i++)
        if ((await (i % 2 ? a : b).takeSend(MINUTE_START + 1, [destination(`sms:late-${i}`)], budget(25))).taken) more++;
      expect(taken.filter((t) => t.taken).length + more).toBe(25);
    });
  });

  describe(`the ${kind.name} store: step-ups and pending enrollments`, () => {
    it("keeps the latest step-up time per session of a user, never moving it back, and shows it to another instance", async () => {
      const [store, other] = await instances();
      expect(await store.otpGuard("alice", "laptop")).toStrictEqual({});
      await store.setStepUpAt("alice", "laptop", NOW);
      await store.setStepUpAt("alice", "laptop", NOW - 1000);
      expect(await store.otpGuard("alice", "laptop")).toStrictEqual({ stepUpAt: NOW });
      await store.setStepUpAt("alice", "laptop", NOW + 1000);
      await store.committed();
      expect(await other.otpGuard("alice", "laptop")).toStrictEqual({ stepUpAt: NOW + 1000 });
    });

    it("gives a step-up only to its own session, not to the user's other sessions nor to another user's of the same name", async () => {
      const store = await single();
      await store.setStepUpAt("alice", "laptop", NOW);
      expect(await store.otpGuard("alice", "phone")).toStrictEqual({});
      expect(await store.otpGuard("bob", "laptop")).toStrictEqual({});
      await store.setStepUpAt("alice", "phone", NOW + 5);
      expect(await store.otpGuard("alice", "laptop")).toStrictEqual({ stepUpAt: NOW });
      expect(await store.otpGuard("alice", "phone")).toStrictEqual({ stepUpAt: NOW + 5 });
    });

    it("reads the user's failures with the session's step-up in one call, with or without either", async () => {
      const store = await single();
      const failures = { userId: "alice", count: 3, consecutive: 13, escalation: 1, lastFailureAt: NOW - 10 };
      await store.setOtpFailures(failures);
      expect(await store.otpGuard("alice", "laptop")).toStrictEqual({ failures });
      await store.setStepUpAt("alice", "laptop", NOW);
      expect(await store.otpGuard("alice", "laptop")).toStrictEqual({ failures, stepUpAt: NOW });
      expect(await store.transaction((tx) => tx.otpGuard("alice", "laptop"))).toStrictEqual({ failures, stepUpAt: NOW });
      expect(await store.transaction((tx) => tx.otpGuard("bob", "laptop"))).toStrictEqual({});
    });

    it("prunes the step-ups made before the given moment, and says how many", async () => {
      const store = await single();
      await store.setStepUpAt("alice", "old", NOW - 1);
      await store.setStepUpAt("alice", "now", NOW);
      await store.setStepUpAt("bob", "old", NOW - 1000);
      expect(await store.pruneStepUps(NOW)).toBe(2);
      expect(await store.otpGuard("alice", "old")).toStrictEqual({});
      expect(await store.otpGuard("alice", "now")).toStrictEqual({ stepUpAt: NOW });
    });

    it("trims a user's unused enrollments to the newest kept, revoked and expired too, sparing used ones and other users'", async () => {
      const store = await single();
      for (let i = 0; i < 3; i++) await store.insertEnrollment(enrollment({ tokenHash: `pending-${i}`, createdAt: NOW + i }));
      await store.insertEnrollment(enrollment({ tokenHash: "revoked-new", createdAt: NOW + 3, revokedAt: NOW + 3 }));
      await store.insertEnrollment(enrollment({ tokenHash: "used", createdAt: NOW - 10, consumedAt: NOW }));
      await store.insertEnrollment(enrollment({ tokenHash: "revoked", createdAt: NOW - 10, revokedAt: NOW }));
      await store.insertEnrollment(enrollment({ tokenHash: "expired", createdAt: NOW - 400_000, expiresAt: NOW - 1 }));
      await store.insertEnrollment(enrollment({ tokenHash: "bobs", userId: "user-2", createdAt: NOW - 10 }));
      expect(await store.trimPendingEnrollments("user-1", 3)).toBe(3);
      for (const gone of ["pending-0", "revoked", "expired"]) expect(await store.findEnrollment(gone), gone).toBeUndefined();
      for (const kept of ["pending-1", "pending-2", "revoked-new", "used", "bobs"])
        expect(await store.findEnrollment(kept), kept).toBeDefined();
    });

    it("keeps, among enrollments made in one millisecond, those with the greater token hashes, the same on every store", async () => {
      const store = await single();
      for (const tokenHash of ["b", "d", "a", "c"]) await store.insertEnrollment(enrollment({ tokenHash, createdAt: NOW }));
      expect(await store.trimPendingEnrollments("user-1", 2)).toBe(2);
      const kept = [];
      for (const tokenHash of ["a", "b", "c", "d"]) if (await store.findEnrollment(tokenHash)) kept.push(tokenHash);
      expect(kept).toStrictEqual(["c", "d"]);
    });

    it("counts revoked and expired enrollments toward the kept ones when inserting, so revoking each one does not make room", async () => {
      const store = await single();
      for (let i = 0; i < 10; i++) {
        await store.insertEnrollment(enrollment({ tokenHash: `revoked-${i}`, createdAt: NOW + i, revokedAt: NOW + i }), 3);
        await store.insertEnrollment(enrollment({ tokenHash: `expired-${i}`, createdAt: NOW + i, expiresAt: NOW + i }), 3);
      }
      await store.committed();
      const left = [];
      for (let i = 0; i < 10; i++)
        for (const kind of ["revoked", "expired"]) if (await store.findEnrollment(`${kind}-${i}`)) left.push(`${kind}-${i}`);
      expect(left).toHaveLength(3);
    });
  });

  describe(`the ${kind.name} store: transactions`, () => {
    it("returns what the work returns", async () => {
      expect(await (await single()).transaction(async () => 42)).toBe(42);
    });

    it("rolls back every write made inside a transaction that throws", async () => {
      const store = await single();
      await store.takeSend(NOW, [{ key: "sms:+8613800000000", windows: [{ cap: 1, windowMs: 60_000 }] }], { key: "all:sms", cap: 10 });
      const work = async (tx: MfaStoreOps) => {
        await tx.insertFactor(factor());
        await tx.insertEnrollment(enrollment());
        await tx.takeSend(NOW + 60_000, [{ key: "sms:+8613800000000", windows: [{ cap: 1, windowMs: 60_000 }] }], {
          key: "all:sms",
          cap: 10,
        });
        await tx.setOtpFailures({ userId: "user-1", count: 1, consecutive: 1, escalation: 0 });
        await tx.setStepUpAt("user-1", "session-1", NOW);
        throw new Error("delivery failed");
      };
      await expect(store.transaction(work)).rejects.toThrow("delivery failed");
      expect(await store.findFactor("user-1", "factor-1")).toBeUndefined();
      expect(await store.findEnrollment("token-hash-1")).toBeUndefined();
      expect(await store.recentSends("sms:+8613800000000")).toEqual([NOW]);
      expect(await store.otpFailures("user-1")).toBeUndefined();
      expect(await store.otpGuard("user-1", "session-1")).toStrictEqual({});
    });

    it("lets exactly one of 50 simultaneous read-check-writes on one enrollment, across two instances, consume it", async () => {
      const [a, b] = await instances();
      await a.insertEnrollment(enrollment());
      await a.committed();
      // The domain's check-and-bind: read the token, refuse it if spent, bind and spend it.
      const consume = (store: MfaStore, i: number) =>
        store.transaction(async (tx) => {
          const record = await tx.findEnrollment("token-hash-1");
          if (record?.consumedAt !== undefined) return false;
          if (await tx.findFactorByType("user-1", "SMS")) return false;
          await tx.insertFactor(factor({ factorId: `factor-${i}`, factorType: "SMS" }));
          await tx.updateEnrollment("token-hash-1", { consumedAt: NOW + i });
          return true;
        });
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => consume(i % 2 ? a : b, i)));
      await Promise.all([a.committed(), b.committed()]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await b.listFactors("user-1")).toHaveLength(1);
    });

    it("counts every one of 20 simultaneous read-increment-writes of a user's failures, across two instances", async () => {
      const [a, b] = await instances();
      await a.insertFactor(factor());
      await a.committed();
      // The domain's lock-out count: the factor's row is read first, then the count is read and written.
      const fail = (store: MfaStore) =>
        store.transaction(async (tx) => {
          await tx.findFactorByType("user-1", "OTP");
          const count = (await tx.otpFailures("user-1"))?.count ?? 0;
          await tx.setOtpFailures({ userId: "user-1", count: count + 1, consecutive: count + 1, escalation: 0 });
        });
      await Promise.all(Array.from({ length: 20 }, (_, i) => fail(i % 2 ? a : b)));
      await Promise.all([a.committed(), b.committed()]);
      expect(await b.otpFailures("user-1")).toStrictEqual({ userId: "user-1", count: 20, consecutive: 20, escalation: 0 });
    });

    it("counts each of 20 simultaneous failures read through the guard, as a factor change reads them, across two instances", async () => {
      const [a, b] = await instances();
      // No factor row is read here: the failures' own row, which exists, is what the guard must lock.
      await a.setOtpFailures({ userId: "user-1", count: 0, consecutive: 0, escalation: 0 });
      await a.committed();
      // A factor change reads the failures with the step-up (otpGuard): that read must lock them as otpFailures does.
      const fail = (store: MfaStore) =>
        store.transaction(async (tx) => {
          const count = (await tx.otpGuard("user-1", "session-1")).failures?.count ?? 0;
          await tx.setOtpFailures({ userId: "user-1", count: count + 1, consecutive: count + 1, escalation: 0 });
        });
      await Promise.all(Array.from({ length: 20 }, (_, i) => fail(i % 2 ? a : b)));
      await Promise.all([a.committed(), b.committed()]);
      expect((await b.otpFailures("user-1"))?.count).toBe(20);
    });

    it("answers ready once the schema is current", async () => {
      await expect((await single()).ready()).resolves.toBeUndefined();
    });
  });
}
