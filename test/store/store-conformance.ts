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

  describe(`the ${kind.name} store: send slots`, () => {
    it("takes a free slot, refuses it within the interval, and takes it again once the interval is over", async () => {
      const store = await single();
      expect(await store.lastSentAt("sms:+8613800000000")).toBeUndefined();
      expect(await store.claimSendSlot("sms:+8613800000000", NOW, 60_000)).toBe(true);
      expect(await store.claimSendSlot("sms:+8613800000000", NOW + 59_999, 60_000)).toBe(false);
      expect(await store.lastSentAt("sms:+8613800000000")).toBe(NOW);
      expect(await store.claimSendSlot("sms:+8613800000000", NOW + 60_000, 60_000)).toBe(true);
      expect(await store.lastSentAt("sms:+8613800000000")).toBe(NOW + 60_000);
    });

    it("gives a slot back only while it still holds the send that took it", async () => {
      const store = await single();
      await store.claimSendSlot("sms:+8613800000000", NOW, 60_000);
      await store.releaseSendSlot("sms:+8613800000000", NOW - 1); // an older send's failure
      expect(await store.lastSentAt("sms:+8613800000000")).toBe(NOW);
      await store.releaseSendSlot("sms:+8613800000000", NOW);
      expect(await store.lastSentAt("sms:+8613800000000")).toBeUndefined();
      expect(await store.claimSendSlot("sms:+8613800000000", NOW + 1, 60_000)).toBe(true);
    });

    it("drops slots whose minute is over and keeps the others", async () => {
      const store = await single();
      await store.claimSendSlot("sms:+8613800000001", 1_000, 60_000);
      await store.claimSendSlot("sms:+8613800000002", 90_000, 60_000);
      expect(await store.pruneSendLimits(60_000)).toBe(1);
      expect(await store.lastSentAt("sms:+8613800000001")).toBeUndefined();
      expect(await store.lastSentAt("sms:+8613800000002")).toBe(90_000);
    });

    it("grants exactly one of 100 simultaneous claims for one destination made through two instances", async () => {
      const [a, b] = await instances();
      const claims = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).claimSendSlot("sms:+8613800000009", NOW, 60_000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
    });
  });

  describe(`the ${kind.name} store: transactions`, () => {
    it("returns what the work returns", async () => {
      expect(await (await single()).transaction(async () => 42)).toBe(42);
    });

    it("rolls back every write made inside a transaction that throws", async () => {
      const store = await single();
      await store.claimSendSlot("sms:+8613800000000", NOW, 60_000);
      const work = async (tx: MfaStoreOps) => {
        await tx.insertFactor(factor());
        await tx.insertEnrollment(enrollment());
        await tx.releaseSendSlot("sms:+8613800000000", NOW);
        await tx.setOtpFailures({ userId: "user-1", count: 1 });
        throw new Error("delivery failed");
      };
      await expect(store.transaction(work)).rejects.toThrow("delivery failed");
      expect(await store.findFactor("user-1", "factor-1")).toBeUndefined();
      expect(await store.findEnrollment("token-hash-1")).toBeUndefined();
      expect(await store.lastSentAt("sms:+8613800000000")).toBe(NOW);
      expect(await store.otpFailures("user-1")).toBeUndefined();
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
