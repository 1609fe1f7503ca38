import { startCheckpointer } from "./sqlite-checkpointer.ts";
import { groupCommit, type GroupCommit } from "./group-commit.ts";
import { queuedWrites } from "./queued-writes.ts";
import { requireCurrentSchema } from "./schema-version.ts";
import { serial, type Serial } from "./serial.ts";
import { LATEST_VERSION, openSqliteDatabase, schemaVersion, type Durability } from "./sqlite-database.ts";
import { sqliteOps } from "./sqlite-ops.ts";
import { sqliteStatements, type SqliteStatements } from "./sqlite-statements.ts";
import type { MfaStore, MfaStoreOps } from "./store.ts";

export type { Durability };

/**
 * Transactions over the shared commit. A transaction's work is asynchronous, so another request
 * could run between its steps: the queue runs transactions, and writes outside them, one at a time.
 * Each is a savepoint (sqlite-statements.ts), and the batch is held open until it ends, so that no
 * commit takes half of it.
 */
function savepointTransactions(queue: Serial, batch: GroupCommit, st: SqliteStatements["savepoints"], ops: MfaStoreOps) {
  let running = false;
  const transaction = <T>(work: (tx: MfaStoreOps) => Promise<T>): Promise<T> =>
    queue(async () => {
      const release = batch.hold();
      running = true;
      batch.write(() => st.savepoint.run());
      try {
        const result = await work(ops);
        st.release.run();
        return result;
      } catch (error) {
        st.rollbackTo.run();
        st.release.run();
        throw error;
      } finally {
        running = false;
        release();
      }
    });
  return { transaction, running: () => running };
}

/** Opens (creating and migrating if needed) an MFA store in a SQLite file, or in memory for ":memory:". */
export function openSqliteStore(path: string, durability: Durability = "NORMAL"): MfaStore {
  const db = openSqliteDatabase(path, durability);
  const st = sqliteStatements(db);
  // Writes join the open batch (BEGIN IMMEDIATE takes the write lock up front, so read-check-write
  // sequences are serialised across processes too).
  const batch = groupCommit(db);
  // The calls themselves, for use inside a transaction (where the queue is already held).
  const ops = sqliteOps(st, batch.write);
  const queue = serial();
  const { transaction, running } = savepointTransactions(queue, batch, st.savepoints, ops);
  const checkpointer = path === ":memory:" ? undefined : startCheckpointer(path);

  return {
    transaction,
    committed: batch.committed,
    ready: async () => requireCurrentSchema(schemaVersion(db), LATEST_VERSION),
    poolUsage: () => ({ total: 1, idle: running() ? 0 : 1, waiting: 0 }),
    close: async () => {
      await queue(() => undefined);
      // Its connection goes first, so that the writer's is the last and its close folds the WAL into the file.
      await checkpointer?.stop();
      batch.flush();
      db.close();
    },
    ...queuedWrites(ops, queue),
  };
}
