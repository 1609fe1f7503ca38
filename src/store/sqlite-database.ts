import { chmodSync, closeSync, openSync } from "node:fs";
import Database from "better-sqlite3";
import { refuseNewerSchema } from "./schema-version.ts";
import { sqliteMigrations as migrations } from "./sqlite-migrations.ts";

/**
 * How hard a commit waits for the disk. In WAL mode NORMAL survives a crashed or killed process
 * (kill -9) without losing or corrupting a commit, and syncs only at checkpoints; a power cut may
 * roll back the last commits. FULL syncs the WAL at every commit and survives that too, at the cost
 * of one fsync per write (about 4 ms here, which caps the server near 250 requests per second).
 */
export type Durability = "NORMAL" | "FULL";

/**
 * How many pages the WAL holds before a commit checkpoints it on the writer's connection. SQLite's
 * default is 1,000 (4 MB): under sustained sends that was a checkpoint, with its disk syncs, every
 * second or so, inside a commit and so on the event loop. The store's checkpointer
 * (sqlite-checkpointer.ts) now copies the WAL from a thread of its own; the writer's checkpoint is
 * what restarts the WAL from its beginning, which only a writer can do, and by then the frames are
 * already copied. The WAL file grows to about 40 MB.
 */
export const CHECKPOINT_PAGES = 10_000;

/** The version of the schema a database file holds (0 for a new file). */
export const schemaVersion = (db: Database.Database) => db.pragma("user_version", { simple: true }) as number;

/** The number of the newest schema version this code knows. */
export const LATEST_VERSION = migrations.length;

/** Brings the schema up to date, one version per transaction, so a failure keeps the last good version. */
function migrate(db: Database.Database): void {
  // The version is read under the write lock, so two processes opening the same fresh file never apply a migration twice.
  const applyNext = db.transaction((): boolean => {
    const current = schemaVersion(db);
    const script = migrations[current];
    if (script === undefined) return false;
    db.exec(script);
    db.pragma(`user_version = ${current + 1}`);
    return true;
  });
  while (applyNext.immediate()) {
    // one schema version per pass
  }
}

/**
 * Creates the database file readable by its owner alone (0600), or narrows an existing one: it
 * holds encrypted secrets, recovery hashes and who bound what. SQLite gives the -wal and -shm
 * files it creates the database file's permissions.
 */
function ownerOnly(path: string): void {
  closeSync(openSync(path, "a", 0o600));
  chmodSync(path, 0o600);
}

/** Opens a SQLite file (or ":memory:") for the store: owner-only, in WAL mode, its schema brought up to date. */
export function openSqliteDatabase(path: string, durability: Durability): Database.Database {
  if (path !== ":memory:") ownerOnly(path);
  const db = new Database(path);
  try {
    // Wait for another process's write lock instead of failing at once with SQLITE_BUSY.
    db.pragma("busy_timeout = 5000");
    refuseNewerSchema(schemaVersion(db), LATEST_VERSION, { name: path, kind: "file" });
    // WAL lets readers carry on while a writer commits, and a commit appends to one file instead of two.
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${durability}`);
    db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`);
    // Each request writes inside a savepoint of the shared transaction (group-commit.ts), and SQLite
    // keeps every page's old copy for it in a statement journal, a temporary file once a batch's
    // copies pass 64 KiB: two system calls a page, a tenth of an SMS send's CPU. Kept in memory, the
    // journal is at most the pages one batch touches, and a crash loses nothing it did not already.
    db.pragma("temp_store = MEMORY");
    db.pragma("foreign_keys = ON");
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
