import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../src/mock/prism-process.ts";
import { codeBlocks, markdown, ROOT } from "../support/markdown.ts";
import { alive, descendants } from "../support/process-tree.ts";

/** The server's shell blocks: the authenticator-app walkthrough's page, then the README's phone binding. */
const otpBlocks = codeBlocks(markdown("docs/authenticator-app.md"), "sh").filter((b) => b.includes("http://127.0.0.1:3000/"));
const readmeBlocks = codeBlocks(markdown("README.md"), "sh").filter((b) => b.includes("http://127.0.0.1:3000/"));
const run = promisify(execFile);

interface Started {
  npm: ChildProcess;
  /** stdout and stderr as they arrived, interleaved. */
  output: () => string;
  exited: Promise<number | null>;
  env: NodeJS.ProcessEnv;
  ports: { mock: number; server: number };
  dataDir: string;
}

// A generous bound, reported with everything npm start printed: a slow machine only waits longer,
// and a real hang or a failed boot still ends with its diagnosis instead of a bare timeout.
const BOOT_LIMIT_MS = 100_000;

/**
 * Runs `npm start` and resolves once its banner is complete. It fails as soon as npm exits first
 * (with its output), not after a clock runs out.
 */
async function npmStart(): Promise<Started> {
  const ports = { mock: await freePort(), server: await freePort() };
  const dataDir = mkdtempSync(join(tmpdir(), "genauth-mfa-start-"));
  const env = { ...process.env, MOCK_PORT: String(ports.mock), PORT: String(ports.server), DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  const npm = spawn("npm", ["start"], { cwd: ROOT, env });
  let output = "";
  const exited = new Promise<number | null>((resolve) => npm.once("exit", resolve));
  const started: Started = { npm, output: () => output, exited, env, ports, dataDir };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start printed no complete banner within ${BOOT_LIMIT_MS} ms:\n${output}`)),
      BOOT_LIMIT_MS,
    );
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Press Ctrl-C")) {
        clearTimeout(timer);
        resolve();
      }
    };
    npm.stdout.on("data", collect);
    npm.stderr.on("data", collect);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before its banner was complete:\n${output}`));
    });
  });
  return started;
}

/** Runs a shell script at the repository's root as a user would, in the started services' environment. */
async function bash(started: Started, script: string): Promise<string> {
  const body = script
    .replaceAll("http://127.0.0.1:4010", `http://127.0.0.1:${started.ports.mock}`)
    .replaceAll("http://127.0.0.1:3000", `http://127.0.0.1:${started.ports.server}`);
  try {
    // The walkthroughs' temporary files (mktemp) go into the run's data directory, removed after it.
    return (await run("bash", ["-euo", "pipefail", "-c", body], { cwd: ROOT, env: { ...started.env, TMPDIR: started.dataDir } })).stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new Error(`the script failed:\n${body}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  }
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1)!);
/** The banner's curl commands, each on one line: a line ending in a backslash goes on on the next, as in a shell. */
const curlLines = (output: string) =>
  output
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .filter((line) => /^\s+curl /.test(line));

describe("npm start", () => {
  let started: Started;
  beforeAll(async () => {
    started = await npmStart();
  }, BOOT_LIMIT_MS + 10_000);
  afterAll(() => {
    if (!started) return;
    for (const pid of descendants(started.npm.pid!)) if (alive(pid)) process.kill(pid, "SIGKILL");
    started.npm.kill("SIGKILL");
    rmSync(started.dataDir, { recursive: true, force: true });
  });

  it("prints both URLs and a curl line for each", () => {
    expect(started.output()).toContain(`http://127.0.0.1:${started.ports.mock}`);
    expect(started.output()).toContain(`http://127.0.0.1:${started.ports.server}`);
    const curls = curlLines(started.output());
    expect(curls.map((line) => new URL(/http:\/\/\S+/.exec(line)![0]).port)).toEqual([
      String(started.ports.mock),
      String(started.ports.server),
    ]);
  });

  it("answers the banner's curl lines, then the app walkthrough and the phone binding, writing nothing into the repository", async () => {
    const rootBefore = readdirSync(ROOT).filter((name) => name !== "dist");
    for (const curl of curlLines(started.output())) {
      expect(JSON.parse(await bash(started, curl)), curl).toMatchObject({ statusCode: 200 });
    }

    const otpStart = otpBlocks.findIndex((b) => b.includes(`'{"factorType":"OTP"}'`));
    const otpEnroll = otpBlocks.findIndex((b) => b.includes("/enroll-factor") && b.includes('\\"OTP\\"'));
    const recovery = otpBlocks.findIndex((b) => b.includes("/mfa-totp-recovery"));
    const sms = readmeBlocks.findIndex((b) => b.includes("/dev/outbox"));
    expect([otpStart, otpEnroll, recovery, sms].every((i) => i >= 0)).toBe(true);
    // The page reads in the order a user runs it.
    expect([otpStart, otpEnroll, recovery]).toEqual([...[otpStart, otpEnroll, recovery]].sort((a, b) => a - b));

    // What an authenticator app shows, computed by the independent otpauth package, stands in for the user.
    const appScript = [
      'import { URI } from "otpauth";',
      'import { readFileSync } from "node:fs";',
      'console.log(URI.parse(JSON.parse(readFileSync(process.argv[1], "utf8")).data.otpData.qrCodeUri).generate())',
    ].join(" ");
    const appCode = `$(node --input-type=module -e '${appScript}' "$OTP/otp.json")`;
    const enroll = otpBlocks[otpEnroll]!.replace("123456", appCode);
    expect(enroll).not.toBe(otpBlocks[otpEnroll]);
    // One terminal: the blocks share their variables, as they do when pasted one after the other.
    // The phone binding comes last, under the step-up the app's binding gave the session.
    const marker = "----- next block -----";
    const steps = [otpBlocks[otpStart]!, enroll, otpBlocks[recovery]!, readmeBlocks[sms]!].join(`\necho '${marker}'\n`);
    const outputs = (await bash(started, steps)).split(`${marker}\n`);
    expect(outputs).toHaveLength(4);
    const [shown, bound, recovered, smsBound] = outputs as [string, string, string, string];
    expect(shown).toMatch(/^otpauth:\/\/totp\/\S+\n[0-9a-f]{4}(-[0-9a-f]{4}){5}\n\/\S+\/otp\.png\n$/);
    expect(lastJson(bound)).toMatchObject({ statusCode: 200 });
    expect(lastJson(recovered)).toMatchObject({ statusCode: 200, data: { recoveryCode: expect.any(String) } });
    expect(lastJson(smsBound)).toMatchObject({ statusCode: 200 });

    const listed = JSON.parse(
      await bash(
        started,
        `curl -s http://127.0.0.1:3000/api/v3/list-enrolled-factors \\
          -H "Authorization: $(npm run -s token -- --sub user-1 --username alice)"`,
      ),
    );
    expect(listed.data.map((f: { factorType: string }) => f.factorType).sort()).toEqual(["OTP", "SMS"]);
    expect(readdirSync(ROOT).filter((name) => name !== "dist")).toEqual(rootBefore);
  }, 120_000);

  it("stops the mock, Prism and the server when its launcher gets Ctrl-C", async () => {
    const children = descendants(started.npm.pid!);
    expect(children.length).toBeGreaterThanOrEqual(4); // the launcher, the mock, Prism, the server
    // Ctrl-C in a terminal signals the whole process group; here only the launcher is signalled, so
    // the test shows that it stops the mock and the server, and that the mock stops its Prism.
    const launcher = children.find((pid) =>
      /^\S*node scripts\/launch\.mjs src\/start\/main\.ts/.test(
        execFileSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" }),
      ),
    );
    expect(launcher).toBeDefined();
    process.kill(launcher!, "SIGINT");
    // The launcher exits only once its children have, and each waits for its own: npm's exit is the event.
    expect(await started.exited).toBe(0);
    expect(children.filter(alive)).toEqual([]);
  }, 60_000);
});
