import { defineConfig } from "vitest/config";

// `npm run test:consumer`: a test of its own, apart from `npm test`, because it installs both
// packages into a fresh project (a native build of better-sqlite3 included), which takes minutes.
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/consumer/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
