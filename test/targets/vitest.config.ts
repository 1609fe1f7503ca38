import { defineConfig } from "vitest/config";
import { contractTarget } from "../contract-suite/support/contract-project.ts";
import "../contract-suite/support/no-env-file.ts";
import { postgresBinDir } from "../support/postgres-cluster.ts";

/**
 * Whether to run the target on PostgreSQL: always under CI=true (where a missing PostgreSQL fails
 * the run), else only where it is installed. Without it the unit project's setup says how to get it,
 * so the target is left out here rather than failed twice.
 */
const withPostgres = process.env.CI === "true" || postgresBinDir() !== undefined;

// `npm run test:targets`: the targets and end-to-end runs `npm test` has no time for. The contract
// suite on PostgreSQL (the same suite as on SQLite, through the other store); the tenant double with
// its broken variants, each run a reference server and a whole suite run in a child process, as a CI
// user's `genauth-mfa contract` would; the Arazzo workflows; npm start, and signals across its tree.
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
      ...(withPostgres ? [contractTarget("contract-server-postgres", "test/contract-targets/setup-server-postgres.ts", { withCheckoutCases: true })] : []),
      {
        // The slowest end-to-end runs: the Arazzo workflows against a real server, npm start, and
        // signals sent to every process of its tree. Each starts whole process trees of its own.
        test: {
          name: "end-to-end",
          include: ["test/arazzo/**/*.test.ts", "test/start/**/*.test.ts", "test/signals.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
