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

// `npm run test:targets`: the targets and end-to-end runs `npm test` has no time for. The domain's
// tests on a browser's ports and store (npm test runs them on the server's). The contract suite
// against the stateful mock, in process (MSW) and over HTTP (mock --stateful). The contract
// suite on PostgreSQL (the same suite as on SQLite, through the other store); the tenant double with
// its broken variants, each run a reference server and a whole suite run in a child process, as a CI
// user's `genauth-mfa contract` would; the Arazzo workflows; npm start, and signals across its tree;
// the attacks on the server that take thousands of sockets or tokens; and the two slowest unit files,
// the store-conformance suite on PostgreSQL and the client's type checks.
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    maxWorkers: 3,
    projects: [
      {
        // The domain's tests again, on what the stateful mock runs on in a browser: WebCrypto,
        // CompressionStream and the in-memory store instead of node:crypto, zlib and SQLite.
        test: {
          name: "domain-web",
          include: ["test/domain/**/*.test.ts"],
          provide: { portSet: "web" },
          testTimeout: 60_000,
        },
      },
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
      ...(withPostgres
        ? [contractTarget("contract-server-postgres", "test/contract-targets/setup-server-postgres.ts", { withCheckoutCases: true })]
        : []),
      // The stateful mock, twice: the MSW handlers in process, and `mock --stateful` over HTTP. The
      // suite's stateful cases run against both as against the reference server. The checkout's
      // cases (curl from the docs, a browser) cannot reach in-process handlers; over HTTP they run,
      // docs/mock.md's stateful walkthrough among them.
      {
        test: {
          ...contractTarget("contract-msw-stateful", "test/contract-targets/setup-msw-stateful.ts").test,
          setupFiles: ["test/contract-targets/msw-in-process.ts"],
        },
      },
      contractTarget("contract-mock-stateful", "test/contract-targets/setup-mock-stateful.ts", { withCheckoutCases: true }),
      {
        // The slowest end-to-end runs: the Arazzo workflows against a real server, npm start,
        // signals sent to every process of its tree, the server's boot in each configuration, and the
        // faults it survives (a database gone, a gateway hanging, connections held), two instances
        // sharing one PostgreSQL's limits and budget. Each starts whole
        // processes of its own, a minute of npm test's three on this machine. And `mock --stateful`
        // driven by the official SDK. The CLI's commands, the HTML docs' build and the mock's dynamic
        // mode, each run as whole processes: together a minute of npm test's three.
        test: {
          name: "end-to-end",
          include: [
            "test/arazzo/**/*.test.ts",
            "test/start/**/*.test.ts",
            "test/signals.test.ts",
            "test/server/boot.test.ts",
            "test/server/faults.test.ts",
            "test/server/multi-instance.test.ts",
            "test/mock/stateful-mode.test.ts",
            "test/cli/main.test.ts",
            "test/docs/docs-build.test.ts",
            "test/mock/dynamic-mode.test.ts",
          ],
          // A throwaway PostgreSQL cluster for the two instances that share one.
          globalSetup: ["test/support/postgres-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      {
        // The two slowest unit files, which npm test has no time for: the store-conformance suite on
        // PostgreSQL (npm test runs it on SQLite) and the client's type checks, which compile the
        // project twice.
        test: {
          name: "slow-units",
          include: ["test/store/postgres-store.test.ts", "test/client/types.test.ts"],
          globalSetup: ["test/support/postgres-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      {
        // Attacks on the real server process that take thousands of sockets or tokens: each checks
        // that legitimate requests keep succeeding and the process stays within its bounds.
        test: {
          name: "attacks",
          include: ["test/**/*.attack.test.ts"],
          // One at a time: each presses a server as hard as this machine allows.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
