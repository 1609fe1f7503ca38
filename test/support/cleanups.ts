import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach } from "vitest";

/** Undoes one thing a test set up (stops a server, removes a directory); it may return a promise. */
export type Cleanup = () => unknown;

/**
 * Registers the hook that undoes what the tests set up, and returns `defer`, which adds one
 * cleanup. The hook runs after each test, or once after all of the file's or the describe block's
 * with `"all"`, and runs the cleanups last first, each awaited: a server stops before the directory
 * it writes to is removed.
 */
export function useCleanups(after: "each" | "all" = "each"): (cleanup: Cleanup) => void {
  const cleanups: Cleanup[] = [];
  (after === "all" ? afterAll : afterEach)(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return (cleanup) => void cleanups.push(cleanup);
}

/** A fresh directory in the system's temporary directory, named from `prefix`, removed by `defer`'s hook. */
export function tempDir(defer: (cleanup: Cleanup) => void, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
