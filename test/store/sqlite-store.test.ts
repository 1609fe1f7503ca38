import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { migrations } from "../../src/store/migrations.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { EnrollmentRecord, FactorRecord, MfaStore } from "../../src/store/store.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NOW = 1_700_000_000_000;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A path in a fresh directory of its own, removed after the test. */
function tempDatabasePath(): string {
  const dir = mkdtempSync(join(tmpdir(), "mfa-store-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, "mfa.sqlite");
}

/** Opens a store that is closed after the test, unless the test closes it first. */
function open(path = ":memory:"): MfaStore {
  const store = openSqliteStore(path);
  let isOpen = true;
  cleanups.push(() => isOpen && store.close());
  return { ...store, close: () => ((isOpen = false), store.close()) };
}

/** Reads a pragma through a connection of its own, the way an operator inspecting the file would. */
function pragma(path: string, name: string): unknown {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma(name, { simple: true });
  } finally {
    db.close();
  }
}

const enrollment = (overrides: Partial<EnrollmentRecord> = {}): EnrollmentRecord => ({
  tokenHash: "token-hash-1",
  userId: "user-1",
  factorType: "SMS",
  profile: { phoneNumber: "+86 138****0000" },
  createdAt: NOW,
  expiresAt: NOW + 300_000,
  failedAttempts: 0,
  ...overrides,
});

const factor = (overrides: Partial<FactorRecord> = {}): FactorRecord => ({
  factorId: "factor-1",
  userId: "user-1",
  factorType: "OTP",
  profile: { issuer: "My Pool", account: "alice@example.com" },
  secretCipher: "cipher",
  recoveryHash: "recovery-hash",
  createdAt: NOW,
  ...overrides,
});

describe("opening a database file", () => {
  it("migrates a new file to the latest schema version and applies nothing twice when the file is reopened", () => {
    const path = tempDatabasePath();
    open(path).close();
    expect(pragma(path, "user_version")).toBe(migrations.length);
    // Reapplying migration 1 would fail on CREATE TABLE, so a clean reopen shows it was skipped.
    open(path).close();
    expect(pragma(path, "user_version")).toBe(migrations.length);
  });

  it("keeps what was written when the file is closed and opened again", () => {
    const path = tempDatabasePath();
    const first = open(path);
    first.insertFactor(factor());
    first.insertEnrollment(enrollment());
    first.setLastSentAt("+8613800000000", NOW);
    first.close();

    const second = open(path);
    expect(second.findFactor("user-1", "factor-1")).toStrictEqual(factor());
    expect(second.findEnrollment("token-hash-1")).toStrictEqual(enrollment());
    expect(second.lastSentAt("+8613800000000")).toBe(NOW);
  });

  it("writes the database file in WAL mode", () => {
    const path = tempDatabasePath();
    open(path).close();
    expect(pragma(path, "journal_mode")).toBe("wal");
  });

  it("refuses a database written by a newer version with a message that says so, and leaves the file as it was", () => {
    const path = tempDatabasePath();
    const db = new Database(path);
    db.pragma("user_version = 99");
    db.close();
    expect(() => openSqliteStore(path)).toThrow(/written by a newer version.*schema version 99/);
    expect(pragma(path, "user_version")).toBe(99);
    expect(pragma(path, "journal_mode")).toBe("delete");
  });

  it("keeps a committed factor and an intact file when the writing process is killed with SIGKILL", () => {
    const path = tempDatabasePath();
    const child = spawnSync(process.execPath, ["--import", "tsx", "test/store/fixtures/write-and-crash.ts", path], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 15_000,
    });
    expect(child.stderr).toBe("");
    expect(child.stdout).toBe("written\n");
    expect(child.signal).toBe("SIGKILL");

    expect(open(path).findFactor("user-crash", "factor-crash")).toMatchObject({ factorType: "SMS" });
    expect(pragma(path, "integrity_check")).toBe("ok");
  });
});

describe("enrollments", () => {
  it("finds an enrollment exactly as it was inserted, optional fields included", () => {
    const store = open();
    const full = enrollment({ factorType: "OTP", codeHash: "code", secretCipher: "cipher", recoveryHash: "recovery", consumedAt: NOW + 1, revokedAt: NOW + 2 });
    store.insertEnrollment(full);
    expect(store.findEnrollment(full.tokenHash)).toStrictEqual(full);
  });

  it("leaves optional fields absent, not null, when they were not set", () => {
    const store = open();
    store.insertEnrollment(enrollment());
    const found = store.findEnrollment("token-hash-1")!;
    expect(found).toStrictEqual(enrollment());
    for (const key of ["codeHash", "secretCipher", "recoveryHash", "consumedAt", "revokedAt"]) expect(found).not.toHaveProperty(key);
  });

  it("returns undefined for a token hash it has never seen", () => {
    expect(open().findEnrollment("unknown")).toBeUndefined();
  });

  it("updates only the fields given and keeps the others", () => {
    const store = open();
    store.insertEnrollment(enrollment());
    store.updateEnrollment("token-hash-1", { failedAttempts: 2 });
    store.updateEnrollment("token-hash-1", { consumedAt: NOW + 10 });
    expect(store.findEnrollment("token-hash-1")).toStrictEqual(enrollment({ failedAttempts: 2, consumedAt: NOW + 10 }));
    store.updateEnrollment("token-hash-1", { revokedAt: NOW + 20 });
    expect(store.findEnrollment("token-hash-1")).toStrictEqual(enrollment({ failedAttempts: 2, consumedAt: NOW + 10, revokedAt: NOW + 20 }));
  });

  it("prunes only the enrollments that expired before the given moment and says how many", () => {
    const store = open();
    store.insertEnrollment(enrollment({ tokenHash: "expired", expiresAt: NOW - 1 }));
    store.insertEnrollment(enrollment({ tokenHash: "expiring-now", expiresAt: NOW }));
    store.insertEnrollment(enrollment({ tokenHash: "live", expiresAt: NOW + 1 }));
    expect(store.pruneEnrollments(NOW)).toBe(1);
    expect(store.findEnrollment("expired")).toBeUndefined();
    expect(store.findEnrollment("expiring-now")).toBeDefined();
    expect(store.findEnrollment("live")).toBeDefined();
  });
});

describe("factors", () => {
  it("finds a factor by id, by type and in its user's list, and in no other user's", () => {
    const store = open();
    const sms = factor({ factorId: "factor-2", factorType: "SMS", profile: { phoneNumber: "+86 138****0000" }, createdAt: NOW + 1 });
    delete sms.secretCipher;
    delete sms.recoveryHash;
    store.insertFactor(factor());
    store.insertFactor(sms);
    expect(store.findFactor("user-1", "factor-2")).toStrictEqual(sms);
    expect(store.findFactorByType("user-1", "OTP")).toStrictEqual(factor());
    expect(store.findFactorByType("user-1", "EMAIL")).toBeUndefined();
    expect(store.listFactors("user-1")).toStrictEqual([factor(), sms]);
    expect(store.findFactor("user-2", "factor-1")).toBeUndefined();
    expect(store.listFactors("user-2")).toStrictEqual([]);
  });

  it("updates a factor's last TOTP step and recovery hash independently", () => {
    const store = open();
    store.insertFactor(factor());
    store.updateFactor("factor-1", { lastTotpStep: 56_666_666 });
    expect(store.findFactor("user-1", "factor-1")).toStrictEqual(factor({ lastTotpStep: 56_666_666 }));
    store.updateFactor("factor-1", { recoveryHash: "new-recovery-hash" });
    expect(store.findFactor("user-1", "factor-1")).toStrictEqual(factor({ lastTotpStep: 56_666_666, recoveryHash: "new-recovery-hash" }));
  });

  it("deletes its own user's factor and reports that it existed, then that it no longer does", () => {
    const store = open();
    store.insertFactor(factor());
    expect(store.deleteFactor("user-1", "factor-1")).toBe(true);
    expect(store.findFactor("user-1", "factor-1")).toBeUndefined();
    expect(store.deleteFactor("user-1", "factor-1")).toBe(false);
  });

  it("does not delete another user's factor, reports false and leaves the factor in place", () => {
    const store = open();
    store.insertFactor(factor());
    expect(store.deleteFactor("user-2", "factor-1")).toBe(false);
    expect(store.findFactor("user-1", "factor-1")).toStrictEqual(factor());
  });

  it("rejects a second factor of the same type for the same user but allows it for another user", () => {
    const store = open();
    store.insertFactor(factor());
    expect(() => store.insertFactor(factor({ factorId: "factor-2" }))).toThrow(/UNIQUE constraint failed: factors.user_id, factors.factor_type/);
    store.insertFactor(factor({ factorId: "factor-3", userId: "user-2" }));
    expect(store.listFactors("user-1")).toHaveLength(1);
    expect(store.listFactors("user-2")).toHaveLength(1);
  });
});

describe("send limits and OTP failures", () => {
  it("records when a code was last sent to a destination and gives the slot back when set to undefined", () => {
    const store = open();
    expect(store.lastSentAt("alice@example.com")).toBeUndefined();
    store.setLastSentAt("alice@example.com", NOW);
    store.setLastSentAt("alice@example.com", NOW + 60_000);
    expect(store.lastSentAt("alice@example.com")).toBe(NOW + 60_000);
    store.setLastSentAt("alice@example.com", undefined);
    expect(store.lastSentAt("alice@example.com")).toBeUndefined();
  });

  it("stores a user's OTP failures, with and without a lock, replacing the previous record", () => {
    const store = open();
    expect(store.otpFailures("user-1")).toBeUndefined();
    store.setOtpFailures({ userId: "user-1", count: 5, lockedUntil: NOW + 600_000 });
    expect(store.otpFailures("user-1")).toStrictEqual({ userId: "user-1", count: 5, lockedUntil: NOW + 600_000 });
    store.setOtpFailures({ userId: "user-1", count: 0 });
    expect(store.otpFailures("user-1")).toStrictEqual({ userId: "user-1", count: 0 });
  });
});

describe("transaction", () => {
  it("returns what the work returns", () => {
    expect(open().transaction(() => 42)).toBe(42);
  });

  it("rolls back every write made inside a transaction that throws", () => {
    const store = open();
    store.setLastSentAt("+8613800000000", NOW);
    const work = () => {
      store.insertFactor(factor());
      store.insertEnrollment(enrollment());
      store.setLastSentAt("+8613800000000", undefined);
      store.setOtpFailures({ userId: "user-1", count: 1 });
      throw new Error("delivery failed");
    };
    expect(() => store.transaction(work)).toThrow("delivery failed");
    expect(store.findFactor("user-1", "factor-1")).toBeUndefined();
    expect(store.findEnrollment("token-hash-1")).toBeUndefined();
    expect(store.lastSentAt("+8613800000000")).toBe(NOW);
    expect(store.otpFailures("user-1")).toBeUndefined();
  });

  it("runs a nested transaction, rolling back only its own writes when it throws and the outer work carries on", () => {
    const store = open();
    store.transaction(() => {
      store.insertFactor(factor());
      expect(() =>
        store.transaction(() => {
          store.insertEnrollment(enrollment());
          throw new Error("inner failure");
        }),
      ).toThrow("inner failure");
      store.transaction(() => store.setLastSentAt("+8613800000000", NOW));
    });
    expect(store.findFactor("user-1", "factor-1")).toBeDefined();
    expect(store.findEnrollment("token-hash-1")).toBeUndefined();
    expect(store.lastSentAt("+8613800000000")).toBe(NOW);
  });

  it("takes the write lock when it begins, so that another process cannot start writing until its batch commits", async () => {
    const path = tempDatabasePath();
    const store = open(path);
    const other = new Database(path, { timeout: 0 });
    cleanups.push(() => other.close());
    store.transaction(() => {
      store.lastSentAt("+8613800000000"); // only a read so far: the lock must already be held
      expect(() => other.exec("BEGIN IMMEDIATE")).toThrow(/database is locked/);
    });
    expect(() => other.exec("BEGIN IMMEDIATE")).toThrow(/database is locked/);
    await store.committed();
    other.exec("BEGIN IMMEDIATE; ROLLBACK");
  });
});

describe("pruning", () => {
  it("drops rate-limit slots whose minute is over and keeps the others", () => {
    const store = openSqliteStore(":memory:");
    store.setLastSentAt("sms:+8613800000001", 1_000);
    store.setLastSentAt("sms:+8613800000002", 90_000);
    expect(store.pruneSendLimits(60_000)).toBe(1);
    expect(store.lastSentAt("sms:+8613800000001")).toBeUndefined();
    expect(store.lastSentAt("sms:+8613800000002")).toBe(90_000);
    store.close();
  });
});

describe("counted sends", () => {
  const send = (id: string, at: number, keys = ["user:sms:alice", "all:sms"]) => ({ id, at, keys });

  it("counts a send under each of its keys, newest first, within the window and up to the limit asked", () => {
    const store = open();
    store.recordSend(send("a", NOW));
    store.recordSend(send("b", NOW + 10));
    store.recordSend(send("c", NOW + 10)); // the same millisecond as b: a separate send all the same
    store.recordSend(send("d", NOW + 20, ["user:sms:bob", "all:sms"]));
    expect(store.recentSends("user:sms:alice", NOW, 10)).toEqual([NOW + 10, NOW + 10, NOW]);
    expect(store.recentSends("all:sms", NOW + 10, 10)).toEqual([NOW + 20, NOW + 10, NOW + 10]);
    expect(store.recentSends("all:sms", NOW, 2)).toEqual([NOW + 20, NOW + 10]);
    expect(store.recentSends("user:sms:carol", NOW, 10)).toEqual([]);
  });

  it("forgets exactly one send under all its keys, and leaves another send at the same millisecond", () => {
    const store = open();
    store.recordSend(send("a", NOW));
    store.recordSend(send("b", NOW));
    store.forgetSend(send("a", NOW));
    expect(store.recentSends("user:sms:alice", NOW, 10)).toEqual([NOW]);
    expect(store.recentSends("all:sms", NOW, 10)).toEqual([NOW]);
  });

  it("prunes sends older than asked", () => {
    const store = open();
    store.recordSend(send("a", 1_000));
    store.recordSend(send("b", 90_000));
    expect(store.pruneSends(60_000)).toBe(2);
    expect(store.recentSends("all:sms", 0, 10)).toEqual([90_000]);
  });

  it("rolls a refused transaction's sends back with the rest of it", () => {
    const store = open();
    expect(() => store.transaction(() => {
      store.recordSend(send("a", NOW));
      throw new Error("refused");
    })).toThrow("refused");
    expect(store.recentSends("all:sms", 0, 10)).toEqual([]);
  });
});

describe("step-ups", () => {
  it("keeps the latest step-up time per user, never moving it back", () => {
    const store = open();
    expect(store.stepUpAt("alice")).toBeUndefined();
    store.setStepUpAt("alice", NOW);
    store.setStepUpAt("alice", NOW - 1000);
    expect(store.stepUpAt("alice")).toBe(NOW);
    store.setStepUpAt("alice", NOW + 1000);
    expect(store.stepUpAt("alice")).toBe(NOW + 1000);
    expect(store.stepUpAt("bob")).toBeUndefined();
  });
});

describe("pending enrollments", () => {
  it("deletes a user's pending enrollments beyond the newest ones kept, and leaves used, revoked, expired and other users' alone", () => {
    const store = open();
    for (let i = 0; i < 5; i++) store.insertEnrollment(enrollment({ tokenHash: `pending-${i}`, createdAt: NOW + i }));
    store.insertEnrollment(enrollment({ tokenHash: "used", createdAt: NOW - 10, consumedAt: NOW }));
    store.insertEnrollment(enrollment({ tokenHash: "revoked", createdAt: NOW - 10, revokedAt: NOW }));
    store.insertEnrollment(enrollment({ tokenHash: "expired", createdAt: NOW - 400_000, expiresAt: NOW - 1 }));
    store.insertEnrollment(enrollment({ tokenHash: "bobs", userId: "user-2", createdAt: NOW - 10 }));
    expect(store.trimPendingEnrollments("user-1", NOW, 3)).toBe(2);
    expect(store.findEnrollment("pending-0")).toBeUndefined();
    expect(store.findEnrollment("pending-1")).toBeUndefined();
    for (const kept of ["pending-2", "pending-3", "pending-4", "used", "revoked", "expired", "bobs"]) expect(store.findEnrollment(kept)).toBeDefined();
  });
});

describe("group commit", () => {
  it("commits the writes of one event-loop turn together, and committed() resolves once they are on disk", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "group-commit-")), "mfa.sqlite");
    const store = openSqliteStore(path);
    const reader = new Database(path, { readonly: true });
    try {
      store.setLastSentAt("sms:+8613800000001", 1);
      store.transaction(() => store.setLastSentAt("sms:+8613800000002", 2));
      const count = () => (reader.prepare("SELECT count(*) AS n FROM send_limits").get() as { n: number }).n;
      expect(count()).toBe(0); // not yet visible to another connection: not committed
      await store.committed();
      expect(count()).toBe(2);
    } finally {
      reader.close();
      store.close();
    }
  });

  it("resolves committed() at once when nothing is waiting to be written", async () => {
    const store = openSqliteStore(":memory:");
    await expect(store.committed()).resolves.toBeUndefined();
    store.close();
  });
});
