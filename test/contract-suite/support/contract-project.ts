/** The suite's cases, all of which the package ships: they run against any target. */
const SHIPPED_CASES = "test/contract-suite/**/*.test.ts";
/** The cases that drive our own targets from a checkout of the repository: a browser, the README's examples. */
const CHECKOUT_CASES = "test/contract-targets/**/*.test.ts";

/**
 * A vitest project that runs the contract suite (test/contract-suite) against one target, started
 * by its global setup. `npm test`, `npm run test:targets` and `npm run contract` each build theirs.
 * `withCheckoutCases` adds the cases of test/contract-targets, which need our own targets (a remote
 * deployment or the in-process MSW handlers cannot run them) and are not shipped.
 */
export const contractTarget = (name: string, setup: string, options: { oneFileAtATime?: boolean; withCheckoutCases?: boolean } = {}) => ({
  test: {
    name,
    include: options.withCheckoutCases ? [SHIPPED_CASES, CHECKOUT_CASES] : [SHIPPED_CASES],
    globalSetup: [setup],
    // A real deployment has one test user, whose factors every file touches: one file at a time.
    // The reference server mints a user per file, and the mock keeps no state, so theirs run together.
    fileParallelism: !options.oneFileAtATime,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
