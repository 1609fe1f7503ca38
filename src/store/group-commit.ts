import type Database from "better-sqlite3";

/** Runs writes inside shared transactions, and tells when they are committed. */
export interface GroupCommit {
  /** Runs `work` inside the open batch, opening one (BEGIN IMMEDIATE) if none is. */
  write<T>(work: () => T): T;
  /** Resolves when everything written so far is committed; rejects if that commit failed. */
  committed(): Promise<void>;
  /** Commits the open batch now. */
  flush(): void;
  /** Keeps the batch open until the returned function is called (a savepoint must not be committed half-way). */
  hold(): () => void;
}

/**
 * Group commit: every write made during one turn of the event loop shares one transaction, which
 * commits on the next turn. A commit costs the same for one row as for a hundred, so under load
 * this divides the commits by the number of requests in flight. Answers wait for `committed()`,
 * so nothing is acknowledged before it is on disk, and a crash loses only unacknowledged work.
 * Each request's own read-check-write still runs in a savepoint, atomic and isolated, because a
 * request's synchronous section runs to completion before another request's starts.
 */
export function groupCommit(db: Database.Database): GroupCommit {
  let waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  const begin = db.prepare("BEGIN IMMEDIATE");
  const commit = db.prepare("COMMIT");
  const rollback = db.prepare("ROLLBACK");
  let scheduled = false;
  let holds = 0;

  function flush(): void {
    scheduled = false;
    if (holds > 0) return; // the last release schedules it again
    const settled = waiting;
    waiting = [];
    try {
      if (db.inTransaction) commit.run();
    } catch (error) {
      if (db.inTransaction) rollback.run();
      for (const w of settled) w.reject(error);
      return;
    }
    for (const w of settled) w.resolve();
  }

  return {
    write(work) {
      if (!db.inTransaction) begin.run();
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      return work();
    },
    committed() {
      if (!db.inTransaction && !scheduled) return Promise.resolve();
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    flush,
    hold() {
      holds++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        if (holds === 0 && !scheduled && (db.inTransaction || waiting.length > 0)) {
          scheduled = true;
          setImmediate(flush);
        }
      };
    },
  };
}
