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

  // Each setting's values, good and bad: the edges of what its check allows.
  const values: Array<[string, string[], string[]]> = [
    ["CONTRACT_PROFILE", ["genauth", "reference"], ["strict", "GENAUTH", "genauth "]],
    ["CONTRACT_STATEFUL", ["true", "false"], ["yes", "TRUE", "1"]],
    ["FUZZ_CASES", ["1", "30", "300", "999999"], ["0", "01", "1000000", "x5", "5x", "1.5", "-3"]],
    ["CONTRACT_BASE_URL", ["http://127.0.0.1:4010", "https://example.genauth.ai"], ["not a url", "127.0.0.1:4010/x y"]],
  ];
  it.each(values)("accepts each good value of %s, and names each bad one", (variable, good, bad) => {
    const env = { CONTRACT_BASE_URL: "http://127.0.0.1:4010", CONTRACT_ACCESS_TOKEN: "t" };
    for (const value of good) expect(contractSuiteProblem({ ...env, [variable]: value }), value).toBeUndefined();
    for (const value of bad)
      expect(contractSuiteProblem({ ...env, [variable]: value }), value).toMatch(new RegExp(`^${variable} must be `));
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
