import { chmodSync, closeSync, openSync } from "node:fs";
import Database from "better-sqlite3";
import { groupCommit } from "./group-commit.ts";
import { sqliteMigrations as migrations } from "./sqlite-migrations.ts";
import {
  enrollmentChangeValues, enrollmentValues, factorChangeValues, factorValues, otpFailureValues, toEnrollment, toFactor, toOtpFailures, toOtpGuard,
  type EnrollmentChangeValues, type EnrollmentRow, type EnrollmentValues, type FactorChangeValues, type FactorRow, type FactorValues,
  type OtpFailureRow, type OtpFailureValues, type OtpGuardRow,
} from "./rows.ts";
import { fullUntil, MINUTE_MS, minuteOf, ringSize, withoutSend, withSend } from "./send-rings.ts";
import { refuseNewerSchema, requireCurrentSchema } from "./schema-version.ts";
import { serial } from "./serial.ts";
import type { FactorType, MfaStore, MfaStoreOps } from "./store.ts";

const schemaVersion = (db: Database.Database) => db.pragma("user_version", { simple: true }) as number;

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
 * How hard a commit waits for the disk. In WAL mode NORMAL survives a crashed or killed process
 * (kill -9) without losing or corrupting a commit, and syncs only at checkpoints; a power cut may
 * roll back the last commits. FULL syncs the WAL at every commit and survives that too, at the cost
 * of one fsync per write (about 4 ms here, which caps the server near 250 requests per second).
 */
export type Durability = "NORMAL" | "FULL";

/**
 * Creates the database file readable by its owner alone (0600), or narrows an existing one: it
 * holds encrypted secrets, recovery hashes and who bound what. SQLite gives the -wal and -shm
 * files it creates the database file's permissions.
 */
function ownerOnly(path: string): void {
  closeSync(openSync(path, "a", 0o600));
  chmodSync(path, 0o600);
}

/** Opens (creating and migrating if needed) an MFA store in a SQLite file, or in memory for ":memory:". */
export function openSqliteStore(path: string, durability: Durability = "NORMAL"): MfaStore {
  if (path !== ":memory:") ownerOnly(path);
  const db = new Database(path);
  try {
    // Wait for another process's write lock instead of failing at once with SQLITE_BUSY.
    db.pragma("busy_timeout = 5000");
    refuseNewerSchema(schemaVersion(db), migrations.length, { name: path, kind: "file" });
    // WAL lets readers carry on while a writer commits, and a commit appends to one file instead of two.
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${durability}`);
    db.pragma("foreign_keys = ON");
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }

  // Prepared once: statement compilation costs more than most of these queries do.
  const ring = db.prepare<[string], { times: string }>("SELECT times FROM recent_sends WHERE key = ?");
  const upsertRing = db.prepare<[string, string, number]>(
    "INSERT INTO recent_sends (key, times, last_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET times = excluded.times, last_at = max(last_at, excluded.last_at)",
  );
  const budgetShare = db.prepare<[string], { minute: number; used: number }>("SELECT minute, used FROM send_budgets WHERE key = ? AND shard = 0");
  const upsertBudget = db.prepare<[string, number, number]>(
    "INSERT INTO send_budgets (key, shard, minute, used) VALUES (?, 0, ?, ?) ON CONFLICT (key, shard) DO UPDATE SET minute = excluded.minute, used = excluded.used",
  );
  const pruneRings = db.prepare<[number]>("DELETE FROM recent_sends WHERE last_at < ?");
  const pruneBudgets = db.prepare<[number]>("DELETE FROM send_budgets WHERE minute < ?");
  // The failures and the session's step-up in one statement: a row always comes back, its failure
  // columns NULL when the user has none.
  const otpGuard = db.prepare<{ userId: string; session: string }, OtpGuardRow>(
    `SELECT f.*, (SELECT at FROM session_step_ups WHERE user_id = @userId AND session = @session) AS step_up_at
     FROM (SELECT 1) LEFT JOIN otp_failures AS f ON f.user_id = @userId`,
  );
  const upsertStepUp = db.prepare<[string, string, number]>(
    "INSERT INTO session_step_ups (user_id, session, at) VALUES (?, ?, ?) ON CONFLICT (user_id, session) DO UPDATE SET at = max(at, excluded.at)",
  );
  const pruneStepUps = db.prepare<[number]>("DELETE FROM session_step_ups WHERE at < ?");
  // Newest first, and among enrollments of one millisecond the greater token hash first: the index
  // on (user_id, created_at) holds the token hash after them (the table's key), so read backwards it
  // is already in this order and no sort is needed (about 10 µs of a send by a user with ten pending).
  const trimPending = db.prepare<[string, number]>(
    `DELETE FROM enrollments WHERE token_hash IN (
       SELECT token_hash FROM enrollments WHERE user_id = ? AND consumed_at IS NULL
       ORDER BY created_at DESC, token_hash DESC LIMIT -1 OFFSET ?
     )`,
  );
  // Positional parameters: binding by name looks each one up, and this insert is on every send.
  const insertEnrollment = db.prepare<EnrollmentValues>(
    `INSERT INTO enrollments (token_hash, user_id, factor_type, profile, code_hash, secret_cipher, recovery_hash, created_at, expires_at, failed_attempts, consumed_at, revoked_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const findEnrollment = db.prepare<[string], EnrollmentRow>("SELECT * FROM enrollments WHERE token_hash = ?");
  // A field left out of the change keeps its value: NULL parameters fall through to the column.
  const updateEnrollment = db.prepare<[...EnrollmentChangeValues, tokenHash: string]>(
    "UPDATE enrollments SET failed_attempts = coalesce(?, failed_attempts), consumed_at = coalesce(?, consumed_at), revoked_at = coalesce(?, revoked_at) WHERE token_hash = ?",
  );
  const pruneEnrollments = db.prepare<[number]>("DELETE FROM enrollments WHERE expires_at < ?");
  const insertFactor = db.prepare<FactorValues>(
    "INSERT INTO factors (factor_id, user_id, factor_type, profile, secret_cipher, recovery_hash, last_totp_step, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const findFactor = db.prepare<[string, string], FactorRow>("SELECT * FROM factors WHERE user_id = ? AND factor_id = ?");
  const findFactorByType = db.prepare<[string, FactorType], FactorRow>("SELECT * FROM factors WHERE user_id = ? AND factor_type = ?");
  const listFactors = db.prepare<[string], FactorRow>("SELECT * FROM factors WHERE user_id = ? ORDER BY created_at, factor_id");
  const updateFactor = db.prepare<[...FactorChangeValues, factorId: string]>(
    "UPDATE factors SET last_totp_step = coalesce(?, last_totp_step), recovery_hash = coalesce(?, recovery_hash) WHERE factor_id = ?",
  );
  const deleteFactor = db.prepare<[string, string]>("DELETE FROM factors WHERE user_id = ? AND factor_id = ?");
  const otpFailures = db.prepare<[string], OtpFailureRow>("SELECT * FROM otp_failures WHERE user_id = ?");
  const upsertOtpFailures = db.prepare<OtpFailureValues>(
    `INSERT INTO otp_failures (user_id, count, consecutive, escalation, last_failure_at, locked_until) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET count = excluded.count, consecutive = excluded.consecutive, escalation = excluded.escalation,
       last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
  );
  // Writes join the open batch (BEGIN IMMEDIATE takes the write lock up front, so read-check-write
  // sequences are serialised across processes too).
  const batch = groupCommit(db);
  const write = batch.write;

  const timesOf = (key: string): number[] => JSON.parse(ring.get(key)?.times ?? "[]") as number[];
  /** The budget's one share (one writer needs no more): its sends so far this minute. */
  const usedThisMinute = (key: string, at: number): number => {
    const share = budgetShare.get(key);
    return share?.minute === minuteOf(at) ? share.used : 0;
  };

  // The synchronous calls, for use inside a transaction (where the queue is already held).
  const ops: MfaStoreOps = {
    // Transactions here run one at a time (see `queue` below), so a read-check-write needs no lock.
    takeSend: async (at, rings, budget) => {
      const held = rings.map((r) => timesOf(r.key));
      const untils = rings.map((r, i) => r.windows.map((w) => fullUntil(held[i]!, w, at)));
      const used = usedThisMinute(budget.key, at);
      const budgetUntil = used >= budget.cap ? minuteOf(at) + MINUTE_MS : undefined;
      if (budgetUntil !== undefined || untils.some((u) => u.some((t) => t !== undefined))) return { taken: false, rings: untils, budget: budgetUntil };
      write(() => {
        rings.forEach((r, i) => upsertRing.run(r.key, JSON.stringify(withSend(held[i]!, at, ringSize(r.windows))), at));
        upsertBudget.run(budget.key, minuteOf(at), used + 1);
      });
      return { taken: true, shard: 0 };
    },
    giveBackSend: async (send) => {
      write(() => {
        for (const key of new Set(send.ringKeys)) {
          const times = timesOf(key);
          if (times.includes(send.at)) upsertRing.run(key, JSON.stringify(withoutSend(times, send.at)), 0);
        }
        const used = usedThisMinute(send.budgetKey, send.at);
        if (used > 0) upsertBudget.run(send.budgetKey, minuteOf(send.at), used - 1);
      });
    },
    recentSends: async (key) => timesOf(key),
    pruneRecentSends: async (before) => write(() => pruneRings.run(before).changes + pruneBudgets.run(minuteOf(before)).changes),

    otpGuard: async (userId, session) => toOtpGuard(otpGuard.get({ userId, session })!),
    setStepUpAt: async (userId, session, at) => {
      write(() => upsertStepUp.run(userId, session, at));
    },
    pruneStepUps: async (before) => write(() => pruneStepUps.run(before).changes),

    trimPendingEnrollments: async (userId, keep) => write(() => trimPending.run(userId, keep).changes),

    insertEnrollment: async (record, keepPending) => {
      write(() => {
        insertEnrollment.run(...enrollmentValues(record));
        if (keepPending !== undefined) trimPending.run(record.userId, keepPending);
      });
    },
    findEnrollment: async (tokenHash) => {
      const row = findEnrollment.get(tokenHash);
      return row && toEnrollment(row);
    },
    updateEnrollment: async (tokenHash, change) => {
      write(() => updateEnrollment.run(...enrollmentChangeValues(change), tokenHash));
    },
    pruneEnrollments: async (before) => write(() => pruneEnrollments.run(before).changes),

    insertFactor: async (record) => {
      write(() => insertFactor.run(...factorValues(record)));
    },
    findFactor: async (userId, factorId) => {
      const row = findFactor.get(userId, factorId);
      return row && toFactor(row);
    },
    findFactorByType: async (userId, factorType) => {
      const row = findFactorByType.get(userId, factorType);
      return row && toFactor(row);
    },
    listFactors: async (userId) => listFactors.all(userId).map(toFactor),
    updateFactor: async (factorId, change) => {
      write(() => updateFactor.run(...factorChangeValues(change), factorId));
    },
    deleteFactor: async (userId, factorId) => write(() => deleteFactor.run(userId, factorId).changes === 1),

    otpFailures: async (userId) => {
      const row = otpFailures.get(userId);
      return row && toOtpFailures(row);
    },
    setOtpFailures: async (record) => {
      write(() => upsertOtpFailures.run(...otpFailureValues(record)));
    },
  };

  // A transaction's work is asynchronous, so another request could run between its steps: one
  // queue runs transactions, and writes outside them, one at a time. Each transaction is a
  // savepoint inside the shared commit, so a failure rolls back its own writes and no one else's.
  // The queue never nests them, so one name serves every savepoint, and its statements are prepared once.
  const queue = serial();
  const savepoint = db.prepare("SAVEPOINT tx");
  const releaseSavepoint = db.prepare("RELEASE tx");
  const rollbackToSavepoint = db.prepare("ROLLBACK TO tx");
  let inTransaction = false;
  const transaction = <T>(work: (tx: MfaStoreOps) => Promise<T>): Promise<T> =>
    queue(async () => {
      const release = batch.hold();
      inTransaction = true;
      write(() => savepoint.run());
      try {
        const result = await work(ops);
        releaseSavepoint.run();
        return result;
      } catch (error) {
        rollbackToSavepoint.run();
        releaseSavepoint.run();
        throw error;
      } finally {
        inTransaction = false;
        release();
      }
    });
  const queued = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => (...args: A) => queue(() => call(...args));

  return {
    ...ops,
    takeSend: queued(ops.takeSend),
    giveBackSend: queued(ops.giveBackSend),
    pruneRecentSends: queued(ops.pruneRecentSends),
    setStepUpAt: queued(ops.setStepUpAt),
    pruneStepUps: queued(ops.pruneStepUps),
    trimPendingEnrollments: queued(ops.trimPendingEnrollments),
    insertEnrollment: queued(ops.insertEnrollment),
    updateEnrollment: queued(ops.updateEnrollment),
    pruneEnrollments: queued(ops.pruneEnrollments),
    insertFactor: queued(ops.insertFactor),
    updateFactor: queued(ops.updateFactor),
    deleteFactor: queued(ops.deleteFactor),
    setOtpFailures: queued(ops.setOtpFailures),
    transaction,
    committed: batch.committed,
    ready: async () => requireCurrentSchema(schemaVersion(db), migrations.length),
    poolUsage: () => ({ total: 1, idle: inTransaction ? 0 : 1, waiting: 0 }),
    close: async () => {
      await queue(() => undefined);
      batch.flush();
      db.close();
    },
  };
}
