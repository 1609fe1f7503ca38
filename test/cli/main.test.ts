import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { commands } from "../../src/cli/commands.ts";
import { MAX_USER_SEND_LIMIT } from "../../src/domain/send-limits.ts";
import { loadServerConfig } from "../../src/server/config.ts";
import { scriptCommandLine } from "../../src/cli/run-script.ts";
import { npmScriptWords } from "../../src/npm-script.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(ROOT, "bin", "genauth-mfa.mjs");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

/** Runs the CLI as `npx genauth-mfa` does, and returns its exit code and output. */
async function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("the genauth-mfa command", () => {
  it("is the package's bin, and the package can be published", () => {
    expect(manifest.bin).toEqual({ "genauth-mfa": "bin/genauth-mfa.mjs" });
    expect(manifest.private).toBeUndefined();
  });

  it("lists its commands and exits 2 when run with none", async () => {
    const { code, stdout } = await cli([]);
    expect(code).toBe(2);
    for (const name of ["mock", "server", "token", "unlock", "docs", "contract"]) expect(stdout).toMatch(new RegExp(`^  ${name} `, "m"));
  });

  for (const name of ["mock", "server", "token", "unlock", "docs", "contract"]) {
    it(`prints the usage of ${name} for --help and exits 0`, async () => {
      const { code, stdout } = await cli([name, "--help"]);
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^Usage: genauth-mfa ${name}`));
    });
  }

  it("names every variable of .env.example in the help of the service that reads it", async () => {
    const example = readFileSync(join(ROOT, ".env.example"), "utf8");
    const [server, mock] = example.split("# --- Mock").map((part) => [...part.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
    const serverHelp = (await cli(["server", "--help"])).stdout;
    const mockHelp = (await cli(["mock", "--help"])).stdout;
    for (const name of server!) expect(serverHelp).toContain(name);
    for (const name of mock!) expect(mockHelp).toContain(name);
  });

  it("says in the server's help how far the per-user send and start caps go, and their defaults, as the config enforces", async () => {
    const help = (await cli(["server", "--help"])).stdout;
    expect(help).toContain(`The per-user caps go up to ${MAX_USER_SEND_LIMIT} (0 turns one off)`);
    const defaults = loadServerConfig({});
    expect(help).toContain(`SEND_LIMIT_USER_HOUR (default ${defaults.SEND_LIMIT_USER_HOUR})`);
    expect(help).toContain(`SEND_LIMIT_USER_DAY (${defaults.SEND_LIMIT_USER_DAY})`);
    expect(help).toContain(`START_LIMIT_USER_HOUR (${defaults.START_LIMIT_USER_HOUR})`);
    expect(help).toContain(`START_LIMIT_USER_DAY (${defaults.START_LIMIT_USER_DAY})`);
  });

  it("refuses an unknown command and an unknown option with exit code 2 and a hint", async () => {
    expect(await cli(["serve"])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "serve"') });
    expect(await cli(["mock", "--prot", "1"])).toMatchObject({ code: 2, stderr: expect.stringContaining("genauth-mfa mock --help") });
  });

  it("asks for a base URL and a token before running the contract suite", async () => {
    const { code, stderr } = await cli(["contract"], { env: { CONTRACT_BASE_URL: "", CONTRACT_ACCESS_TOKEN: "" } });
    expect(code).toBe(2);
    expect(stderr).toContain("--base-url URL and --access-token TOKEN");
  });

  it("prints a token with the development key in the working directory's ./data, as npm run token does", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "cli-token-"));
    try {
      const { code, stdout } = await cli(["token", "--sub", "user-1", "--username", "alice"], { cwd, env: { DATA_DIR: "" } });
      expect(code).toBe(0);
      expect(stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(readFileSync(join(cwd, "data", "dev-signing-key.json"), "utf8").length).toBeGreaterThan(0);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 30_000);
});

describe("the genauth-mfa switchboard", () => {
  it("runs the same command line as the npm script of each service, Node flags included", () => {
    for (const script of ["mock", "server", "token", "unlock", "docs"]) {
      const [, ...words] = npmScriptWords(script);
      expect(scriptCommandLine(script)).toEqual(words.map((w) => (w === "scripts/launch.mjs" ? join(ROOT, w) : w)));
    }
    expect(scriptCommandLine("server")).toContain("--max-old-space-size=128");
  });

  it("runs the contract suite with the vitest command line of npm run contract", () => {
    expect(scriptCommandLine("contract").slice(1)).toEqual(npmScriptWords("contract").slice(1));
    expect(scriptCommandLine("contract")[0]).toMatch(/vitest\.mjs$/);
  });

  it("turns flags into the environment variables the npm scripts read", () => {
    expect(commands.mock!.dispatch({ port: "0", host: "0.0.0.0", dynamic: true }, [])).toEqual({
      script: "mock",
      args: ["--dynamic"],
      env: { MOCK_PORT: "0", MOCK_HOST: "0.0.0.0" },
    });
    expect(commands.server!.dispatch({ port: "8080", "data-dir": "/var/mfa" }, [])).toMatchObject({
      env: { PORT: "8080", DATA_DIR: "/var/mfa" },
    });
    expect(commands.mock!.dispatch({}, [])).toEqual({ script: "mock", args: [], env: {} });
    expect(commands.unlock!.dispatch({ sub: "alice", "data-dir": "/var/mfa" }, [])).toEqual({
      script: "unlock",
      args: ["--sub", "alice"],
      env: { DATA_DIR: "/var/mfa" },
    });
    expect(commands.unlock!.dispatch({}, [])).toEqual({ usage: expect.stringContaining("--sub USER_ID") });
    expect(commands.mock!.dispatch({ stateful: true }, [])).toEqual({ script: "mock", args: ["--stateful"], env: {} });
  });

  it("holds a setting from the environment to the same check as its option, naming the variable", () => {
    const saved = process.env.CONTRACT_PROFILE;
    process.env.CONTRACT_PROFILE = "strict";
    try {
      expect(commands.contract!.dispatch({ "base-url": "https://t.example", "access-token": "a" }, [])).toEqual({
        usage: "CONTRACT_PROFILE must be genauth or reference: strict",
      });
      expect(commands.contract!.dispatch({ "base-url": "https://t.example", "access-token": "a", profile: "reference" }, [])).toMatchObject(
        { env: { CONTRACT_PROFILE: "reference" } },
      );
    } finally {
      if (saved === undefined) delete process.env.CONTRACT_PROFILE;
      else process.env.CONTRACT_PROFILE = saved;
    }
  });

  it("passes the contract's target, profile, fuzz budget and JUnit report to the suite", () => {
    const dispatch = commands.contract!.dispatch(
      {
        "base-url": "https://t.example",
        "access-token": "a",
        "other-access-token": "b",
        profile: "reference",
        junit: "out/report.xml",
        "fuzz-cases": "120",
      },
      [],
    );
    expect(dispatch).toEqual({
      script: "contract",
      args: [],
      env: {
        CONTRACT_BASE_URL: "https://t.example",
        CONTRACT_ACCESS_TOKEN: "a",
        CONTRACT_OTHER_ACCESS_TOKEN: "b",
        CONTRACT_PROFILE: "reference",
        CONTRACT_JUNIT: join(process.cwd(), "out/report.xml"),
        FUZZ_CASES: "120",
      },
    });
  });

  it("refuses a non-URL --base-url and a bad --profile, --stateful or --fuzz-cases with a line naming the option and its value", () => {
    const contract = (values: Record<string, string>) =>
      commands.contract!.dispatch({ "base-url": "https://t.example", "access-token": "a", ...values }, []);
    expect(contract({ "base-url": "nonsense" })).toEqual({ usage: "--base-url must be a URL: nonsense" });
    expect(contract({ profile: "strict" })).toEqual({ usage: "--profile must be genauth or reference: strict" });
    expect(contract({ stateful: "yes" })).toEqual({ usage: "--stateful must be true or false: yes" });
    expect(contract({ "fuzz-cases": "many" })).toEqual({ usage: "--fuzz-cases must be a whole number from 1: many" });
  });
});
