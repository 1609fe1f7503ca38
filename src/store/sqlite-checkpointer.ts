import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * How often the checkpointer copies what the WAL holds into the database file: often enough that the
 * writer's own checkpoint finds nearly everything copied, seldom enough that a page written again and
 * again (a user's pending enrollments, the send budget, an index's newest page) is copied twice a
 * second rather than after every commit, with the disk syncs each pass makes. Under `npm run load`
 * the p99 fell from about 90 ms to about 60 ms, the throughput within its run-to-run noise; every
 * 250 ms cost a third more CPU per send in the bench's scenario B, every second gave back some p99.
 */
export const CHECKPOINT_INTERVAL_MS = 500;

// The worker's whole program, CommonJS so that it runs as it is from a bundle or from source. It has
// its own connection, and a PASSIVE checkpoint never waits for a lock: it copies what no reader
// still needs, and the writer carries on meanwhile.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // A checkpoint that fails leaves the WAL as it was: the writer's own checkpoint still bounds it.
  }
}, workerData.intervalMs);
parentPort.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** A running checkpointer; `stop` closes its connection and waits for its thread to end. */
export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Copies the WAL of a SQLite file into the file from a thread of its own. A checkpoint on the
 * writer's connection runs inside a commit, on the event loop, and waits there for its disk syncs:
 * under sustained sends that was a quarter of a send's time in the store, and every request in flight
 * waited with it. Here the writer's own checkpoint (sqlite-database.ts) is only the backstop
 * that resets the WAL: by the time it runs, the frames are already copied and it has little to do.
 * The thread is unreferenced, so it never keeps a process alive; if it fails, the backstop does the
 * work as before.
 */
export function startCheckpointer(path: string, intervalMs = CHECKPOINT_INTERVAL_MS): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs } });
  worker.unref();
  let alive = true;
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      alive = false;
      resolve();
    }),
  );
  // An error ends the thread; it is not the writer's concern, and an unheard 'error' would crash the process.
  worker.on("error", () => undefined);
  return {
    stop: async () => {
      // Referenced again while it stops: otherwise a process with nothing else to do would exit
      // before the thread's exit could settle this promise (Node's "unsettled top-level await").
      worker.ref();
      if (alive) worker.postMessage("stop");
      await exited;
    },
  };
}
