import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CONTRACT_USAGE, contractSuiteProblem } from "../../src/contract/suite-usage.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("the contract suite's usage", () => {
  it("asks for CONTRACT_BASE_URL and CONTRACT_ACCESS_TOKEN, and accepts both", () => {
    expect(contractSuiteProblem({})).toBe(CONTRACT_USAGE);
    expect(contractSuiteProblem({ CONTRACT_BASE_URL: "http://127.0.0.1:4010" })).toBe(CONTRACT_USAGE);
    expect(contractSuiteProblem({ CONTRACT_BASE_URL: "http://127.0.0.1:4010", CONTRACT_ACCESS_TOKEN: "t" })).toBeUndefined();
  });

  it("names a bad CONTRACT_PROFILE, CONTRACT_STATEFUL, FUZZ_CASES or base URL, with its value, above the usage", () => {
    const env = { CONTRACT_BASE_URL: "http://127.0.0.1:4010", CONTRACT_ACCESS_TOKEN: "t" };
    expect(contractSuiteProblem({ ...env, CONTRACT_PROFILE: "strict" })).toBe(
      `CONTRACT_PROFILE must be genauth or reference: strict\n${CONTRACT_USAGE}`,
    );
    expect(contractSuiteProblem({ ...env, CONTRACT_STATEFUL: "yes" })).toMatch(/^CONTRACT_STATEFUL must be true or false: yes\n/);
    expect(contractSuiteProblem({ ...env, FUZZ_CASES: "0" })).toMatch(/^FUZZ_CASES must be a whole number from 1: 0\n/);
    expect(contractSuiteProblem({ ...env, CONTRACT_BASE_URL: "not a url" })).toMatch(/^CONTRACT_BASE_URL must be a URL: not a url\n/);
  });

  it("asks for what is missing before it judges what is there, and takes an empty value as unset", () => {
    expect(contractSuiteProblem({ CONTRACT_BASE_URL: "not a url" })).toBe(CONTRACT_USAGE);
    expect(
      contractSuiteProblem({ CONTRACT_BASE_URL: "http://127.0.0.1:4010", CONTRACT_ACCESS_TOKEN: "t", CONTRACT_STATEFUL: "" }),
    ).toBeUndefined();
  });

  it("makes npm run contract with no variables print the one usage line and exit 2, with no stack", async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CONTRACT_")));
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile("npm", ["run", "-s", "contract"], { cwd: ROOT, env }, (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
      );
      child.stdin?.end();
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${CONTRACT_USAGE}\n`);
    expect(result.stdout).toBe("");
  }, 60_000);
});
