/**
 * The PostgreSQL schema's history, one entry per version, applied in order and never edited once
 * released: the schema_migrations table records how far a database has come. Times are epoch
 * milliseconds in BIGINT, and profiles JSON text, exactly as in SQLite, so both stores return the
 * same records.
 */
export const postgresMigrations: readonly string[] = [
  `CREATE TABLE send_limits (
     destination TEXT PRIMARY KEY,
     last_sent_at BIGINT NOT NULL
   );
   CREATE INDEX send_limits_last_sent ON send_limits (last_sent_at);
   CREATE TABLE enrollments (
     token_hash TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     factor_type TEXT NOT NULL CHECK (factor_type IN ('OTP', 'SMS', 'EMAIL', 'FACE')),
     profile TEXT NOT NULL,
     code_hash TEXT,
     secret_cipher TEXT,
     recovery_hash TEXT,
     created_at BIGINT NOT NULL,
     expires_at BIGINT NOT NULL,
     failed_attempts INTEGER NOT NULL DEFAULT 0,
     consumed_at BIGINT,
     revoked_at BIGINT
   );
   CREATE INDEX enrollments_expiry ON enrollments (expires_at);
   CREATE TABLE factors (
     factor_id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     factor_type TEXT NOT NULL CHECK (factor_type IN ('OTP', 'SMS', 'EMAIL', 'FACE')),
     profile TEXT NOT NULL,
     secret_cipher TEXT,
     recovery_hash TEXT,
     last_totp_step BIGINT,
     created_at BIGINT NOT NULL,
     UNIQUE (user_id, factor_type)
   );
   CREATE TABLE otp_failures (
     user_id TEXT PRIMARY KEY,
     count INTEGER NOT NULL,
     locked_until BIGINT
   );`,
  // Rate limits beyond one code per destination per minute (per user and channel, and a global
  // budget) count rows in a window; step-ups are a time per user; pending enrollments are capped per user.
  `CREATE TABLE sends (
     key TEXT NOT NULL,
     at BIGINT NOT NULL,
     send_id TEXT NOT NULL,
     PRIMARY KEY (key, at, send_id)
   );
   CREATE INDEX sends_at ON sends (at);
   CREATE TABLE step_ups (
     user_id TEXT PRIMARY KEY,
     at BIGINT NOT NULL
   );
   CREATE INDEX enrollments_user ON enrollments (user_id, created_at);`,
];
