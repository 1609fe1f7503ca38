import { writeSync } from "node:fs";
import { defineConfig } from "vitest/config";
import { REMOTE_CONCURRENCY, contractSuiteProblem } from "./src/contract/suite-usage.ts";
import "./test/contract-suite/support/no-env-file.ts";
import { ContractReporter } from "./test/contract-suite/report/contract-reporter.ts";
import { contractTarget } from "./test/contract-suite/support/contract-project.ts";

// One contract suite, several targets: each project runs test/contract-suite against its own target,
// started by its global setup (our own targets' setups are in test/contract-targets, with the cases
// that need a checkout). `npm run contract` runs it against CONTRACT_BASE_URL alone.
const remote = process.env.CONTRACT_BASE_URL !== undefined;

// `npm run contract` (vitest run --project contract) without the variables it needs says how to run
// it in one line, rather than failing with a test runner's stack trace.
const contractAsked = /(?:^| )--project[= ]contract(?: |$)/.test(process.argv.slice(2).join(" "));
const problem = contractAsked ? contractSuiteProblem(process.env) : undefined;
if (problem) {
  writeSync(2, `${problem}\n`); // synchronously: stderr may be a pipe, and the process exits next
  process.exit(2);
}

export default defineConfig({
  test: {
    // A remote run ends with what it proved, and writes a JUnit file when CONTRACT_JUNIT names one.
    ...(remote
      ? { reporters: ["default", new ContractReporter(process.env.CONTRACT_BASE_URL!, process.env.CONTRACT_JUNIT || undefined)] }
      : {}),
    // Most tests wait on other processes (the mock, the server, Prism, Chromium), so more workers
    // than this machine's two cores keep them all busy; the default would be one.
    maxWorkers: 3,
    projects: remote
      ? [
          {
            test: {
              ...contractTarget("contract", "test/contract-suite/setup-remote.ts", { oneFileAtATime: true }).test,
              // Cases that share no state run side by side: at most this many requests at once, the
              // race cases aside (they send 100 at once by design).
              maxConcurrency: REMOTE_CONCURRENCY,
            },
          },
        ]
      : [
          {
            test: {
              name: "unit",
              include: ["test/**/*.test.ts"],
              // The packages' tests run in `npm run test:consumer`; the other targets and the slowest
              // end-to-end runs (Arazzo workflows, npm start and signals across its process tree) in
              // `npm run test:targets`, with the attacks that take thousands of sockets or tokens and
              // mock --stateful driven by the official SDK; and, there too, the store-conformance suite on
              // PostgreSQL and the client's type checks, the two slowest files left.
              exclude: [
                "test/contract-suite/**",
                "test/contract-targets/**",
                "test/consumer/**",
                "test/tenant-double/**",
                "test/scripts/client-package.test.ts",
                "test/arazzo/**",
                "test/signals.test.ts",
                "test/start/**",
                "test/server/boot.test.ts",
                "test/server/faults.test.ts",
                "test/server/multi-instance.test.ts",
                "test/store/postgres-store.test.ts",
                "test/client/types.test.ts",
                "test/**/*.attack.test.ts",
                "test/mock/stateful-mode.test.ts",
                "test/cli/main.test.ts",
                "test/docs/docs-build.test.ts",
                "test/mock/dynamic-mode.test.ts",
              ],
              // A throwaway PostgreSQL cluster for the tests on PostgreSQL: the server, its commands, the
              // stores' schema parity.
              globalSetup: ["test/support/postgres-setup.ts"],
              // Many unit tests start real processes, which a machine busy with other work starts slowly:
              // the bounds are generous, and a process that exits early fails its test at once anyway.
              testTimeout: 60_000,
              hookTimeout: 90_000,
            },
          },
          contractTarget("contract-mock", "test/contract-targets/setup-mock.ts", { withCheckoutCases: true }),
          contractTarget("contract-server", "test/contract-targets/setup-server.ts", { withCheckoutCases: true }),
          // The suite against the reference server on PostgreSQL runs in `npm run test:targets`.
          // Parity: the MSW handlers stand in for the mock, in process under msw/node. The cases that
          // leave the process (curl from the README, a browser) cannot reach in-process handlers.
          {
            test: {
              ...contractTarget("contract-msw", "test/contract-targets/setup-msw.ts").test,
              setupFiles: ["test/contract-targets/msw-in-process.ts"],
            },
          },
        ],
  },
});
