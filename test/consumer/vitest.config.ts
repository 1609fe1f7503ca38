import { defineConfig } from "vitest/config";

// `npm run test:consumer`: a test of its own, apart from `npm test`, because it installs both
// packages into a fresh project (a native build of better-sqlite3 included), which takes minutes.
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    // The client package's own shape (its files, types and bundle) is built here too: a package test,
    // and at a minute of tsc and esbuild, too slow for npm test's budget.
    include: ["test/consumer/**/*.test.ts", "test/scripts/client-package.test.ts"],
    globalSetup: ["test/consumer/packed-packages.ts"],
    testTimeout: 300_000,
    // The install builds better-sqlite3 from source: minutes on a busy machine.
    hookTimeout: 1_200_000,
  },
});
