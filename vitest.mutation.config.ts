import { defineConfig } from "vitest/config";
import "./test/contract-suite/support/no-env-file.ts";

// The tests `npm run mutation` runs against each mutant of src/domain and src/contract: those that
// load that code in their own process. Tests that start the product as a child process (the contract
// suite's targets, boot, faults, npm start) would run the unmutated code, so they are left out.
export default defineConfig({
  test: {
    include: [
      "test/domain/**/*.test.ts",
      "test/contract/**/*.test.ts",
      "test/http/**/*.test.ts",
      "test/client/**/*.test.ts",
      "test/config/**/*.test.ts",
      "test/mock/fidelity-handler.test.ts",
      // compose.test.ts is left out: it runs real SMTP exchanges and restarts, slow for every mutant,
      // and the domain code it reaches is covered by the tests above.
      "test/server/{access-tokens,config,error-handler,keys,logging}.test.ts",
    ],
    // totp-compare.test.ts replaces node:crypto with vi.mock, which needs a module graph of its own
    // (isolation, below); its mutants are covered by totp.test.ts.
    // deflate-window.test.ts compresses inputs past the 32 KiB window: over a minute a run once
    // instrumented, for every mutant of deflate.ts; deflate.test.ts covers it with short inputs.
    exclude: ["test/domain/totp-compare.test.ts", "test/domain/deflate-window.test.ts"],
    testTimeout: 60_000,
    // Each mutant reruns the tests that cover it. Without isolation the module graph (Fastify, the
    // compiled contract) loads once per worker rather than once per test file per mutant, which is
    // most of a run's time. The tests build their own app, store and clock, so nothing leaks between
    // them, and src/contract's own tests build their own validators and caches (createValidators and
    // the factories beside it), so that a cache an earlier test filled does not hide a mutant; code
    // that runs at import (static mutants) is left out of the run (ignoreStatic).
    isolate: false,
  },
});
