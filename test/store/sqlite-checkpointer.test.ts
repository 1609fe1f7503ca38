import { existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { startCheckpointer } from "../../src/store/sqlite-checkpointer.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import { tempDir, useCleanups } from "../support/cleanups.ts";
import { enrollment } from "./store-conformance.ts";

const defer = useCleanups();

/** A database path in a directory of its own, removed after the test. */
const freshPath = () => join(tempDir(defer, "genauth-mfa-checkpointer-"), "mfa.sqlite");

/** A WAL-mode file whose writer never checkpoints by itself, with about 2 MB written to its WAL. */
function writtenFile(): { path: string; db: Database.Database } {
  const path = freshPath();
  const db = new Database(path);
  defer(() => {
    if (db.open) db.close();
  });
  db.pragma("journal_mode = WAL");
  db.pragma("wal_autocheckpoint = 0");
  db.exec("CREATE TABLE t (v TEXT)");
  const insert = db.prepare("INSERT INTO t (v) VALUES (?)");
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run("x".repeat(1000));
  })();
  return { path, db };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("the condition did not hold in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("startCheckpointer", () => {
  it("copies the WAL into the database file from its own thread while the writer keeps its connection open", async () => {
    const { path, db } = writtenFile();
    expect(statSync(path).size).toBeLessThan(100_000);
    const checkpointer = startCheckpointer(path, 10);
    defer(() => checkpointer.stop());
    await until(() => statSync(path).size > 2_000_000);
    expect(db.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 2000 });
  });

  it("closes its connection when stopped, so that the writer's close folds the WAL into the file and removes it", async () => {
    const { path, db } = writtenFile();
    const checkpointer = startCheckpointer(path, 10);
    await until(() => statSync(path).size > 2_000_000);
    await checkpointer.stop();
    db.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it("ends quietly when it cannot open the file, and its stop still resolves", async () => {
    const checkpointer = startCheckpointer(join(tmpdir(), "no-such-folder-for-genauth-mfa", "mfa.sqlite"), 10);
    await expect(checkpointer.stop()).resolves.toBeUndefined();
  });
});

describe("the SQLite store's checkpointer", () => {
  it("runs while the store is open, and stops when it closes: no WAL file is left beside the database", async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    const before = statSync(path).size;
    for (let i = 0; i < 4000; i++) {
      await store.insertEnrollment(enrollment({ tokenHash: `token-hash-${i}`, userId: `user-${i}`, codeHash: "c".repeat(200) }));
    }
    // The store's own checkpoint waits for 10,000 pages: a file that grows was copied into by the checkpointer.
    await until(() => statSync(path).size > before + 1_000_000);
    await store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
