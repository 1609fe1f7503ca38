/**
 * How to point the contract suite at a deployment, in one line: what `npm run contract` prints when
 * it is run without the variables it needs. Kept here so that every entry point says the same.
 */
export const CONTRACT_USAGE =
  "usage: CONTRACT_BASE_URL=<https://your-app.genauth.ai> CONTRACT_ACCESS_TOKEN=<a test user's access token> npm run contract " +
  "[optional: CONTRACT_OTHER_ACCESS_TOKEN, CONTRACT_STATEFUL=true|false, CONTRACT_PROFILE=genauth|reference, " +
  "FUZZ_CASES=N, CONTRACT_JUNIT=FILE]";

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

/** One setting of a contract run: its environment variable, the CLI's option for it, and what it must be. */
export interface ContractSetting {
  variable: string;
  option: string;
  /** Whether a run needs it. */
  required?: boolean;
  /** What a value must be, in words, and the check that holds it to that; any value will do without. */
  expected?: string;
  valid?: (value: string) => boolean;
}

/** Every setting of a contract run, in the one place `npm run contract` and `genauth-mfa contract` both check them. */
export const CONTRACT_SETTINGS: readonly ContractSetting[] = [
  { variable: "CONTRACT_BASE_URL", option: "base-url", required: true, expected: "a URL", valid: (value) => URL.canParse(value) },
  { variable: "CONTRACT_ACCESS_TOKEN", option: "access-token", required: true },
  { variable: "CONTRACT_OTHER_ACCESS_TOKEN", option: "other-access-token" },
  {
    variable: "CONTRACT_PROFILE",
    option: "profile",
    expected: "genauth or reference",
    valid: (value) => value === "genauth" || value === "reference",
  },
  { variable: "CONTRACT_STATEFUL", option: "stateful", expected: "true or false", valid: (value) => value === "true" || value === "false" },
  { variable: "FUZZ_CASES", option: "fuzz-cases", expected: "a whole number from 1", valid: (value) => /^[1-9]\d{0,5}$/.test(value) },
  { variable: "CONTRACT_JUNIT", option: "junit" },
];

/** Why a contract run cannot start: a required setting missing, or a value that is not what its setting must be. */
export type ContractSettingsProblem = { missing: ContractSetting } | { setting: ContractSetting; value: string };

/**
 * The first problem with a contract run's settings, each value read by `read` (from the environment,
 * an option, or both); undefined when the run can start. An empty value counts as unset, the way
 * shells and .env files usually mean it.
 */
export function contractSettingsProblem(read: (setting: ContractSetting) => string | undefined): ContractSettingsProblem | undefined {
  const missing = CONTRACT_SETTINGS.find((setting) => setting.required && !read(setting));
  if (missing) return { missing };
  for (const setting of CONTRACT_SETTINGS) {
    const value = read(setting);
    if (value && setting.valid && !setting.valid(value)) return { setting, value };
  }
  return undefined;
}

/** The environment the suite needs, or why it cannot run: a missing variable or a bad value. */
export function contractSuiteProblem(env: NodeJS.ProcessEnv): string | undefined {
  const problem = contractSettingsProblem((setting) => env[setting.variable]);
  if (!problem) return undefined;
  if ("missing" in problem) return CONTRACT_USAGE;
  return `${problem.setting.variable} must be ${problem.setting.expected}: ${problem.value}\n${CONTRACT_USAGE}`;
}
