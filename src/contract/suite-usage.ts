/**
 * How to point the contract suite at a deployment, in one line: what `npm run contract` prints when
 * it is run without the variables it needs. Kept here so that every entry point says the same.
 */
export const CONTRACT_USAGE =
  "usage: CONTRACT_BASE_URL=<https://your-app.genauth.ai> CONTRACT_ACCESS_TOKEN=<a test user's access token> npm run contract " +
  "[optional: CONTRACT_OTHER_ACCESS_TOKEN, CONTRACT_STATEFUL=true|false, CONTRACT_PROFILE=genauth|reference, FUZZ_CASES=N, CONTRACT_JUNIT=FILE]";

/**
 * Cases per fuzz property against a remote target, which is across a network and throttles like any
 * tenant; our own targets get 300. FUZZ_CASES (the CLI's --fuzz-cases) asks for another number.
 */
export const REMOTE_FUZZ_CASES = 30;

/**
 * Against a remote target, the most cases of one file in flight at once, each one request at a time:
 * the cap on the suite's concurrent requests (the race cases aside, which send 100 at once by design).
 */
export const REMOTE_CONCURRENCY = 6;

/** The environment the suite needs, or why it cannot run: a missing variable or a bad value. */
export function contractSuiteProblem(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.CONTRACT_BASE_URL || !env.CONTRACT_ACCESS_TOKEN) return CONTRACT_USAGE;
  if (!URL.canParse(env.CONTRACT_BASE_URL)) return `CONTRACT_BASE_URL is not a URL: ${env.CONTRACT_BASE_URL}\n${CONTRACT_USAGE}`;
  if (env.CONTRACT_STATEFUL && !["true", "false"].includes(env.CONTRACT_STATEFUL)) return `CONTRACT_STATEFUL must be true or false\n${CONTRACT_USAGE}`;
  if (env.CONTRACT_PROFILE && !["genauth", "reference"].includes(env.CONTRACT_PROFILE)) return `CONTRACT_PROFILE must be genauth or reference\n${CONTRACT_USAGE}`;
  return undefined;
}
