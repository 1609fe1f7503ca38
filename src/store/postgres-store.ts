import pg from "pg";
import { postgresMigrations as migrations } from "./postgres-migrations.ts";
import { toEnrollment, toFactor, toOtpFailures, type EnrollmentRow, type FactorRow, type OtpFailureRow } from "./rows.ts";
import type { MfaStore, MfaStoreOps } from "./store.ts";

/** Where to connect and how many connections one instance may hold. */
export interface PostgresStoreOptions {
  url: string;
  poolSize?: number;
}

// BIGINT (epoch milliseconds) comes back as a string by default; every time here fits a double.
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

// A serialization failure, a deadlock, or a unique key taken by a transaction that committed
// first: running the work again sees the winner's row and answers as the domain wants.
const RETRYABLE = new Set(["40001", "40P01", "23505"]);
const MAX_ATTEMPTS = 5;

type Queryable = Pick<pg.PoolClient, "query">;

/** Brings the schema up to date, one version per transaction, under a lock that other instances wait on. */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // One instance migrates; the others wait here, then find nothing left to do.
    await client.query("SELECT pg_advisory_xact_lock(7236154)");
    await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    const { rows } = await client.query<{ version: number | null }>("SELECT max(version) AS version FROM schema_migrations");
    const current = rows[0]?.version ?? 0;
    if (current > migrations.length) {
      throw new Error(`The database was written by a newer version of this server (schema version ${current}; this version knows up to ${migrations.length}). Upgrade the server or use another database.`);
    }
    for (let version = current + 1; version <= migrations.length; version++) {
      await client.query(migrations[version - 1]!);
      await client.query("INSERT INTO schema_migrations (version) VALUES ($1)", [version]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The store's calls over one connection or the pool; inside a transaction, reads lock what they read. */
function opsOn(db: Queryable, inTransaction: boolean): MfaStoreOps {
  const lock = inTransaction ? " FOR UPDATE" : "";
  const one = async <R extends pg.QueryResultRow>(text: string, values: unknown[]) => (await db.query<R>(text, values)).rows[0];
  const count = async (text: string, values: unknown[]) => (await db.query(text, values)).rowCount ?? 0;
  return {
    // A count over a window has no row to lock until it is written, so the keys themselves are
    // locked: transaction-scoped advisory locks, taken in sorted order so two sends never deadlock.
    holdKeys: async (keys) => {
      if (!inTransaction) return;
      await db.query("SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY k) AS held", [
        [...new Set(keys)].sort(),
      ]);
    },
    lastSentAt: async (destination) => (await one<{ last_sent_at: number }>("SELECT last_sent_at FROM send_limits WHERE destination = $1", [destination]))?.last_sent_at,
    setLastSentAt: async (destination, at) => {
      if (at === undefined) await db.query("DELETE FROM send_limits WHERE destination = $1", [destination]);
      else {
        await db.query(
          "INSERT INTO send_limits (destination, last_sent_at) VALUES ($1, $2) ON CONFLICT (destination) DO UPDATE SET last_sent_at = excluded.last_sent_at",
          [destination, at],
        );
      }
    },

    recordSend: async (send) => {
      await db.query("INSERT INTO sends (key, at, send_id) SELECT DISTINCT k, $2::bigint, $3 FROM unnest($1::text[]) AS k", [[...send.keys], send.at, send.id]);
    },
    recentSends: async (key, since, limit) =>
      (await db.query<{ at: number }>("SELECT at FROM sends WHERE key = $1 AND at >= $2 ORDER BY at DESC LIMIT $3", [key, since, limit])).rows.map((r) => r.at),
    forgetSend: async (send) => {
      await db.query("DELETE FROM sends WHERE key = ANY($1::text[]) AND at = $2 AND send_id = $3", [[...send.keys], send.at, send.id]);
    },
    pruneSends: (before) => count("DELETE FROM sends WHERE at < $1", [before]),

    stepUpAt: async (userId) => (await one<{ at: number }>("SELECT at FROM step_ups WHERE user_id = $1", [userId]))?.at,
    setStepUpAt: async (userId, at) => {
      await db.query("INSERT INTO step_ups (user_id, at) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET at = greatest(step_ups.at, excluded.at)", [userId, at]);
    },

    trimPendingEnrollments: (userId, now, keep) =>
      count(
        `DELETE FROM enrollments WHERE token_hash IN (
           SELECT token_hash FROM enrollments WHERE user_id = $1 AND consumed_at IS NULL AND revoked_at IS NULL AND expires_at > $2
           ORDER BY created_at DESC, token_hash OFFSET $3
         )`,
        [userId, now, keep],
      ),

    insertEnrollment: async (r) => {
      await db.query(
        `INSERT INTO enrollments (token_hash, user_id, factor_type, profile, code_hash, secret_cipher, recovery_hash, created_at, expires_at, failed_attempts, consumed_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [r.tokenHash, r.userId, r.factorType, JSON.stringify(r.profile), r.codeHash ?? null, r.secretCipher ?? null, r.recoveryHash ?? null,
          r.createdAt, r.expiresAt, r.failedAttempts, r.consumedAt ?? null, r.revokedAt ?? null],
      );
    },
    findEnrollment: async (tokenHash) => {
      const row = await one<EnrollmentRow>(`SELECT * FROM enrollments WHERE token_hash = $1${lock}`, [tokenHash]);
      return row && toEnrollment(row);
    },
    updateEnrollment: async (tokenHash, change) => {
      await db.query(
        `UPDATE enrollments SET failed_attempts = coalesce($2, failed_attempts), consumed_at = coalesce($3, consumed_at), revoked_at = coalesce($4, revoked_at)
         WHERE token_hash = $1`,
        [tokenHash, change.failedAttempts ?? null, change.consumedAt ?? null, change.revokedAt ?? null],
      );
    },
    pruneEnrollments: (before) => count("DELETE FROM enrollments WHERE expires_at < $1", [before]),
    pruneSendLimits: (before) => count("DELETE FROM send_limits WHERE last_sent_at < $1", [before]),

    insertFactor: async (r) => {
      await db.query(
        `INSERT INTO factors (factor_id, user_id, factor_type, profile, secret_cipher, recovery_hash, last_totp_step, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [r.factorId, r.userId, r.factorType, JSON.stringify(r.profile), r.secretCipher ?? null, r.recoveryHash ?? null, r.lastTotpStep ?? null, r.createdAt],
      );
    },
    findFactor: async (userId, factorId) => {
      const row = await one<FactorRow>("SELECT * FROM factors WHERE user_id = $1 AND factor_id = $2", [userId, factorId]);
      return row && toFactor(row);
    },
    findFactorByType: async (userId, factorType) => {
      const row = await one<FactorRow>(`SELECT * FROM factors WHERE user_id = $1 AND factor_type = $2${lock}`, [userId, factorType]);
      return row && toFactor(row);
    },
    listFactors: async (userId) => (await db.query<FactorRow>("SELECT * FROM factors WHERE user_id = $1 ORDER BY created_at, factor_id", [userId])).rows.map(toFactor),
    updateFactor: async (factorId, change) => {
      await db.query(
        "UPDATE factors SET last_totp_step = coalesce($2, last_totp_step), recovery_hash = coalesce($3, recovery_hash) WHERE factor_id = $1",
        [factorId, change.lastTotpStep ?? null, change.recoveryHash ?? null],
      );
    },
    deleteFactor: async (userId, factorId) => (await count("DELETE FROM factors WHERE user_id = $1 AND factor_id = $2", [userId, factorId])) === 1,

    otpFailures: async (userId) => {
      const row = await one<OtpFailureRow>(`SELECT * FROM otp_failures WHERE user_id = $1${lock}`, [userId]);
      return row && toOtpFailures(row);
    },
    setOtpFailures: async (r) => {
      await db.query(
        "INSERT INTO otp_failures (user_id, count, locked_until) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO UPDATE SET count = excluded.count, locked_until = excluded.locked_until",
        [r.userId, r.count, r.lockedUntil ?? null],
      );
    },
  };
}

/**
 * Opens (migrating if needed) an MFA store in PostgreSQL, for any number of instances sharing one
 * database. Each call outside a transaction commits on its own; a transaction holds one pooled
 * connection, locks the rows it reads, and runs again if it lost a race to another instance.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<MfaStore> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, types, connectionTimeoutMillis: 10_000 });
  // An idle connection that the server drops must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }

  const transaction = async <T>(work: (tx: MfaStoreOps) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await work(opsOn(client, true));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackFailed: Error) => (broken = rollbackFailed));
        const code = (error as { code?: string }).code;
        if (code !== undefined && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) continue;
        throw error;
      } finally {
        client.release(broken);
      }
    }
  };

  return {
    ...opsOn(pool, false),
    transaction,
    committed: () => Promise.resolve(), // every call has committed by the time it resolves
    ready: async () => {
      const { rows } = await pool.query<{ version: number | null }>("SELECT max(version) AS version FROM schema_migrations");
      if ((rows[0]?.version ?? 0) !== migrations.length) throw new Error(`the schema is at version ${rows[0]?.version}, not ${migrations.length}`);
    },
    poolUsage: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}
