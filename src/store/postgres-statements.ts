// The PostgreSQL store's SQL, by table. A statement that writes a record takes its values in the
// order rows.ts gives them. Inside a transaction a read locks what it reads, so a statement that
// reads takes the lock to add, and one text per lock is prepared.

/** The row lock a read takes: FOR UPDATE inside a transaction, none outside. */
export type Lock = "" | " FOR UPDATE";

/** The schema's version, and the lock under which one instance migrates while the others wait. */
export const schemaSql = {
  lock: "SELECT pg_advisory_xact_lock(7236154)",
  createVersions:
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
  version: "SELECT max(version) AS version FROM schema_migrations",
  recordVersion: "INSERT INTO schema_migrations (version) VALUES ($1)",
};

/** The send rings and the budget's shares. */
export const sendSql = {
  // The whole check-and-take is one call of take_send (postgres-migrations.ts): one round trip.
  take: "SELECT taken, untils, budget_until, shard, mine FROM take_send($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
  giveBack: `WITH rings AS (
      UPDATE recent_sends SET times = times[:array_position(times, $2::bigint) - 1] || times[array_position(times, $2::bigint) + 1:]
      WHERE key = ANY($1::text[]) AND $2::bigint = ANY(times)
    )
    UPDATE send_budgets SET used = used - 1 WHERE key = $3 AND shard = $4 AND minute = $5 AND used > 0`,
  ring: "SELECT times FROM recent_sends WHERE key = $1",
  pruneRings: "DELETE FROM recent_sends WHERE last_at < $1",
  pruneBudgets: "UPDATE send_budgets SET used = 0, minute = 0 WHERE minute < $1 AND minute > 0",
};

/** A user's wrong codes and their sessions' step-ups. */
export const guardSql = {
  // One round trip for both: a row always comes back, its failure columns NULL when the user has
  // none. The failures are locked inside the lateral subquery, since FOR UPDATE cannot reach the
  // nullable side of an outer join.
  guard: (lock: Lock) => `SELECT f.*, (SELECT at FROM session_step_ups WHERE user_id = $1 AND session = $2) AS step_up_at
    FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT * FROM otp_failures WHERE user_id = $1${lock}) AS f ON true`,
  upsertStepUp: `INSERT INTO session_step_ups (user_id, session, at) VALUES ($1, $2, $3)
    ON CONFLICT (user_id, session) DO UPDATE SET at = greatest(session_step_ups.at, excluded.at)`,
  pruneStepUps: "DELETE FROM session_step_ups WHERE at < $1",
  failures: (lock: Lock) => `SELECT * FROM otp_failures WHERE user_id = $1${lock}`,
  upsertFailures: `INSERT INTO otp_failures (user_id, count, consecutive, escalation, last_failure_at, locked_until)
     VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (user_id) DO UPDATE SET count = excluded.count, consecutive = excluded.consecutive, escalation = excluded.escalation,
      last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
};

/**
 * The user's pending enrollments beyond the `keep` newest, locked, as a subquery: a trim deletes
 * them. Two sends by one user trim at once, and a DELETE takes its rows in whatever order its plan
 * reads them, so two trims that overlap could each hold a row the other waits for (a deadlock,
 * which fails a send whose code is already out). Locking them first with SKIP LOCKED never waits:
 * a row another trim holds is that trim's to delete, and one a code check holds is left to the
 * next trim. Only rows beyond the newest are locked, so none of the ones kept is ever skipped over
 * and the newest `keep` always stay. Ties of one millisecond go as in SQLite (sqlite-statements.ts).
 */
const beyondKept = (userId: string, keep: string) =>
  `SELECT token_hash FROM enrollments WHERE token_hash IN (
     SELECT token_hash FROM enrollments WHERE user_id = ${userId} AND consumed_at IS NULL
     ORDER BY created_at DESC, token_hash DESC OFFSET ${keep}
   ) FOR UPDATE SKIP LOCKED`;

/** An enrollment's columns, in the order rows.ts gives their values. */
const ENROLLMENT_COLUMNS = `token_hash, user_id, factor_type, profile, code_hash, secret_cipher, recovery_hash,
  created_at, expires_at, failed_attempts, consumed_at, revoked_at`;

/** Started enrollments. */
export const enrollmentSql = {
  trimPending: `DELETE FROM enrollments WHERE token_hash IN (${beyondKept("$1", "$2")})`,
  // With a trim ($13 not NULL), one statement: the DELETE sees the table as it was before the
  // INSERT, so it keeps one pending enrollment fewer to leave room for the new one.
  insert: `WITH inserted AS (
      INSERT INTO enrollments (${ENROLLMENT_COLUMNS})
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
    )
    DELETE FROM enrollments WHERE $13::int IS NOT NULL AND token_hash IN (${beyondKept("$2", "greatest($13::int - 1, 0)")})`,
  find: (lock: Lock) => `SELECT * FROM enrollments WHERE token_hash = $1${lock}`,
  update: `UPDATE enrollments SET failed_attempts = coalesce($1, failed_attempts), consumed_at = coalesce($2, consumed_at),
     revoked_at = coalesce($3, revoked_at)
    WHERE token_hash = $4`,
  prune: "DELETE FROM enrollments WHERE expires_at < $1",
};

/**
 * A send's whole ask in one statement: the user's factors (locked), then take_send unless one of
 * them is of a type in $24, then the enrollment with its trim if the send was taken. The factors
 * are read first: the test of them is a one-time filter over take_send, which does not run when it
 * fails, so a send the server will refuse for its factors takes no row. Each part runs once
 * (MATERIALIZED), and the trim, like the insert's own, sees the table as it was before the insert.
 * The factors come back as JSON rows, and the take's columns as NULL when it did not run.
 * take_send's arguments come first, as sendSql.take has them; then the enrollment's values in
 * rows.ts's order (its user, $12, is the factors' too), the number of unused ones to keep, and the
 * factor types that hold the take back.
 */
export const startSendSql = `WITH listed AS MATERIALIZED (
      SELECT * FROM factors WHERE user_id = $12 ORDER BY created_at, factor_id FOR UPDATE
    ),
    taken AS MATERIALIZED (
      SELECT * FROM take_send($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
      WHERE NOT EXISTS (SELECT 1 FROM listed WHERE listed.factor_type = ANY ($24::text[]))
    ),
    inserted AS (
      INSERT INTO enrollments (${ENROLLMENT_COLUMNS})
      SELECT $11::text, $12::text, $13::text, $14::text, $15::text, $16::text, $17::text,
        $18::bigint, $19::bigint, $20::int, $21::bigint, $22::bigint
      FROM taken WHERE taken.taken
    ),
    trimmed AS (
      DELETE FROM enrollments
      WHERE coalesce((SELECT taken.taken FROM taken), false) AND token_hash IN (${beyondKept("$12", "greatest($23::int - 1, 0)")})
    )
  SELECT taken.taken, taken.untils, taken.budget_until, taken.shard, taken.mine,
    (SELECT coalesce(json_agg(listed ORDER BY listed.created_at, listed.factor_id), '[]') FROM listed) AS factors
  FROM (SELECT 1) AS one LEFT JOIN taken ON true`;

/** Bound factors. */
export const factorSql = {
  insert: `INSERT INTO factors (factor_id, user_id, factor_type, profile, secret_cipher, recovery_hash, last_totp_step, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  find: "SELECT * FROM factors WHERE user_id = $1 AND factor_id = $2",
  findByType: (lock: Lock) => `SELECT * FROM factors WHERE user_id = $1 AND factor_type = $2${lock}`,
  list: (lock: Lock) => `SELECT * FROM factors WHERE user_id = $1 ORDER BY created_at, factor_id${lock}`,
  update:
    "UPDATE factors SET last_totp_step = coalesce($1, last_totp_step), recovery_hash = coalesce($2, recovery_hash) WHERE factor_id = $3",
  delete: "DELETE FROM factors WHERE user_id = $1 AND factor_id = $2",
};
