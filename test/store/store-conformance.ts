import { afterEach, describe, expect, it } from "vitest";
import type { EnrollmentRecord, FactorRecord, MfaStore, MfaStoreOps } from "../../src/store/store.ts";

// One promise, two stores: every store runs these cases, as every target runs the contract suite.
// Each case gets a fresh database, and "instances" are separate stores opened on it, the way two
// server processes share one database.

const NOW = 1_700_000_000_000;

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
  const opened: MfaStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  /** Two instances on one fresh database. */
  async function instances(): Promise<[MfaStore, MfaStore]> {
    const open = await kind.database();
    const a = await open();
    const b = await open();
    opened.push(a, b);
    return [a, b];
  }
  const single = async () => (await instances())[0];

  describe(`the ${kind.name} store: records`, () => {
    it("finds an enrollment exactly as it was inserted, optional fields included, from another instance too", async () => {
      const [a, b] = await instances();
      const full = enrollment({ factorType: "OTP", codeHash: "code", secretCipher: "cipher", recoveryHash: "recovery", consumedAt: NOW + 1, revokedAt: NOW + 2 });
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
      expect(await store.findEnrollment("token-hash-1")).toStrictEqual(enrollment({ failedAttempts: 2, consumedAt: NOW + 10, revokedAt: NOW + 20 }));
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
      expect(await store.findFactor("user-1", "factor-1")).toStrictEqual(factor({ lastTotpStep: 56_666_666, recoveryHash: "new-recovery-hash" }));
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

    it("stores a user's OTP failures, with and without a lock, replacing the previous record", async () => {
      const store = await single();
      expect(await store.otpFailures("user-1")).toBeUndefined();
      await store.setOtpFailures({ userId: "user-1", count: 5, lockedUntil: NOW + 600_000 });
      expect(await store.otpFailures("user-1")).toStrictEqual({ userId: "user-1", count: 5, lockedUntil: NOW + 600_000 });
      await store.setOtpFailures({ userId: "user-1", count: 0 });
      expect(await store.otpFailures("user-1")).toStrictEqual({ userId: "user-1", count: 0 });
    });
  });

  describe(`the ${kind.name} store: send limits`, () => {
    const send = (id: string, at: number, keys = ["user:sms:alice", "all:sms"]) => ({ id, at, keys });

    it("records when a code was last sent to a destination and gives the slot back when set to undefined", async () => {
      const store = await single();
      expect(await store.lastSentAt("alice@example.com")).toBeUndefined();
      await store.setLastSentAt("alice@example.com", NOW);
      await store.setLastSentAt("alice@example.com", NOW + 60_000);
      expect(await store.lastSentAt("alice@example.com")).toBe(NOW + 60_000);
      await store.setLastSentAt("alice@example.com", undefined);
      expect(await store.lastSentAt("alice@example.com")).toBeUndefined();
    });

    it("drops slots whose minute is over and keeps the others", async () => {
      const store = await single();
      await store.setLastSentAt("sms:+8613800000001", 1_000);
      await store.setLastSentAt("sms:+8613800000002", 90_000);
      expect(await store.pruneSendLimits(60_000)).toBe(1);
      expect(await store.lastSentAt("sms:+8613800000001")).toBeUndefined();
      expect(await store.lastSentAt("sms:+8613800000002")).toBe(90_000);
    });

    it("counts a send under each of its keys, newest first, within the window and up to the limit asked", async () => {
      const store = await single();
      await store.recordSend(send("a", NOW));
      await store.recordSend(send("b", NOW + 10));
      await store.recordSend(send("c", NOW + 10)); // the same millisecond as b: a separate send all the same
      await store.recordSend(send("d", NOW + 20, ["user:sms:bob", "all:sms"]));
      expect(await store.recentSends("user:sms:alice", NOW, 10)).toEqual([NOW + 10, NOW + 10, NOW]);
      expect(await store.recentSends("all:sms", NOW + 10, 10)).toEqual([NOW + 20, NOW + 10, NOW + 10]);
      expect(await store.recentSends("all:sms", NOW, 2)).toEqual([NOW + 20, NOW + 10]);
      expect(await store.recentSends("user:sms:carol", NOW, 10)).toEqual([]);
    });

    it("forgets exactly one send under all its keys, and leaves another send at the same millisecond", async () => {
      const store = await single();
      await store.recordSend(send("a", NOW));
      await store.recordSend(send("b", NOW));
      await store.forgetSend(send("a", NOW));
      expect(await store.recentSends("user:sms:alice", NOW, 10)).toEqual([NOW]);
      expect(await store.recentSends("all:sms", NOW, 10)).toEqual([NOW]);
    });

    it("prunes sends older than asked", async () => {
      const store = await single();
      await store.recordSend(send("a", 1_000));
      await store.recordSend(send("b", 90_000));
      expect(await store.pruneSends(60_000)).toBe(2);
      expect(await store.recentSends("all:sms", 0, 10)).toEqual([90_000]);
    });

    it("lets exactly one of 100 simultaneous take-the-minute transactions for one destination, from two instances, pass", async () => {
      const [a, b] = await instances();
      // The domain's take: hold the keys, read the minute and the budget, then write both.
      const take = (store: MfaStore, i: number) =>
        store.transaction(async (tx) => {
          await tx.holdKeys(["sms:+8613800000009", "all:sms"]);
          const last = await tx.lastSentAt("sms:+8613800000009");
          if (last !== undefined && NOW - last < 60_000) return false;
          await tx.setLastSentAt("sms:+8613800000009", NOW);
          await tx.recordSend(send(`send-${i}`, NOW, ["all:sms"]));
          return true;
        });
      const taken = await Promise.all(Array.from({ length: 100 }, (_, i) => take(i % 2 ? a : b, i)));
      await Promise.all([a.committed(), b.committed()]);
      expect(taken.filter(Boolean)).toHaveLength(1);
      expect(await b.recentSends("all:sms", 0, 200)).toHaveLength(1);
    });

    it("keeps a global budget exact under 40 simultaneous sends to different destinations from two instances", async () => {
      const [a, b] = await instances();
      const budget = 25;
      const take = (store: MfaStore, i: number) =>
        store.transaction(async (tx) => {
          await tx.holdKeys([`sms:+86138000001${String(i).padStart(2, "0")}`, "all:sms"]);
          if ((await tx.recentSends("all:sms", NOW - 60_000, budget)).length >= budget) return false;
          await tx.recordSend(send(`send-${i}`, NOW, ["all:sms"]));
          return true;
        });
      const taken = await Promise.all(Array.from({ length: 40 }, (_, i) => take(i % 2 ? a : b, i)));
      await Promise.all([a.committed(), b.committed()]);
      expect(taken.filter(Boolean)).toHaveLength(budget);
      expect(await b.recentSends("all:sms", 0, 100)).toHaveLength(budget);
    });
  });

  describe(`the ${kind.name} store: step-ups and pending enrollments`, () => {
    it("keeps the latest step-up time per user, never moving it back, and shows it to another instance", async () => {
      const [store, other] = await instances();
      expect(await store.stepUpAt("alice")).toBeUndefined();
      await store.setStepUpAt("alice", NOW);
      await store.setStepUpAt("alice", NOW - 1000);
      expect(await store.stepUpAt("alice")).toBe(NOW);
      await store.setStepUpAt("alice", NOW + 1000);
      await store.committed();
      expect(await other.stepUpAt("alice")).toBe(NOW + 1000);
      expect(await store.stepUpAt("bob")).toBeUndefined();
    });

    it("deletes a user's pending enrollments beyond the newest ones kept, and leaves used, revoked, expired and other users' alone", async () => {
      const store = await single();
      for (let i = 0; i < 5; i++) await store.insertEnrollment(enrollment({ tokenHash: `pending-${i}`, createdAt: NOW + i }));
      await store.insertEnrollment(enrollment({ tokenHash: "used", createdAt: NOW - 10, consumedAt: NOW }));
      await store.insertEnrollment(enrollment({ tokenHash: "revoked", createdAt: NOW - 10, revokedAt: NOW }));
      await store.insertEnrollment(enrollment({ tokenHash: "expired", createdAt: NOW - 400_000, expiresAt: NOW - 1 }));
      await store.insertEnrollment(enrollment({ tokenHash: "bobs", userId: "user-2", createdAt: NOW - 10 }));
      expect(await store.trimPendingEnrollments("user-1", NOW, 3)).toBe(2);
      expect(await store.findEnrollment("pending-0")).toBeUndefined();
      expect(await store.findEnrollment("pending-1")).toBeUndefined();
      for (const kept of ["pending-2", "pending-3", "pending-4", "used", "revoked", "expired", "bobs"]) expect(await store.findEnrollment(kept)).toBeDefined();
    });
  });

  describe(`the ${kind.name} store: transactions`, () => {
    it("returns what the work returns", async () => {
      expect(await (await single()).transaction(async () => 42)).toBe(42);
    });

    it("rolls back every write made inside a transaction that throws", async () => {
      const store = await single();
      await store.setLastSentAt("sms:+8613800000000", NOW);
      const work = async (tx: MfaStoreOps) => {
        await tx.insertFactor(factor());
        await tx.insertEnrollment(enrollment());
        await tx.setLastSentAt("sms:+8613800000000", undefined);
        await tx.recordSend({ id: "a", at: NOW, keys: ["all:sms"] });
        await tx.setOtpFailures({ userId: "user-1", count: 1 });
        throw new Error("delivery failed");
      };
      await expect(store.transaction(work)).rejects.toThrow("delivery failed");
      expect(await store.findFactor("user-1", "factor-1")).toBeUndefined();
      expect(await store.findEnrollment("token-hash-1")).toBeUndefined();
      expect(await store.lastSentAt("sms:+8613800000000")).toBe(NOW);
      expect(await store.otpFailures("user-1")).toBeUndefined();
      expect(await store.recentSends("all:sms", 0, 10)).toEqual([]);
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
          await tx.setOtpFailures({ userId: "user-1", count: count + 1 });
        });
      await Promise.all(Array.from({ length: 20 }, (_, i) => fail(i % 2 ? a : b)));
      await Promise.all([a.committed(), b.committed()]);
      expect(await b.otpFailures("user-1")).toStrictEqual({ userId: "user-1", count: 20 });
    });

    it("answers ready once the schema is current", async () => {
      await expect((await single()).ready()).resolves.toBeUndefined();
    });
  });
}
