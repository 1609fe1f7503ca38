import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv, promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadServerConfig } from "../../src/server/config.ts";
import { useCleanups } from "../support/cleanups.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);

const defer = useCleanups();
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "genauth-mfa-env-"));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs `npm run token` the way the script does (its launcher), with an environment of the test's choosing. */
function token(env: Record<string, string>) {
  const { DATA_DIR: _ignored, ...inherited } = process.env;
  return run(process.execPath, ["scripts/launch.mjs", "src/server/token-cli.ts", "--sub", "env-user"], {
    cwd: ROOT,
    env: { ...inherited, ...env },
  });
}

describe("the .env file", () => {
  it("is loaded by the npm scripts' launcher, and the token CLI says which DATA_DIR it signed with", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, ".env"), `DATA_DIR=${join(dir, "from-file")}\n`);
    const { stdout, stderr } = await token({ ENV_FILE: join(dir, ".env") });
    expect(stdout.trim()).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stderr).toContain(`development key in ${resolve(dir, "from-file")} (DATA_DIR)`);
  }, 60_000);

  it("loses to a variable already set in the environment", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, ".env"), `DATA_DIR=${join(dir, "from-file")}\n`);
    const { stderr } = await token({ ENV_FILE: join(dir, ".env"), DATA_DIR: join(dir, "from-env") });
    expect(stderr).toContain(`development key in ${resolve(dir, "from-env")} (DATA_DIR)`);
  }, 60_000);

  it("is not read by the processes tests start: the test run sets ENV_FILE=none", () => {
    expect(process.env.ENV_FILE).toBe("none");
  });
});

describe(".env.example", () => {
  const example = readFileSync(join(ROOT, ".env.example"), "utf8");

  it("is a valid configuration as it is, read as a .env file", () => {
    expect(() => loadServerConfig(parseEnv(example))).not.toThrow();
  });

  it("gives a shell that sources it the same values a .env loader reads", async () => {
    const dir = tempDir();
    const { stdout } = await run(
      "sh",
      [
        "-c",
        `set -a; . ./.env.example; set +a; ${JSON.stringify(process.execPath)} -e 'process.stdout.write(JSON.stringify(process.env))'`,
      ],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? "", HOME: dir },
      },
    );
    const sourced = JSON.parse(stdout) as Record<string, string>;
    const parsed = parseEnv(example);
    expect(Object.keys(parsed).length).toBeGreaterThan(10);
    for (const [name, value] of Object.entries(parsed)) expect(sourced[name], name).toBe(value);
  });
});
