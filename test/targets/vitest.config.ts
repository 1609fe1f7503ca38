import { defineConfig } from "vitest/config";
import { contractTarget, withPostgres } from "../support/contract-project.ts";
import "../support/no-env-file.ts";

// `npm run test:targets`: the contract suite against the targets `npm test` has no time for. The
// reference server on PostgreSQL (the same suite as on SQLite, through the other store), and the
// tenant double with its broken variants: each of those runs starts a reference server and a whole
// suite run in a child process, as a CI user's `genauth-mfa contract` would.
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: "tenants",
          include: ["test/tenant-double/**/*.test.ts"],
          // One suite run at a time: each is a vitest run of its own, with its own workers.
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      ...(withPostgres ? [contractTarget("contract-server-postgres", "test/contract-suite/setup-server-postgres.ts")] : []),
    ],
  },
});
