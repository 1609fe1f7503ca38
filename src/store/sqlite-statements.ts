import type Database from "better-sqlite3";
import type {
  EnrollmentChangeValues,
  EnrollmentRow,
  EnrollmentValues,
  FactorChangeValues,
  FactorRow,
  FactorValues,
  OtpFailureRow,
  OtpFailureValues,
  OtpGuardRow,
} from "./rows.ts";
import type { FactorType } from "./store.ts";

// The SQLite store's SQL, by table, each statement prepared once per database: compiling a statement
// costs more than most of these queries do. Parameters are positional wherever a statement runs on
// every send, since binding by name looks each one up.

/** The send rings and the budget, whose one share (shard 0) is all one writer needs. */
export const sendStatements = (db: Database.Database) => ({
  ring: db.prepare<[key: string], { times: string; holder: string | null; held_at: number | null }>(
    "SELECT times, holder, held_at FROM recent_sends WHERE key = ?",
  ),
  upsertRing: db.prepare<[key: string, times: string, lastAt: number, holder: string | null, heldAt: number | null]>(
    `INSERT INTO recent_sends (key, times, last_at, holder, held_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET times = excluded.times, last_at = max(last_at, excluded.last_at),
       holder = excluded.holder, held_at = excluded.held_at`,
  ),
  // A send handed back leaves the holder where it was: it names a send that is no longer the newest,
  // or, if an older one went, still the newest.
  setRingTimes: db.prepare<[times: string, key: string]>("UPDATE recent_sends SET times = ? WHERE key = ?"),
  budgetShare: db.prepare<[key: string], { minute: number; used: number }>(
    "SELECT minute, used FROM send_budgets WHERE key = ? AND shard = 0",
  ),
  // Counts one send in the share when it has room this minute: one row changed, or none when it has not.
  takeFromBudget: db.prepare<[key: string, minute: number, cap: number]>(
    `INSERT INTO send_budgets (key, shard, minute, used) VALUES (?, 0, ?, 1)
     ON CONFLICT (key, shard) DO UPDATE SET used = CASE WHEN minute = excluded.minute THEN used + 1 ELSE 1 END, minute = excluded.minute
       WHERE minute <> excluded.minute OR used < ?`,
  ),
  upsertBudget: db.prepare<[key: string, minute: number, used: number]>(
    `INSERT INTO send_budgets (key, shard, minute, used) VALUES (?, 0, ?, ?)
     ON CONFLICT (key, shard) DO UPDATE SET minute = excluded.minute, used = excluded.used`,
  ),
  pruneRings: db.prepare<[before: number]>("DELETE FROM recent_sends WHERE last_at < ?"),
  pruneBudgets: db.prepare<[beforeMinute: number]>("DELETE FROM send_budgets WHERE minute < ?"),
});

/** A user's wrong codes and their sessions' step-ups. */
export const guardStatements = (db: Database.Database) => ({
  // The failures and the session's step-up in one statement: a row always comes back, its failure
  // columns NULL when the user has none.
  guard: db.prepare<{ userId: string; session: string }, OtpGuardRow>(
    `SELECT f.*, (SELECT at FROM session_step_ups WHERE user_id = @userId AND session = @session) AS step_up_at
     FROM (SELECT 1) LEFT JOIN otp_failures AS f ON f.user_id = @userId`,
  ),
  upsertStepUp: db.prepare<[userId: string, session: string, at: number]>(
    `INSERT INTO session_step_ups (user_id, session, at) VALUES (?, ?, ?)
     ON CONFLICT (user_id, session) DO UPDATE SET at = max(at, excluded.at)`,
  ),
  pruneStepUps: db.prepare<[before: number]>("DELETE FROM session_step_ups WHERE at < ?"),
  failures: db.prepare<[userId: string], OtpFailureRow>("SELECT * FROM otp_failures WHERE user_id = ?"),
  upsertFailures: db.prepare<OtpFailureValues>(
    `INSERT INTO otp_failures (user_id, count, consecutive, escalation, last_failure_at, locked_until) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET count = excluded.count, consecutive = excluded.consecutive, escalation = excluded.escalation,
       last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
  ),
});

/** Started enrollments. */
export const enrollmentStatements = (db: Database.Database) => ({
  // Newest first, and among enrollments of one millisecond the greater token hash first: the
  // index of unused enrollments on (user_id, created_at, token_hash, consumed_at) is already in this
  // order read backwards, and holds each row's rowid, so neither a sort nor a read of the table
  // picks the rows.
  trimPending: db.prepare<[userId: string, keep: number]>(
    `DELETE FROM enrollments WHERE rowid IN (
       SELECT rowid FROM enrollments WHERE user_id = ? AND consumed_at IS NULL
       ORDER BY created_at DESC, token_hash DESC LIMIT -1 OFFSET ?
     )`,
  ),
  insert: db.prepare<EnrollmentValues>(
    `INSERT INTO enrollments (token_hash, user_id, factor_type, profile, code_hash, secret_cipher, recovery_hash,
       created_at, expires_at, failed_attempts, consumed_at, revoked_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  find: db.prepare<[tokenHash: string], EnrollmentRow>("SELECT * FROM enrollments WHERE token_hash = ?"),
  update: db.prepare<[...EnrollmentChangeValues, tokenHash: string]>(
    `UPDATE enrollments SET failed_attempts = coalesce(?, failed_attempts), consumed_at = coalesce(?, consumed_at),
     revoked_at = coalesce(?, revoked_at) WHERE token_hash = ?`,
  ),
  prune: db.prepare<[before: number]>("DELETE FROM enrollments WHERE expires_at < ?"),
});

/** Bound factors. */
export const factorStatements = (db: Database.Database) => ({
  insert: db.prepare<FactorValues>(
    `INSERT INTO factors (factor_id, user_id, factor_type, profile, secret_cipher, recovery_hash, last_totp_step, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  find: db.prepare<[userId: string, factorId: string], FactorRow>("SELECT * FROM factors WHERE user_id = ? AND factor_id = ?"),
  findByType: db.prepare<[userId: string, factorType: FactorType], FactorRow>(
    "SELECT * FROM factors WHERE user_id = ? AND factor_type = ?",
  ),
  list: db.prepare<[userId: string], FactorRow>("SELECT * FROM factors WHERE user_id = ? ORDER BY created_at, factor_id"),
  update: db.prepare<[...FactorChangeValues, factorId: string]>(
    "UPDATE factors SET last_totp_step = coalesce(?, last_totp_step), recovery_hash = coalesce(?, recovery_hash) WHERE factor_id = ?",
  ),
  delete: db.prepare<[userId: string, factorId: string]>("DELETE FROM factors WHERE user_id = ? AND factor_id = ?"),
});

/**
 * A store transaction is a savepoint inside the shared commit, so a failure rolls back its own
 * writes and no one else's. Transactions never nest (one runs at a time), so one name serves every
 * savepoint, and its statements are prepared once.
 */
export const savepointStatements = (db: Database.Database) => ({
  savepoint: db.prepare("SAVEPOINT tx"),
  release: db.prepare("RELEASE tx"),
  rollbackTo: db.prepare("ROLLBACK TO tx"),
});

/** Every statement of the SQLite store, by table. */
export const sqliteStatements = (db: Database.Database) => ({
  sends: sendStatements(db),
  guard: guardStatements(db),
  enrollments: enrollmentStatements(db),
  factors: factorStatements(db),
  savepoints: savepointStatements(db),
});

export type SqliteStatements = ReturnType<typeof sqliteStatements>;
