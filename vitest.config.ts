import { defineConfig } from "vitest/config";

// One contract suite, several targets: each project runs test/contract against its own target,
// started by its global setup. `npm run contract` runs it against CONTRACT_BASE_URL alone.
const contractTarget = (name: string, setup: string) => ({
  test: {
    name,
    include: ["test/contract-suite/**/*.test.ts"],
    globalSetup: [setup],
    // One user's factors are shared by every file, so files run one after another on a target.
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});

const remote = process.env.CONTRACT_BASE_URL !== undefined;

export default defineConfig({
  test: {
    projects: remote
      ? [contractTarget("contract", "test/contract-suite/setup-remote.ts")]
      : [
          { test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/contract-suite/**"], testTimeout: 20_000, hookTimeout: 30_000 } },
          contractTarget("contract-mock", "test/contract-suite/setup-mock.ts"),
          contractTarget("contract-server", "test/contract-suite/setup-server.ts"),
        ],
  },
});
