import pg from "pg";
import { beginningWithFirst, counted, freshOnStale, isStale, types } from "./postgres-connections.ts";
import { postgresOps } from "./postgres-ops.ts";
import { LATEST_VERSION, migratePostgres, postgresSchemaVersion } from "./postgres-schema.ts";
import { requireCurrentSchema } from "./schema-version.ts";
import type { MfaStore, MfaStoreOps } from "./store.ts";

/** Where to connect and how many connections one instance may hold. */
export interface PostgresStoreOptions {
  url: string;
  poolSize?: number;
  /**
   * Called once for each round trip the store's operations and transactions make: each statement, a
   * transaction's BEGIN aside, which travels with the statement after it (for the metrics).
   */
  onQuery?: () => void;
}

// A serialization failure, a deadlock, or a unique key taken by a transaction that committed
// first: running the work again sees the winner's row and answers as the domain wants.
const RETRYABLE = new Set(["40001", "40P01", "23505"]);
const MAX_ATTEMPTS = 5;

/**
 * Transactions on the pool: each holds one connection, its reads lock what they read, and its work
 * runs again after a conflict with another instance (or on another connection, after a stale statement).
 */
function retryingTransactions(pool: pg.Pool, connections: number, onQuery: (() => void) | undefined): MfaStore["transaction"] {
  return async <T>(work: (tx: MfaStoreOps) => Promise<T>): Promise<T> => {
    for (let attempt = 1, stale = 0; ; ) {
      const client = await pool.connect();
      const begun = { sent: false };
      const db = counted(beginningWithFirst(client, begun), onQuery);
      let broken: Error | undefined;
      try {
        const result = await work(postgresOps(db, true));
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
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }

  return {
    transaction: retryingTransactions(pool, connections, options.onQuery),
    committed: () => Promise.resolve(), // every call has committed by the time it resolves
    ready: async () => requireCurrentSchema(await postgresSchemaVersion(pool), LATEST_VERSION),
    poolUsage: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
    ...postgresOps(counted(freshOnStale(pool, connections), options.onQuery), false),
  };
}
