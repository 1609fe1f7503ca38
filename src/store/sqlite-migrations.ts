// Tables of small rows keyed by text are WITHOUT ROWID: the row is stored in its primary key's
// B-tree, so an insert updates one B-tree instead of a rowid table plus a separate unique index.
// Enrollments, whose rows are wide, are a rowid table since migration 5 (see there).
/**
 * The SQLite schema's history, one entry per version, applied in order and never edited once
 * released: PRAGMA user_version records how far a database file has come.
 */
export const sqliteMigrations: readonly string[] = [
  `CREATE TABLE send_limits (
     destination TEXT PRIMARY KEY,
     last_sent_at INTEGER NOT NULL
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE enrollments (
     token_hash TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     factor_type TEXT NOT NULL CHECK (factor_type IN ('OTP', 'SMS', 'EMAIL', 'FACE')),
     profile TEXT NOT NULL,
     code_hash TEXT,
     secret_cipher TEXT,
     recovery_hash TEXT,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     failed_attempts INTEGER NOT NULL DEFAULT 0,
     consumed_at INTEGER,
     revoked_at INTEGER
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX enrollments_expiry ON enrollments (expires_at);
   CREATE TABLE factors (
     factor_id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     factor_type TEXT NOT NULL CHECK (factor_type IN ('OTP', 'SMS', 'EMAIL', 'FACE')),
     profile TEXT NOT NULL,
     secret_cipher TEXT,
     recovery_hash TEXT,
     last_totp_step INTEGER,
     created_at INTEGER NOT NULL,
     UNIQUE (user_id, factor_type)
   ) STRICT;
   CREATE TABLE otp_failures (
     user_id TEXT PRIMARY KEY,
     count INTEGER NOT NULL,
     locked_until INTEGER
   ) STRICT;`,
  // Rate limits beyond one code per destination per minute (per user and channel, and a global
  // budget) count rows in a window; step-ups are a time per user; pending enrollments are capped per user.
  `CREATE TABLE sends (
     key TEXT NOT NULL,
     at INTEGER NOT NULL,
     send_id TEXT NOT NULL,
     PRIMARY KEY (key, at, send_id)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE step_ups (
     user_id TEXT PRIMARY KEY,
     at INTEGER NOT NULL
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX enrollments_user ON enrollments (user_id, created_at);`,
  // The send log goes: a key's recent sends live in one row (a ring of at most 101 times, the
  // largest cap plus one), read and written once per send; the destinations' minute, which
  // send_limits held, is the same kind of ring and moves into it. The channel budgets count per
  // calendar minute in send_budgets (one share here: one writer needs no more). Both are seeded
  // from the log, so no limit is forgotten across the upgrade.
  `CREATE TABLE recent_sends (
     key TEXT PRIMARY KEY,
     times TEXT NOT NULL,
     last_at INTEGER NOT NULL
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX recent_sends_last_at ON recent_sends (last_at);
   CREATE TABLE send_budgets (
     key TEXT NOT NULL,
     shard INTEGER NOT NULL,
     minute INTEGER NOT NULL,
     used INTEGER NOT NULL,
     PRIMARY KEY (key, shard)
   ) STRICT, WITHOUT ROWID;
   INSERT INTO recent_sends (key, times, last_at)
     SELECT key, json_group_array(at ORDER BY at), max(at) FROM (
       SELECT key, at, row_number() OVER (PARTITION BY key ORDER BY at DESC) AS n FROM sends WHERE key NOT LIKE 'all:%'
     ) WHERE n <= 101 GROUP BY key;
   INSERT INTO recent_sends (key, times, last_at) SELECT destination, json_array(last_sent_at), last_sent_at FROM send_limits;
   INSERT INTO send_budgets (key, shard, minute, used)
     SELECT key, 0, at - at % 60000 AS minute, count(*) FROM sends
     WHERE key LIKE 'all:%' AND at - at % 60000 = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) / 60000 * 60000
     GROUP BY key, minute;
   DROP TABLE sends;
   DROP TABLE send_limits;`,
  // A step-up belongs to the session it happened in (the access token's sid, jti or digest), not to
  // the user: session_step_ups replaces step_ups, whose per-user rows could be given to no one
  // session and are not copied (a user mid-change checks a TOTP again). step_ups stays for the
  // instances of the previous version that still run beside this one, and is read by no one else.
  // Lock-outs escalate: consecutive counts wrong codes since the last success (NIST's count; 100
  // lock until an operator unlocks), escalation how many lock-outs in a row the next one follows.
  // They are seeded from what the old row tells: a lock-out time there means one lock-out, so ten
  // failures, since the last success (a success cleared it).
  `CREATE TABLE session_step_ups (
     user_id TEXT NOT NULL,
     session TEXT NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (user_id, session)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX session_step_ups_at ON session_step_ups (at);
   ALTER TABLE otp_failures ADD COLUMN consecutive INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE otp_failures ADD COLUMN escalation INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE otp_failures ADD COLUMN last_failure_at INTEGER;
   UPDATE otp_failures SET
     consecutive = count + CASE WHEN locked_until IS NULL THEN 0 ELSE 10 END,
     escalation = CASE WHEN locked_until IS NULL THEN 0 ELSE 1 END;`,
  // Fewer pages a send. A destination's row says who took its newest send (holder, a digest of the
  // user's id, and held_at, that send's time), where a second ring under "asked:<holder>:<key>"
  // said it in a row of its own. Each asked ring seeds its destination's row when it holds the
  // destination's newest send, then goes. Enrollments move to a rowid table: their rows are a few
  // hundred bytes, too wide to be the key's B-tree (each random insert or trim rewrote a leaf of
  // a dozen rows); now rows append and the key's index holds only the token hash. The trim of a
  // user's unused enrollments reads only unused ones, in its order, from an index of its own (its
  // consumed_at, always NULL there, tells SQLite that the index alone answers the trim).
  `ALTER TABLE recent_sends ADD COLUMN holder TEXT;
   ALTER TABLE recent_sends ADD COLUMN held_at INTEGER;
   UPDATE recent_sends SET holder = asked.holder, held_at = asked.at
     FROM (SELECT substr(key, 7, 32) AS holder, substr(key, 40) AS destination, times ->> '$[#-1]' AS at
           FROM recent_sends WHERE key LIKE 'asked:%') AS asked
     WHERE recent_sends.key = asked.destination AND recent_sends.times ->> '$[#-1]' = asked.at;
   DELETE FROM recent_sends WHERE key LIKE 'asked:%';
   CREATE TABLE enrollments_by_row (
     token_hash TEXT NOT NULL PRIMARY KEY,
     user_id TEXT NOT NULL,
     factor_type TEXT NOT NULL CHECK (factor_type IN ('OTP', 'SMS', 'EMAIL', 'FACE')),
     profile TEXT NOT NULL,
     code_hash TEXT,
     secret_cipher TEXT,
     recovery_hash TEXT,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     failed_attempts INTEGER NOT NULL DEFAULT 0,
     consumed_at INTEGER,
     revoked_at INTEGER
   ) STRICT;
   INSERT INTO enrollments_by_row (token_hash, user_id, factor_type, profile, code_hash, secret_cipher, recovery_hash,
       created_at, expires_at, failed_attempts, consumed_at, revoked_at)
     SELECT token_hash, user_id, factor_type, profile, code_hash, secret_cipher, recovery_hash,
       created_at, expires_at, failed_attempts, consumed_at, revoked_at
     FROM enrollments ORDER BY created_at;
   DROP TABLE enrollments;
   ALTER TABLE enrollments_by_row RENAME TO enrollments;
   CREATE INDEX enrollments_expiry ON enrollments (expires_at);
   CREATE INDEX enrollments_user ON enrollments (user_id, created_at, token_hash, consumed_at) WHERE consumed_at IS NULL;`,
];
