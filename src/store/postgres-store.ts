import type { Writable } from "node:stream";
import pg from "pg";
import { postgresMigrations as migrations } from "./postgres-migrations.ts";
import {
  enrollmentChangeValues, enrollmentValues, factorChangeValues, factorValues, otpFailureValues, toEnrollment, toFactor, toOtpFailures, toOtpGuard,
  type EnrollmentRow, type FactorRow, type OtpFailureRow, type OtpGuardRow,
} from "./rows.ts";
import { randomInt } from "node:crypto";
import { refuseNewerSchema, requireCurrentSchema } from "./schema-version.ts";
import { minuteOf, ringSize } from "./send-rings.ts";
import type { MfaStore, MfaStoreOps } from "./store.ts";

/** Shares of each channel's budget, as take_send creates them. */
const BUDGET_SHARDS = 16;

/** Where to connect and how many connections one instance may hold. */
export interface PostgresStoreOptions {
  url: string;
  poolSize?: number;
  /** Called once for each round trip the store's operations and transactions make: each statement, a transaction's BEGIN aside, which travels with the statement after it (for the metrics). */
  onQuery?: () => void;
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

/**
 * A statement prepared on a connection whose result columns a migration has since changed (an
 * instance still running while a newer one migrates): PostgreSQL refuses to run it again there
 * ("cached plan must not change result type", told by its code and the routine that raised it).
 */
const isStale = (error: unknown): boolean => {
  const { code, routine } = error as { code?: string; routine?: string };
  return code === "0A000" && routine === "RevalidateCachedQuery";
};

type Queryable = Pick<pg.PoolClient, "query">;

/**
 * Every statement is sent under a name, so that each connection parses and plans it once and then
 * only binds and runs it: for the short statements of a send, PostgreSQL's parsing and planning
 * cost more than running them. One name per text, the same on every connection.
 */
const names = new Map<string, string>();
const statement = (text: string, values: unknown[]): pg.QueryConfig => {
  let name = names.get(text);
  if (name === undefined) names.set(text, (name = `mfa_${names.size + 1}`));
  return { name, text, values };
};

/** The same connection or pool, calling `onQuery` before each round trip it makes (each statement, BEGIN aside). */
function counted<Q extends Queryable>(db: Q, onQuery: (() => void) | undefined): Queryable {
  if (!onQuery) return db;
  return {
    query: ((...args: Parameters<Q["query"]>) => {
      onQuery();
      return (db.query as (...a: unknown[]) => unknown)(...args);
    }) as Queryable["query"],
  };
}

/**
 * A transaction's connection that sends BEGIN with the first statement, in the same write: the
 * two are one round trip instead of two (the pool's connections are pipelined, so the statement
 * does not wait for BEGIN's answer), and each write to the database is a system call, which on a
 * busy host costs the server more than anything else a send does. PostgreSQL runs them in order,
 * and a failed BEGIN fails the statement's promise too. A transaction that sends nothing sends no
 * BEGIN, and so needs no COMMIT.
 */
function beginningWithFirst(client: pg.PoolClient, begun: { sent: boolean }): Queryable {
  // Corking the socket (node-pg's own, undocumented but long-standing) keeps both in one write.
  const stream = (client as unknown as { connection?: { stream?: Writable } }).connection?.stream;
  return {
    query: ((config: pg.QueryConfig) => {
      if (begun.sent) return client.query(config);
      begun.sent = true;
      stream?.cork();
      try {
        return Promise.all([client.query("BEGIN"), client.query(config)]).then(([, result]) => result);
      } finally {
        stream?.uncork();
      }
    }) as Queryable["query"],
  };
}

/**
 * The pool, running a statement again when its connection held a stale prepared one: the pool
 * drops a connection whose statement failed, so the next attempt prepares it afresh elsewhere.
 */
function freshOnStale(pool: pg.Pool, connections: number): Queryable {
  return {
    query: (async (config: pg.QueryConfig) => {
      // Every connection may hold the stale statement once; one more attempt finds a fresh one.
      for (let stale = 0; ; stale++) {
        try {
          return await pool.query(config);
        } catch (error) {
          if (!isStale(error) || stale >= connections) throw error;
        }
      }
    }) as Queryable["query"],
  };
}

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
    refuseNewerSchema(current, migrations.length, { kind: "database" });
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

/**
 * The user's pending enrollments beyond the `keep` newest, locked, as a subquery: a trim deletes
 * them. Two sends by one user trim at once, and a DELETE takes its rows in whatever order its plan
 * reads them, so two trims that overlap could each hold a row the other waits for (a deadlock,
 * which fails a send whose code is already out). Locking them first with SKIP LOCKED never waits:
 * a row another trim holds is that trim's to delete, and one a code check holds is left to the
 * next trim. Only rows beyond the newest are locked, so none of the ones kept is ever skipped over
 * and the newest `keep` always stay. Ties of one millisecond go as in SQLite (sqlite-store.ts).
 */
const beyondKept = (userId: string, keep: string) =>
  `SELECT token_hash FROM enrollments WHERE token_hash IN (
     SELECT token_hash FROM enrollments WHERE user_id = ${userId} AND consumed_at IS NULL
     ORDER BY created_at DESC, token_hash DESC OFFSET ${keep}
   ) FOR UPDATE SKIP LOCKED`;

/** The store's calls over one connection or the pool; inside a transaction, reads lock what they read. */
function opsOn(db: Queryable, inTransaction: boolean): MfaStoreOps {
  const lock = inTransaction ? " FOR UPDATE" : "";
  const run = <R extends pg.QueryResultRow>(text: string, values: unknown[]) => db.query<R>(statement(text, values));
  const one = async <R extends pg.QueryResultRow>(text: string, values: unknown[]) => (await run<R>(text, values)).rows[0];
  const count = async (text: string, values: unknown[]) => (await run(text, values)).rowCount ?? 0;
  return {
    // The whole check-and-take is one call of take_send (postgres-migrations.ts): one round trip.
    takeSend: async (at, rings, budget) => {
      const windows = rings.flatMap((r, i) => r.windows.map((w) => ({ ring: i + 1, ...w })));
      const row = (await run<{ taken: boolean; untils: Array<number | null>; budget_until: number | null; shard: number | null }>(
        "SELECT taken, untils, budget_until, shard FROM take_send($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        [at, rings.map((r) => r.key), rings.map((r) => ringSize(r.windows)), windows.map((w) => w.ring), windows.map((w) => w.cap), windows.map((w) => w.windowMs),
          budget.key, budget.cap, randomInt(BUDGET_SHARDS)],
      )).rows[0]!;
      if (row.taken) return { taken: true, shard: row.shard! };
      const untils = row.untils.map((u) => (u === null ? undefined : Number(u)));
      let next = 0;
      return { taken: false, rings: rings.map((r) => r.windows.map(() => untils[next++])), budget: row.budget_until ?? undefined };
    },
    giveBackSend: async (send) => {
      await run(
        `WITH rings AS (
           UPDATE recent_sends SET times = times[:array_position(times, $2::bigint) - 1] || times[array_position(times, $2::bigint) + 1:]
           WHERE key = ANY($1::text[]) AND $2::bigint = ANY(times)
         )
         UPDATE send_budgets SET used = used - 1 WHERE key = $3 AND shard = $4 AND minute = $5 AND used > 0`,
        [[...new Set(send.ringKeys)], send.at, send.budgetKey, send.shard, minuteOf(send.at)],
      );
    },
    recentSends: async (key) => (await one<{ times: number[] }>("SELECT times FROM recent_sends WHERE key = $1", [key]))?.times.map(Number) ?? [],
    pruneRecentSends: async (before) =>
      (await count("DELETE FROM recent_sends WHERE last_at < $1", [before])) + (await count("UPDATE send_budgets SET used = 0, minute = 0 WHERE minute < $1 AND minute > 0", [minuteOf(before)])),

    // One round trip for both: a row always comes back, its failure columns NULL when the user has
    // none. The failures are locked inside the lateral subquery, since FOR UPDATE cannot reach the
    // nullable side of an outer join.
    otpGuard: async (userId, session) =>
      toOtpGuard((await one<OtpGuardRow>(
        `SELECT f.*, (SELECT at FROM session_step_ups WHERE user_id = $1 AND session = $2) AS step_up_at
         FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT * FROM otp_failures WHERE user_id = $1${lock}) AS f ON true`,
        [userId, session],
      ))!),
    setStepUpAt: async (userId, session, at) => {
      await run(
        `INSERT INTO session_step_ups (user_id, session, at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, session) DO UPDATE SET at = greatest(session_step_ups.at, excluded.at)`,
        [userId, session, at],
      );
    },
    pruneStepUps: (before) => count("DELETE FROM session_step_ups WHERE at < $1", [before]),

    trimPendingEnrollments: (userId, keep) => count(`DELETE FROM enrollments WHERE token_hash IN (${beyondKept("$1", "$2")})`, [userId, keep]),

    // With a trim, one statement: the DELETE sees the table as it was before the INSERT, so it
    // keeps one pending enrollment fewer to leave room for the new one.
    insertEnrollment: async (r, keepPending) => {
      await run(
        `WITH inserted AS (
           INSERT INTO enrollments (token_hash, user_id, factor_type, profile, code_hash, secret_cipher, recovery_hash, created_at, expires_at, failed_attempts, consumed_at, revoked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         )
         DELETE FROM enrollments WHERE $13::int IS NOT NULL AND token_hash IN (${beyondKept("$2", "greatest($13::int - 1, 0)")})`,
        [...enrollmentValues(r), keepPending ?? null],
      );
    },
    findEnrollment: async (tokenHash) => {
      const row = await one<EnrollmentRow>(`SELECT * FROM enrollments WHERE token_hash = $1${lock}`, [tokenHash]);
      return row && toEnrollment(row);
    },
    updateEnrollment: async (tokenHash, change) => {
      await run(
        `UPDATE enrollments SET failed_attempts = coalesce($1, failed_attempts), consumed_at = coalesce($2, consumed_at), revoked_at = coalesce($3, revoked_at)
         WHERE token_hash = $4`,
        [...enrollmentChangeValues(change), tokenHash],
      );
    },
    pruneEnrollments: (before) => count("DELETE FROM enrollments WHERE expires_at < $1", [before]),

    insertFactor: async (r) => {
      await run(
        `INSERT INTO factors (factor_id, user_id, factor_type, profile, secret_cipher, recovery_hash, last_totp_step, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        factorValues(r),
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
    listFactors: async (userId) => (await run<FactorRow>(`SELECT * FROM factors WHERE user_id = $1 ORDER BY created_at, factor_id${lock}`, [userId])).rows.map(toFactor),
    updateFactor: async (factorId, change) => {
      await run(
        "UPDATE factors SET last_totp_step = coalesce($1, last_totp_step), recovery_hash = coalesce($2, recovery_hash) WHERE factor_id = $3",
        [...factorChangeValues(change), factorId],
      );
    },
    deleteFactor: async (userId, factorId) => (await count("DELETE FROM factors WHERE user_id = $1 AND factor_id = $2", [userId, factorId])) === 1,

    otpFailures: async (userId) => {
      const row = await one<OtpFailureRow>(`SELECT * FROM otp_failures WHERE user_id = $1${lock}`, [userId]);
      return row && toOtpFailures(row);
    },
    setOtpFailures: async (r) => {
      await run(
        `INSERT INTO otp_failures (user_id, count, consecutive, escalation, last_failure_at, locked_until) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_id) DO UPDATE SET count = excluded.count, consecutive = excluded.consecutive, escalation = excluded.escalation,
           last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
        otpFailureValues(r),
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
  const connections = options.poolSize ?? 10;
  // Pipelined: a statement goes out without waiting for the one before it to be answered, which
  // lets a transaction's BEGIN travel with its first statement (every other call awaits its answer).
  const pool = new pg.Pool({ connectionString: options.url, max: connections, types, connectionTimeoutMillis: 10_000, pipeline: true });
  // An idle connection that the server drops must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }

  const transaction = async <T>(work: (tx: MfaStoreOps) => Promise<T>): Promise<T> => {
    for (let attempt = 1, stale = 0; ; ) {
      const client = await pool.connect();
      const begun = { sent: false };
      const db = counted(beginningWithFirst(client, begun), options.onQuery);
      let broken: Error | undefined;
      try {
        const result = await work(opsOn(db, true));
        if (begun.sent) await db.query("COMMIT");
        return result;
      } catch (error) {
        if (begun.sent) await db.query("ROLLBACK").catch((rollbackFailed: Error) => (broken = rollbackFailed));
        const code = (error as { code?: string }).code;
        // A stale statement stays stale on its connection: the connection goes, and the work runs on another.
        if (isStale(error) && stale++ < connections) {
          broken = error as Error;
          continue;
        }
        if (code !== undefined && RETRYABLE.has(code) && attempt++ < MAX_ATTEMPTS) continue;
        throw error;
      } finally {
        client.release(broken);
      }
    }
  };

  return {
    ...opsOn(counted(freshOnStale(pool, connections), options.onQuery), false),
    transaction,
    committed: () => Promise.resolve(), // every call has committed by the time it resolves
    ready: async () => {
      const { rows } = await pool.query<{ version: number | null }>("SELECT max(version) AS version FROM schema_migrations");
      requireCurrentSchema(rows[0]?.version ?? 0, migrations.length);
    },
    poolUsage: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}
