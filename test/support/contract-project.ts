import { postgresBinDir } from "./postgres-cluster.ts";

/**
 * A vitest project that runs the contract suite (test/contract-suite) against one target, started
 * by its global setup. `npm test`, `npm run test:targets` and `npm run contract` each build theirs.
 */
export const contractTarget = (name: string, setup: string, oneFileAtATime = false) => ({
  test: {
    name,
    include: ["test/contract-suite/**/*.test.ts"],
    globalSetup: [setup],
    // A real deployment has one test user, whose factors every file touches: one file at a time.
    // The reference server mints a user per file, and the mock keeps no state, so theirs run together.
    fileParallelism: !oneFileAtATime,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});

/**
 * Whether to run the target on PostgreSQL: always under CI=true (where a missing PostgreSQL fails
 * the run), else only where it is installed. Without it the unit project's setup says how to get it,
 * so the target is left out here rather than failed twice.
 */
export const withPostgres = process.env.CI === "true" || postgresBinDir() !== undefined;
