import { defineConfig } from "vitest/config";
import "../support/no-env-file.ts";

// `npm run test:tenants`: the tenant double, and the contract suite run against it and against its
// broken variants. Each run starts a reference server and a whole suite run in a child process,
// which is too slow for `npm test`'s budget.
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/tenant-double/**/*.test.ts"],
    // One suite run at a time: each is a vitest run of its own, with its own workers.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
