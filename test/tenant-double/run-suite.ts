import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { junitParser } from "../support/junit-parser.ts";
import { startTenantDoubleStack, type TenantDoubleStackOptions } from "../support/tenant-double/tenant-double-stack.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** One case of a run, as its JUnit report gives it. */
export interface ReportedCase {
  file: string;
  name: string;
  state: "passed" | "failed" | "skipped";
  reason?: string;
}

/** A finished run of the contract suite: its cases, its top-level counts and its printed output. */
export interface SuiteRun {
  cases: ReportedCase[];
  totals: { tests: number; failures: number; skipped: number };
  output: string;
  exitCode: number;
}

interface JunitCase {
  name: string;
  skipped?: { message: string };
  failure?: unknown;
}

/** Reads a JUnit report of the suite. */
export function readReport(xml: string): Pick<SuiteRun, "cases" | "totals"> {
  const root = junitParser.parse(xml).testsuites;
  const cases = (root.testsuite ?? []).flatMap((suite: { name: string; testcase?: JunitCase[] }) =>
    (suite.testcase ?? []).map(
      (c): ReportedCase => ({
        file: suite.name,
        name: c.name,
        state: c.failure !== undefined ? "failed" : c.skipped ? "skipped" : "passed",
        reason: c.skipped?.message,
      }),
    ),
  );
  return { cases, totals: { tests: Number(root.tests), failures: Number(root.failures), skipped: Number(root.skipped) } };
}

/**
 * Starts a tenant double (with its reference server) and runs the contract suite against it as a
 * CI user would, `npm run contract` with the base URL and two tokens, at GenAuth's level; `files`
 * narrows the run to some of the suite's files.
 */
export async function runSuiteAgainstDouble(
  options: TenantDoubleStackOptions & { files?: string[]; fuzzCases?: number } = {},
): Promise<SuiteRun> {
  const stack = await startTenantDoubleStack(options);
  const dir = mkdtempSync(join(tmpdir(), "contract-run-"));
  const junit = join(dir, "report.xml");
  try {
    const env = {
      ...process.env,
      CI: "",
      CONTRACT_BASE_URL: stack.url,
      CONTRACT_ACCESS_TOKEN: stack.accessToken,
      CONTRACT_OTHER_ACCESS_TOKEN: stack.otherAccessToken,
      CONTRACT_JUNIT: junit,
      ...(options.fuzzCases === undefined ? {} : { FUZZ_CASES: String(options.fuzzCases) }),
    };
    const args = ["vitest", "run", "--project", "contract", ...(options.files ?? [])];
    const { output, exitCode } = await new Promise<{ output: string; exitCode: number }>((resolve) => {
      execFile("npx", args, { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve({ output: stdout + stderr, exitCode: error ? Number((error as { code?: number }).code ?? 1) : 0 });
      });
    });
    return { ...readReport(readFileSync(junit, "utf8")), output, exitCode };
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
