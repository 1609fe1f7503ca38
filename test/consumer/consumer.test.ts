import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { consumerFile, consumerMswFile, strictTsconfig } from "../support/consumer-code.ts";
import { ROOMY_SEND_LIMIT_ENV } from "../support/roomy-limits.ts";

// `npm run test:consumer`: both packages as a consumer gets them. They are packed, installed from
// their tarballs into a fresh project outside this repository, and used there only through their
// public entry points and the `genauth-mfa` command.
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), "genauth-mfa-consumer-"));
const rootManifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const tarballs = inject("tarballs");
let installOutput = "";

// This test checks that the packages work where they are installed, not the suite's depth: the
// fuzzing runs 50 cases per property here (npm test runs 300 against the same targets).
const ENV = { NO_COLOR: "1", FORCE_COLOR: "0", FUZZ_CASES: "50" };

/** Runs a command in the consumer's project; rejects with its output when it fails. */
async function sh(command: string, args: string[], env: Record<string, string> = {}, cwd = scratch) {
  try {
    return await run(command, args, { cwd, env: { ...process.env, ...ENV, ...env }, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { message: string; stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}

/** A `npx genauth-mfa <command>` that serves until stopped, and the URL it announced. */
async function serve(
  args: string[],
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn("npx", ["genauth-mfa", ...args], {
    cwd: scratch,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      process.kill(-child.pid!, "SIGTERM");
    });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npx genauth-mfa ${args.join(" ")} did not start:\n${output}`)), 60_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    child.once("exit", (code) => reject(new Error(`npx genauth-mfa ${args.join(" ")} exited with ${code}:\n${output}`)));
  });
  return { url, child, stop };
}

beforeAll(async () => {
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  // What a consumer adds next to the packages: a compiler and Node's types, the versions this repo uses.
  const tools = ["typescript", "@types/node", "msw"].map((name) => `${name}@${rootManifest.devDependencies[name]}`);
  const installed = await sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...tarballs, ...tools]);
  installOutput = installed.stdout + installed.stderr;
}, 1_200_000);

/**
 * Runs work with the consumer's better-sqlite3 moved out of reach, as after a failed native build
 * or an install with --omit=optional, and puts it back afterwards.
 */
async function withoutSqlite<T>(work: () => Promise<T>): Promise<T> {
  const installed = join(scratch, "node_modules", "better-sqlite3");
  renameSync(installed, `${installed}.away`);
  try {
    return await work();
  } finally {
    renameSync(`${installed}.away`, installed);
  }
}
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("a project that installs genauth-mfa-client and genauth-mfa-contract from their tarballs", () => {
  it("installs on this Node without an engine warning", () => {
    expect(installOutput).not.toMatch(/EBADENGINE/);
  });

  it("packs both packages into dist/packages", () => {
    expect(tarballs.map((t) => t.replace(ROOT, ""))).toEqual([
      `dist/packages/genauth-mfa-client-${rootManifest.version}.tgz`,
      `dist/packages/genauth-mfa-contract-${rootManifest.version}.tgz`,
    ]);
  });

  for (const resolution of ["bundler", "nodenext"] as const) {
    it(`type-checks its code under the strictest settings with moduleResolution ${resolution}`, async () => {
      const dir = join(scratch, `tsc-${resolution}`);
      mkdirSync(dir);
      writeFileSync(join(dir, "consumer.ts"), consumerFile);
      writeFileSync(join(dir, "consumer-msw.ts"), consumerMswFile);
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(strictTsconfig(resolution)));
      await sh(process.execPath, [join(scratch, "node_modules/typescript/bin/tsc"), "--project", dir]);
    }, 60_000);
  }

  it("uses the client from a Node ESM script against the mock started by npx genauth-mfa mock", async () => {
    const mock = await serve(["mock"], { MOCK_PORT: "0" });
    try {
      writeFileSync(
        join(scratch, "client.mjs"),
        `import { createClient } from "genauth-mfa-client";
import contract from "genauth-mfa-client/openapi.json" with { type: "json" };
import { readFileSync } from "node:fs";
const client = createClient({ baseUrl: process.argv[2], accessToken: "any-token" });
const otp = await client.sendEnrollFactorRequest({ factorType: "OTP" });
const throttled = await createClient({ baseUrl: process.argv[2], accessToken: "any-token", headers: { Prefer: "example=throttled" } })
  .sendEnrollFactorRequest({ factorType: "SMS", profile: { phoneNumber: "18812345678" } });
const yaml = readFileSync(new URL(import.meta.resolve("genauth-mfa-client/openapi.yaml")), "utf8");
console.log(JSON.stringify({
  uri: otp.data?.otpData?.qrCodeUri,
  throttled: throttled.error?.statusCode,
  version: contract.info.version,
  yaml: yaml.includes("openapi: 3"),
}));`,
      );
      const { stdout } = await sh(process.execPath, ["client.mjs", mock.url]);
      expect(JSON.parse(stdout)).toEqual({
        uri: expect.stringMatching(/^otpauth:\/\/totp\//),
        throttled: 429,
        version: rootManifest.version,
        yaml: true,
      });
      // The README's client example, as written: plain JavaScript once its import names the package.
      const readme = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, "README.md"), "utf8"))![1]!;
      expect(readme).toContain('from "genauth-mfa-client"');
      writeFileSync(join(scratch, "readme.mjs"), readme.replaceAll("http://127.0.0.1:4010", mock.url));
      const printed = await sh(process.execPath, ["readme.mjs"]);
      expect(printed.stdout).toMatch(/^scan otpauth:\/\/totp\/\S+, then send the code with \S{8}\.\.\.\n429\n$/);
    } finally {
      await mock.stop();
    }
  }, 120_000);

  it("runs a msw/node test that uses the handlers from genauth-mfa-client/msw, with no server", async () => {
    writeFileSync(
      join(scratch, "msw.test.mjs"),
      `import { test, after } from "node:test";
import assert from "node:assert/strict";
import { setupServer } from "msw/node";
import { createClient } from "genauth-mfa-client";
import { createGenAuthHandlers } from "genauth-mfa-client/msw";

const baseUrl = "https://your-app.genauth.ai";
const genauth = createGenAuthHandlers({ baseUrl });
const server = setupServer(...genauth.handlers);
server.listen({ onUnhandledRequest: "error" });
after(() => server.close());

test("binds OTP against the handlers", async () => {
  const { data } = await createClient({ baseUrl, accessToken: "t" }).sendEnrollFactorRequest({ factorType: "OTP" });
  assert.match(data.otpData.qrCodeUri, /^otpauth:/);
});
test("answers bad input with GenAuth's envelope", async () => {
  const { error } = await createClient({ baseUrl, accessToken: "t" }).sendEnrollFactorRequest({ factorType: "SMS", profile: {} });
  assert.equal(error.statusCode, 400);
});
test("shows the throttled screen for a scenario set on the token", async () => {
  genauth.setScenario("u1", { examples: { sendEnrollFactorRequest: "throttled" } });
  const { error } = await createClient({ baseUrl, accessToken: "u1" }).sendEnrollFactorRequest({ factorType: "OTP" });
  assert.equal(error.statusCode, 429);
});
`,
    );
    const { stdout } = await sh(process.execPath, ["--test", "msw.test.mjs"]);
    expect(stdout).toMatch(/# pass 3\n/);
    expect(stdout).toMatch(/# fail 0\n/);
  }, 120_000);

  it("runs npx genauth-mfa mock and contract without better-sqlite3, passes, and writes a JUnit report", async () => {
    await withoutSqlite(async () => {
      const mock = await serve(["mock"], { MOCK_PORT: "0" });
      try {
        const { stdout } = await sh("npx", [
          "genauth-mfa",
          "contract",
          "--base-url",
          mock.url,
          "--access-token",
          "any-token",
          "--stateful",
          "false",
          "--junit",
          "mock.xml",
        ]);
        expect(stdout).toMatch(/Tests\s+\d+ passed/);
        const report = readFileSync(join(scratch, "mock.xml"), "utf8");
        expect(report).toMatch(/<testsuites [^>]*failures="0"/);
        expect(report).toMatch(/<testsuites [^>]*tests="[1-9]\d*"/);
      } finally {
        await mock.stop();
      }
    });
  }, 300_000);

  it("says how to install better-sqlite3 when npx genauth-mfa server needs it and it is absent", async () => {
    const outcome = await withoutSqlite(() =>
      sh("npx", ["genauth-mfa", "server"], { PORT: "0", DATA_DIR: join(scratch, "no-sqlite") }).then(
        () => "started",
        (error: Error) => error.message,
      ),
    );
    expect(outcome).toMatch(/npm install better-sqlite3/);
  }, 120_000);

  it("runs npx genauth-mfa contract against the reference server started by npx genauth-mfa server, with two users' tokens", async () => {
    // One test user walks every file here, and the fuzz alone sends hundreds of codes: a pipeline
    // raises a test deployment's send caps the same way.
    const env = { PORT: "0", DATA_DIR: join(scratch, "data"), ...ROOMY_SEND_LIMIT_ENV };
    const server = await serve(["server"], env);
    try {
      const token = async (sub: string) => (await sh("npx", ["genauth-mfa", "token", "--sub", sub], env)).stdout.trim();
      const { stdout } = await sh("npx", [
        "genauth-mfa",
        "contract",
        "--base-url",
        server.url,
        "--access-token",
        await token("consumer-1"),
        "--other-access-token",
        await token("consumer-2"),
      ]);
      expect(stdout).toMatch(/Tests\s+\d+ passed/);
      expect(stdout).not.toMatch(/Tests\s.*\d+ failed/);
      expect(stdout).toMatch(/\d+ cases ran \(0 failed\)/);
    } finally {
      await server.stop();
    }
  }, 300_000);

  it("fails the contract run with a non-zero exit when the target is not the API", async () => {
    const outcome = await sh("npx", [
      "genauth-mfa",
      "contract",
      "--base-url",
      "http://127.0.0.1:9",
      "--access-token",
      "t",
      "--stateful",
      "false",
    ]).then(
      () => "passed",
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(/failed/);
  }, 300_000);

  it("writes the HTML reference with npx genauth-mfa docs --out", async () => {
    await sh("npx", ["genauth-mfa", "docs", "--out", "docs"]);
    expect(readFileSync(join(scratch, "docs", "index.html"), "utf8")).toContain("sendEnrollFactorRequest");
  }, 120_000);

  it("can publish both packages (npm publish --dry-run)", async () => {
    for (const tarball of tarballs) {
      const { stderr } = await sh("npm", ["publish", "--dry-run", tarball]);
      expect(stderr).toMatch(/📦 +genauth-mfa-(client|contract)@\d+\.\d+\.\d+\n/);
      expect(stderr).toMatch(/Publishing to \S+ .*\(dry-run\)/);
    }
  }, 120_000);
});
