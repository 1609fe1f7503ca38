import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SERVER = "src/server/main.ts";
const MOCK = "src/mock/main.ts";
const TOKEN_CLI = "src/server/token-cli.ts";

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an entry point the way `npm run` does, with only the given variables set (no inherited
 * configuration can mask or cause a failure), and waits for it to exit.
 */
async function run(entry: string, env: Record<string, string>, args: string[] = []): Promise<Exit> {
  await slot();
  try {
    return await runNow(entry, env, args);
  } finally {
    release();
  }
}

// Two boots at a time, one per core: eight at once on two busy cores made each wait for the others.
// Each case waits for its process's exit, however long a loaded machine takes; a boot that hangs
// instead of exiting is still caught by the test's own timeout, and killed after the file.
let running = 0;
const waiting: Array<() => void> = [];
const slot = () => {
  if (running >= 2) return new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return Promise.resolve();
};
const release = () => (waiting.length ? waiting.shift()!() : running--);
const children = new Set<ChildProcess>();

function runNow(entry: string, env: Record<string, string>, args: string[]): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    child.once("exit", () => children.delete(child));
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let scratch: string;
let busyPort: Server;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "mfa-boot-"));
  writeFileSync(join(scratch, "a-file"), "not a directory\n");
  mkdirSync(join(scratch, "broken-key"));
  writeFileSync(join(scratch, "broken-key", "dev-signing-key.json"), "{not json");
  busyPort = createServer();
  await new Promise<void>((resolve) => busyPort.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await new Promise((resolve) => busyPort.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

/** A DATA_DIR of its own for each case, so that no case sees another's files. */
let dirs = 0;
const freshDataDir = () => join(scratch, `data-${++dirs}`);

interface BadBoot {
  name: string;
  entry: string;
  env: () => Record<string, string>;
  /** Words the one line on stderr must contain. */
  words: () => string[];
  /** Text that must not appear anywhere in the output: a secret the configuration held. */
  secret?: string;
}

const cases: BadBoot[] = [
  { name: "a PORT that is not a number", entry: SERVER, env: () => ({ PORT: "abc" }), words: () => ["PORT", "abc"] },
  {
    name: "an unknown factor type in MFA_FACTORS",
    entry: SERVER,
    env: () => ({ MFA_FACTORS: "OTP,PUSH" }),
    words: () => ["MFA_FACTORS", "OTP,PUSH"],
  },
  { name: "an SMTP_URL that is not an SMTP URL", entry: SERVER, env: () => ({ SMTP_URL: "http://x" }), words: () => ["SMTP_URL", "smtp:"] },
  {
    name: "an ENCRYPTION_KEY that is too short",
    entry: SERVER,
    env: () => ({ ENCRYPTION_KEY: "short-secret-value" }),
    words: () => ["ENCRYPTION_KEY", "32 bytes"],
    secret: "short-secret-value",
  },
  {
    name: "a DATA_DIR under a regular file",
    entry: SERVER,
    env: () => ({ DATA_DIR: join(scratch, "a-file", "sub") }),
    words: () => ["DATA_DIR", join(scratch, "a-file", "sub")],
  },
  // Node's recursive mkdirSync spins for ever on a path under /proc; the boot must not.
  { name: "a DATA_DIR under /proc", entry: SERVER, env: () => ({ DATA_DIR: "/proc/x" }), words: () => ["DATA_DIR", "/proc/x"] },
  {
    name: "a malformed dev-signing-key.json in DATA_DIR",
    entry: SERVER,
    env: () => ({ DATA_DIR: join(scratch, "broken-key") }),
    words: () => [join(scratch, "broken-key", "dev-signing-key.json"), "not a JSON Web Key"],
  },
  {
    name: "a PORT another process already listens on",
    entry: SERVER,
    env: () => ({ PORT: String((busyPort.address() as AddressInfo).port), LOG_LEVEL: "silent" }),
    words: () => ["EADDRINUSE"],
  },
  { name: "a MOCK_PORT above 65535", entry: MOCK, env: () => ({ MOCK_PORT: "99999" }), words: () => ["MOCK_PORT", "99999"] },
];

// Each boot is its own process and takes a second or more, so the cases run side by side. The
// wording for every variable is checked in-process (config.test.ts); these prove the entry points
// turn each kind of failure into one line and exit code 1.
describe.concurrent("booting with bad configuration", { timeout: 120_000 }, () => {
  it.each(cases)("stops $entry on $name with one line on stderr and exit code 1", async ({ entry, env, words, secret }) => {
    const exit = await run(entry, { DATA_DIR: freshDataDir(), ...env() });
    expect(exit.code).toBe(1);
    const lines = exit.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toBe("");
    for (const word of words()) expect(lines[0]).toContain(word);
    expect(exit.stderr).not.toContain("    at ");
    expect(exit.stdout).not.toContain("listening");
    if (secret) expect(exit.stdout + exit.stderr).not.toContain(secret);
  });

  it("prints the token CLI's usage on stdout and exits 0 when asked with --help", async () => {
    const exit = await run(TOKEN_CLI, { DATA_DIR: freshDataDir() }, ["--help"]);
    expect(exit.code).toBe(0);
    expect(exit.stderr).toBe("");
    expect(exit.stdout).toMatch(/^Usage: npm run token -- --sub <userId>/);
  });

  it("prints the token CLI's usage line and exits 1 when --sub is missing", async () => {
    const exit = await run(TOKEN_CLI, { DATA_DIR: freshDataDir() });
    expect(exit.code).toBe(1);
    expect(exit.stdout).toBe("");
    expect(exit.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^Usage: npm run token -- --sub <userId>/)]);
  });
});

describe("booting with the development opt-in on a container's address", () => {
  it("prints which access tokens it accepts, and warns loudly that DEV_ON_NETWORK opens development tokens and the outbox", {
    timeout: 120_000,
  }, async () => {
    const { spawnService } = await import("../support/spawn-service.ts");
    const server = await spawnService(
      SERVER,
      { PORT: "0", HOST: "0.0.0.0", DEV_ON_NETWORK: "true", DATA_DIR: freshDataDir(), LOG_LEVEL: "warn" },
      /listening on (http:\/\/\S+)/,
      60_000,
    );
    try {
      // The warning goes to stderr before the server listens; stderr is its own pipe, so wait for it to arrive.
      for (let i = 0; i < 100 && !server.output().includes("WARNING"); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(server.output()).toMatch(/development access tokens, signed with the key in \S+dev-signing-key\.json/);
      expect(server.output()).toContain("WARNING: DEV_ON_NETWORK=true and HOST=0.0.0.0");
    } finally {
      await server.stop();
    }
  });
});
