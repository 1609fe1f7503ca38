import type { Writable } from "node:stream";
import pg from "pg";

// How the PostgreSQL store's statements travel: named and prepared once per connection, counted for
// the metrics, a transaction's BEGIN sent with its first statement, and a stale prepared statement
// sent again on a fresh connection.

const INT8 = 20;
/** The pool's type parsers: BIGINT (epoch milliseconds) comes back as a string by default, and every time here fits a double. */
export const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * A statement prepared on a connection whose result columns a migration has since changed (an
 * instance still running while a newer one migrates): PostgreSQL refuses to run it again there
 * ("cached plan must not change result type", told by its code and the routine that raised it).
 */
export const isStale = (error: unknown): boolean => {
  const { code, routine } = error as { code?: string; routine?: string };
  return code === "0A000" && routine === "RevalidateCachedQuery";
};

/** A connection or the pool: what the store's calls send their statements through. */
export type Queryable = Pick<pg.PoolClient, "query">;

const names = new Map<string, string>();
/**
 * Every statement is sent under a name, so that each connection parses and plans it once and then
 * only binds and runs it: for the short statements of a send, PostgreSQL's parsing and planning
 * cost more than running them. One name per text, the same on every connection.
 */
export const statement = (text: string, values: unknown[]): pg.QueryConfig => {
  let name = names.get(text);
  if (name === undefined) {
    name = `mfa_${names.size + 1}`;
    names.set(text, name);
  }
  return { name, text, values };
};

/** The same connection or pool, calling `onQuery` before each round trip it makes (each statement, BEGIN aside). */
export function counted<Q extends Queryable>(db: Q, onQuery: (() => void) | undefined): Queryable {
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
export function beginningWithFirst(client: pg.PoolClient, begun: { sent: boolean }): Queryable {
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
export function freshOnStale(pool: pg.Pool, connections: number): Queryable {
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
