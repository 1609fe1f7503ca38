import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ParseArgsConfig } from "node:util";
import { projectRoot } from "../project-root.ts";
import {
  CONTRACT_SETTINGS,
  contractSettingsProblem,
  REMOTE_CONCURRENCY,
  REMOTE_FUZZ_CASES,
  type ContractSetting,
} from "../contract/suite-usage.ts";
import { MAX_CONSECUTIVE_OTP_FAILURES } from "../domain/otp-lockout.ts";
import { DEFAULT_SEND_LIMITS, MAX_USER_SEND_LIMIT } from "../domain/send-limits.ts";
import { DEFAULT_START_LIMITS } from "../domain/send-limits.ts";

/** What a command runs: one npm script's command line, with extra arguments and environment. */
export interface Dispatch {
  script: string;
  args: string[];
  env: Record<string, string>;
}

/** One `genauth-mfa` command: its help, its options, and how they map onto an npm script. */
export interface Command {
  summary: string;
  help: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Whether words after the options go to the script as they are (token's own flags). */
  passThrough?: boolean;
  /** Turns parsed options into the script to run, or a usage error. */
  dispatch(values: Record<string, string | boolean | undefined>, rest: string[]): Dispatch | { usage: string };
}

/** The reference server's variables, as .env.example lists them (the one list, read, not copied). */
function serverVariables(): string[] {
  const text = readFileSync(join(projectRoot(), ".env.example"), "utf8");
  const section = text.slice(text.indexOf("# --- Reference server"), text.indexOf("# --- Mock"));
  return [...section.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!);
}

/** Wraps a long line at 100 columns, indented for a help text. */
const wrap = (line: string) => line.replace(/(.{1,96})(?:, |$)/g, "  $1,\n").replace(/,\n$/, "");

const HELP = { help: { type: "boolean", short: "h" } } as const;

/** Options given as flags become the environment variables the npm scripts read. */
const env = (pairs: Record<string, string | boolean | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(pairs).filter((p): p is [string, string] => typeof p[1] === "string"));

export const commands: Record<string, Command> = {
  mock: {
    summary: "Run the GenAuth-faithful mock (Prism serving the contract's examples, or --stateful)",
    help: `Usage: genauth-mfa mock [--port N] [--host H] [--dynamic | --stateful] [--verbose]

Serves every operation of the contract the way GenAuth answers: the example that fits the request,
HTTP 200 envelopes for bad input and a missing token, Prefer: example=<name> for error screens.
Stateless unless --stateful, which runs the reference server's own domain in memory, a user per
access token: bound factors are listed, enrollment tokens expire and work once, and the codes sent
are at GET /dev/outbox?to= (for any origin). Nothing is kept across a restart. Stops on Ctrl-C.

Options:
  --port N      Port to listen on (env MOCK_PORT, default 4010; 0 picks a free one)
  --host H      Address to listen on (env MOCK_HOST, default 127.0.0.1)
  --dynamic     Generate bodies from the schemas instead of serving the examples
  --stateful    Keep state in memory; SEND_LIMIT_USER_HOUR, SEND_LIMIT_USER_DAY,
                SEND_LIMIT_GLOBAL_MINUTE, VERIFY_CODE_LENGTH, STEP_UP_SECONDS and
                TOTP_LOCKOUT_SECONDS are read as the server reads them, with its defaults
  --verbose     Print Prism's own log lines
  -h, --help    Show this help`,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      dynamic: { type: "boolean", short: "d" },
      stateful: { type: "boolean" },
      verbose: { type: "boolean" },
      ...HELP,
    },
    dispatch: (v) => ({
      script: "mock",
      args: [...(v.dynamic ? ["--dynamic"] : []), ...(v.stateful ? ["--stateful"] : []), ...(v.verbose ? ["--verbose"] : [])],
      env: env({ MOCK_PORT: v.port, MOCK_HOST: v.host }),
    }),
  },
  server: {
    summary: "Run the reference server (real TOTP, codes, SQLite state)",
    help: `Usage: genauth-mfa server [--port N] [--host H] [--data-dir DIR]

Implements every operation for real: TOTP secrets, QR codes, SMS and email codes (sent to a
development outbox at GET /dev/outbox unless SMTP_URL or SMS_WEBHOOK_URL is set), rate limits,
single-use enrollment tokens. State and keys live in DATA_DIR. Stops gracefully on Ctrl-C.

Options:
  --port N        Port to listen on (env PORT, default 3000; 0 picks a free one)
  --host H        Address to listen on (env HOST, default 127.0.0.1)
  --data-dir DIR  Database and keys (env DATA_DIR, default ./data)
  -h, --help      Show this help

Every other setting is an environment variable, validated at start; the package's .env.example
describes each:
${wrap(
  serverVariables()
    .filter((v) => !["PORT", "HOST", "DATA_DIR"].includes(v))
    .join(", "),
)}
The per-user caps go up to ${MAX_USER_SEND_LIMIT} (0 turns one off): codes sent,
SEND_LIMIT_USER_HOUR (default ${DEFAULT_SEND_LIMITS.userPerHour}) and SEND_LIMIT_USER_DAY (${DEFAULT_SEND_LIMITS.userPerDay}),
and OTP and FACE starts, START_LIMIT_USER_HOUR (${DEFAULT_START_LIMITS.userPerHour}) and
START_LIMIT_USER_DAY (${DEFAULT_START_LIMITS.userPerDay}).
Behind a proxy, set TRUST_PROXY to its addresses and raise MAX_CONNECTIONS_PER_CLIENT to
MAX_CONNECTIONS: connections are counted by peer address, which is then the proxy's.`,
    options: { port: { type: "string" }, host: { type: "string" }, "data-dir": { type: "string" }, ...HELP },
    dispatch: (v) => ({ script: "server", args: [], env: env({ PORT: v.port, HOST: v.host, DATA_DIR: v["data-dir"] }) }),
  },
  token: {
    summary: "Print a development access token the reference server accepts",
    help: `Usage: genauth-mfa token --sub USER_ID [--username NAME] [--email ADDRESS] [--sid SESSION] [--expires-in 24h]
                         [--data-dir DIR]

Signs a token with the development key in DATA_DIR, the one \`genauth-mfa server\` with the same
DATA_DIR accepts. Prints only the token, so that TOKEN=$(genauth-mfa token --sub u1) works.

Options:
  --sub USER_ID       The user the token is for (required)
  --username NAME     The username claim
  --email ADDRESS     The email claim
  --sid SESSION       The session the token belongs to: tokens minted with the same --sid share a
                      step-up, as a real issuer's refreshed tokens do (default: a session of its own)
  --expires-in 24h    Lifetime, e.g. 15m, 2h, 7d (default 24h)
  --data-dir DIR      Where the server keeps its keys (env DATA_DIR, default ./data)
  -h, --help          Show this help`,
    options: { "data-dir": { type: "string" }, ...HELP },
    passThrough: true,
    dispatch: (v, rest) => ({ script: "token", args: rest, env: env({ DATA_DIR: v["data-dir"] }) }),
  },
  unlock: {
    summary: "Lift a user's TOTP lock-out in the reference server's database",
    help: `Usage: genauth-mfa unlock --sub USER_ID [--data-dir DIR]

After ${MAX_CONSECUTIVE_OTP_FAILURES} wrong TOTPs or recovery codes in a row, the reference server refuses the user's
checks and factor changes until an operator unlocks them: this command does, in the database the
server with the same environment uses (DATABASE_URL, or the SQLite file in DATA_DIR). It also ends a
timed lock-out early. Later lock-outs still follow the escalation the user had reached, which decays
with TOTP_LOCKOUT_QUIET_SECONDS as usual. It may run while the server runs.

Options:
  --sub USER_ID    The user to unlock: the sub of their access tokens (required)
  --data-dir DIR   Where the server keeps its SQLite database (env DATA_DIR, default ./data)
  -h, --help       Show this help`,
    options: { sub: { type: "string" }, "data-dir": { type: "string" }, ...HELP },
    dispatch: (v) => {
      if (typeof v.sub !== "string" || v.sub === "")
        return { usage: "genauth-mfa unlock needs --sub USER_ID (the sub of the user's access tokens); --help says more." };
      return { script: "unlock", args: ["--sub", v.sub], env: env({ DATA_DIR: v["data-dir"] }) };
    },
  },
  docs: {
    summary: "Write the self-contained HTML reference",
    help: `Usage: genauth-mfa docs [--out DIR]

Writes DIR/index.html: the contract's reference, one file that needs no network to view.

Options:
  --out DIR     Where to write it (default ./genauth-mfa-docs)
  -h, --help    Show this help`,
    options: { out: { type: "string" }, ...HELP },
    dispatch: (v) => ({ script: "docs", args: ["--out", resolve(typeof v.out === "string" ? v.out : "genauth-mfa-docs")], env: {} }),
  },
  contract: {
    summary: "Run the contract suite against a deployment",
    help: `Usage: genauth-mfa contract --base-url URL --access-token TOKEN [--other-access-token TOKEN2]
                            [--profile genauth|reference] [--stateful true|false]
                            [--fuzz-cases N] [--junit FILE]

Checks every answer of the deployment at URL against the contract, prints a summary of what the run
proved, and exits non-zero when a case fails. The stateful cases (one code a minute, a token that
binds once, binding and unbinding an OTP factor) run unless the target is found to be stateless;
they bind, then reset, factors for the token's user, so use a test user.

At GenAuth's level (the default), a case runs only where it checks what GenAuth documents or its
clients show: the HTTP 200 envelope, each operation's schema, documented statusCodes and apiCodes,
raw and Bearer tokens, the official Node SDK, one code per destination a minute, a token that
binds once, another user's factors answered 404, and fuzzing from the schemas. Our own rules (our
wording and headers, our limits, our refusals of unknown fields, app ids and token formats, the
recovery operation) are skipped with their reasons; --profile reference holds the target to them.
A case the target throttles is reported as skipped, never as passed. Cases that share no state run
side by side, at most ${REMOTE_CONCURRENCY} requests at once (the race cases send 100 at once by design).
A default run takes well under a minute, even with 150 ms between the suite and the target.

Options:
  --base-url URL              The deployment, e.g. https://your-app.genauth.ai (env CONTRACT_BASE_URL)
  --access-token TOKEN        A user's access token (env CONTRACT_ACCESS_TOKEN)
  --other-access-token TOKEN2 A second user's token, for the cases about other users' factors
                              (env CONTRACT_OTHER_ACCESS_TOKEN)
  --profile genauth|reference genauth checks GenAuth's own guarantees; reference adds this project's
                              (env CONTRACT_PROFILE)
  --stateful true|false       Force the stateful cases on or off (env CONTRACT_STATEFUL)
  --fuzz-cases N              Cases per fuzz property (default ${REMOTE_FUZZ_CASES}; env FUZZ_CASES)
  --junit FILE                Also write a JUnit XML report to FILE, every skipped case with its reason
  -h, --help                  Show this help

The browser cases, the README's examples and the in-process run against the MSW handlers need a
checkout of the repository.`,
    options: {
      "base-url": { type: "string" },
      "access-token": { type: "string" },
      "other-access-token": { type: "string" },
      profile: { type: "string" },
      stateful: { type: "string" },
      junit: { type: "string" },
      "fuzz-cases": { type: "string" },
      ...HELP,
    },
    dispatch: (v) => {
      // A setting not given as an option (an empty one counts as not given) comes from the
      // environment, as for `npm run contract`, and the suite's process inherits it. Both are held to
      // the one check the suite's own config makes, and a problem names the option or the variable.
      const given = (setting: ContractSetting) => (v[setting.option] as string | undefined) || undefined;
      const problem = contractSettingsProblem((setting) => given(setting) ?? process.env[setting.variable]);
      if (problem && "missing" in problem)
        return { usage: "genauth-mfa contract needs --base-url URL and --access-token TOKEN (a user's access token); --help says more." };
      if (problem) {
        const { option, variable, expected } = problem.setting;
        return { usage: `${given(problem.setting) === undefined ? variable : `--${option}`} must be ${expected}: ${problem.value}` };
      }
      const junit = v.junit;
      return {
        script: "contract",
        args: [],
        // The report's path as given is resolved here, where it was typed: the suite runs elsewhere.
        env: env(
          Object.assign(Object.fromEntries(CONTRACT_SETTINGS.map((setting) => [setting.variable, given(setting)])), {
            CONTRACT_JUNIT: typeof junit === "string" ? resolve(junit) : undefined,
          }),
        ),
      };
    },
  },
};

/** The help of `genauth-mfa` itself. */
export const mainHelp = (version: string) => `genauth-mfa ${version}: GenAuth's MFA enrollment API, from its OpenAPI contract

Usage: genauth-mfa <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`)
  .join("\n")}

Run \`genauth-mfa <command> --help\` for a command's options. The environment variables of the
npm scripts (MOCK_PORT, PORT, HOST, DATA_DIR, ...) work the same here.`;
