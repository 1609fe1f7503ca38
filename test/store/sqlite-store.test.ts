import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { sqliteMigrations as migrations } from "../../src/store/sqlite-migrations.ts";
import { CHECKPOINT_PAGES, openSqliteDatabase } from "../../src/store/sqlite-database.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import { enrollmentStatements } from "../../src/store/sqlite-statements.ts";
import type { MfaStore } from "../../src/store/store.ts";
import { enrollment, expectHoldersSeeded, expectUpgradedRows, factor, ringsBeforeHolders, storeConformance } from "./store-conformance.ts";
import { tempDir, useCleanups } from "../support/cleanups.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NOW = 1_700_000_000_000;

const defer = useCleanups();

/** A path in a fresh directory of its own, removed after the test. */
const tempDatabasePath = () => join(tempDir(defer, "mfa-store-"), "mfa.sqlite");

/** A database file written by an earlier version: its first `version` migrations, open for the test to fill, then close. */
function databaseAtVersion(version: number): { path: string; old: Database.Database } {
  const path = tempDatabasePath();
  const old = new Database(path);
  for (const script of migrations.slice(0, version)) old.exec(script);
  old.pragma(`user_version = ${version}`);
  return { path, old };
}

/** Opens a store that is closed after the test, unless the test closes it first. */
function open(path = ":memory:"): MfaStore {
  const store = openSqliteStore(path);
  let isOpen = true;
  defer(() => isOpen && store.close());
  const close = () => {
    isOpen = false;
    return store.close();
  };
  return { ...store, close };
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

// In one process SQLite has one writer at a time, and a second connection would wait for the
// first synchronously, blocking the very event loop that commits it: the two "instances" are two
// handles on one connection here. Separate processes on one file are tested by the server's tests.
storeConformance({
  name: "SQLite",
  async database() {
    const store = openSqliteStore(tempDatabasePath());
    let handles = 0;
    return async () => {
      handles++;
      return { ...store, close: async () => void (--handles === 0 && (await store.close())) };
    };
  },
});

describe("opening a database file", () => {
  it("migrates a new file to the latest schema version and applies nothing twice when the file is reopened", async () => {
    const path = tempDatabasePath();
    await open(path).close();
    expect(pragma(path, "user_version")).toBe(migrations.length);
    // Reapplying migration 1 would fail on CREATE TABLE, so a clean reopen shows it was skipped.
    await open(path).close();
    expect(pragma(path, "user_version")).toBe(migrations.length);
  });

  it("keeps what was written when the file is closed and opened again", async () => {
    const path = tempDatabasePath();
    const first = open(path);
    await first.insertFactor(factor());
    await first.insertEnrollment(enrollment());
    await first.takeSend(NOW, [{ key: "+8613800000000", windows: [{ cap: 1, windowMs: 60_000 }] }], { key: "all:sms", cap: 10 });
    await first.close();

    const second = open(path);
    expect(await second.findFactor("user-1", "factor-1")).toStrictEqual(factor());
    expect(await second.findEnrollment("token-hash-1")).toStrictEqual(enrollment());
    expect(await second.recentSends("+8613800000000")).toEqual([NOW]);
  });

  it("writes the database file in WAL mode", async () => {
    const path = tempDatabasePath();
    await open(path).close();
    expect(pragma(path, "journal_mode")).toBe("wal");
  });

  it("lets the WAL hold CHECKPOINT_PAGES pages before a commit copies them into the file, rather than SQLite's 1,000", () => {
    const db = openSqliteDatabase(tempDatabasePath(), "NORMAL");
    try {
      expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(CHECKPOINT_PAGES);
      expect(CHECKPOINT_PAGES).toBeGreaterThan(1000);
    } finally {
      db.close();
    }
  });

  it("keeps the savepoints' statement journals in memory rather than in temporary files", () => {
    const db = openSqliteDatabase(tempDatabasePath(), "NORMAL");
    try {
      expect(db.pragma("temp_store", { simple: true })).toBe(2); // 2 is MEMORY
    } finally {
      db.close();
    }
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

  it("keeps a committed factor and an intact file when the writing process is killed with SIGKILL", async () => {
    const path = tempDatabasePath();
    const child = spawnSync(process.execPath, ["--import", "tsx", "test/store/fixtures/write-and-crash.ts", path], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 15_000,
    });
    expect(child.stderr).toBe("");
    expect(child.stdout).toBe("written\n");
    expect(child.signal).toBe("SIGKILL");

    expect(await open(path).findFactor("user-crash", "factor-crash")).toMatchObject({ factorType: "SMS" });
    expect(pragma(path, "integrity_check")).toBe("ok");
  });
});

describe("upgrading from the send log (schema version 2)", () => {
  it("keeps every limit: a user's recent sends, a destination's minute and this minute's budget, then drops the log", async () => {
    const { path, old } = databaseAtVersion(2);
    const now = Date.now();
    const insert = old.prepare("INSERT INTO sends (key, at, send_id) VALUES (?, ?, ?)");
    for (let i = 0; i < 5; i++) insert.run("user:sms:alice", now - i * 1000, `s${i}`);
    insert.run("all:sms", now, "s0");
    old.prepare("INSERT INTO send_limits (destination, last_sent_at) VALUES (?, ?)").run("sms:+8613800000001", now);
    old.close();

    const store = open(path);
    expect(await store.recentSends("user:sms:alice")).toEqual([4, 3, 2, 1, 0].map((i) => now - i * 1000));
    const user = { key: "user:sms:alice", windows: [{ cap: 5, windowMs: 3_600_000 }] };
    const take = await store.takeSend(now + 1, [{ key: "sms:+8613800000001", windows: [{ cap: 1, windowMs: 60_000 }] }, user], {
      key: "all:sms",
      cap: 1,
    });
    expect(take).toMatchObject({ taken: false, rings: [[now + 60_000], [now - 4000 + 3_600_000]] });
    // The budget was seeded only if the upgrade ran in the minute of the send.
    const sameMinute = Math.floor(now / 60_000) === Math.floor(Date.now() / 60_000);
    if (sameMinute) expect((take as { budget?: number }).budget).toBeDefined();
    await store.close();
    const tables = new Database(path, { readonly: true });
    defer(() => tables.close());
    expect(tables.prepare("SELECT name FROM sqlite_master WHERE name IN ('sends', 'send_limits')").all()).toEqual([]);
  });
});

describe("upgrading to step-ups by session and escalating lock-outs (schema version 3)", () => {
  it("keeps factors, enrollments, limits and failures, seeds the escalation from a lock-out, drops the per-user step-up", async () => {
    const { path, old } = databaseAtVersion(3);
    old
      .prepare(
        `INSERT INTO factors (factor_id, user_id, factor_type, profile, secret_cipher, recovery_hash, created_at)
         VALUES (?, ?, 'OTP', ?, 'cipher', 'recovery-hash', ?)`,
      )
      .run("factor-1", "user-1", JSON.stringify(factor().profile), NOW);
    old
      .prepare(
        `INSERT INTO enrollments (token_hash, user_id, factor_type, profile, created_at, expires_at)
         VALUES ('token-hash-1', 'user-1', 'SMS', ?, ?, ?)`,
      )
      .run(JSON.stringify(enrollment().profile), NOW, NOW + 300_000);
    old.prepare("INSERT INTO recent_sends (key, times, last_at) VALUES ('sms:+8613800000000', ?, ?)").run(JSON.stringify([NOW]), NOW);
    old.prepare("INSERT INTO otp_failures (user_id, count, locked_until) VALUES ('user-1', 0, ?), ('user-2', 4, NULL)").run(NOW + 900_000);
    old.prepare("INSERT INTO step_ups (user_id, at) VALUES ('user-1', ?)").run(NOW);
    old.close();

    const store = open(path);
    await expectUpgradedRows(store);
    expect(pragma(path, "user_version")).toBe(migrations.length);
  });
});

describe("upgrading to the asker in the number's own row (schema version 5)", () => {
  it("keeps who took each number's newest send, drops the asked rings, and lets the trim read one index", async () => {
    const { path, old } = databaseAtVersion(4);
    const insert = old.prepare("INSERT INTO recent_sends (key, times, last_at) VALUES (?, ?, ?)");
    for (const [key, times] of ringsBeforeHolders) insert.run(key, JSON.stringify(times), times.at(-1));
    old.close();

    const store = open(path);
    await expectHoldersSeeded(store);
    await store.close();
    const db = new Database(path, { readonly: true });
    defer(() => db.close());
    // The trim picks its rows from the unused enrollments' index alone: no sort, no read of the table.
    const trim = enrollmentStatements(db).trimPending.source;
    const plan = db.prepare<[string, number], { detail: string }>(`EXPLAIN QUERY PLAN ${trim}`).all("user-1", 10);
    expect(plan.map((step) => step.detail)).toEqual([
      "SEARCH enrollments USING INTEGER PRIMARY KEY (rowid=?)",
      "LIST SUBQUERY 1",
      "SEARCH enrollments USING COVERING INDEX enrollments_user (user_id=?)",
    ]);
  });
});

describe("the SQLite write lock", () => {
  it("is taken when a transaction begins, so that another process cannot start writing until its batch commits", async () => {
    const path = tempDatabasePath();
    const store = open(path);
    const other = new Database(path, { timeout: 0 });
    defer(() => other.close());
    await store.transaction(async (tx) => {
      await tx.recentSends("+8613800000000"); // only a read so far: the lock must already be held
      expect(() => other.exec("BEGIN IMMEDIATE")).toThrow(/database is locked/);
    });
    expect(() => other.exec("BEGIN IMMEDIATE")).toThrow(/database is locked/);
    await store.committed();
    other.exec("BEGIN IMMEDIATE; ROLLBACK");
  });
});

describe("group commit", () => {
  it("commits the writes of one event-loop turn together, and committed() resolves once they are on disk", async () => {
    const path = tempDatabasePath();
    const store = open(path);
    const reader = new Database(path, { readonly: true });
    defer(() => reader.close());
    const ring = (key: string) => [{ key, windows: [{ cap: 1, windowMs: 60_000 }] }];
    await store.takeSend(1, ring("sms:+8613800000001"), { key: "all:sms", cap: 10 });
    await store.transaction((tx) => tx.takeSend(2, ring("sms:+8613800000002"), { key: "all:sms", cap: 10 }));
    const count = () => (reader.prepare("SELECT count(*) AS n FROM recent_sends").get() as { n: number }).n;
    expect(count()).toBe(0); // not yet visible to another connection: not committed
    await store.committed();
    expect(count()).toBe(2);
  });

  it("resolves committed() at once when nothing is waiting to be written", async () => {
    await expect(open().committed()).resolves.toBeUndefined();
  });
});
