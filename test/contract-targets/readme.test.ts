import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { operation } from "../../src/contract/operations.ts";
import { uniquePhoneNumber } from "../contract-suite/support/unique.ts";
import { servesExamples, target } from "../contract-suite/target.ts";
import { codeBlocks, markdown, ROOT } from "../support/markdown.ts";

const README = markdown("README.md");
/** The mock's own page: its scenarios and its stateful walkthrough. */
const MOCK_PAGE = markdown("docs/mock.md");
const run = promisify(execFile);

/** Runs a documented shell block as a user would, with the documented URL replaced by the target's. */
async function shell(script: string, env: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), "readme-"));
  const url = new URL(target.baseUrl);
  const body = script
    .replaceAll(/http:\/\/127\.0\.0\.1:(4010|3000)/g, url.origin)
    .replaceAll("npm run -s token", `npm run -s --prefix ${ROOT} token`)
    .replaceAll("node scripts/", `node ${ROOT}scripts/`);
  try {
    const { stdout } = await run("bash", ["-euo", "pipefail", "-c", body], { cwd, env: { ...process.env, TMPDIR: cwd, ...env } });
    return { stdout };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

describe.runIf(servesExamples)("the README's and docs/mock.md's mock examples", () => {
  const curls = codeBlocks(README, "sh").filter((b) => b.includes("127.0.0.1:4010/api") && !b.includes("/dev/outbox"));

  it("has the curl examples this test runs", () => {
    expect(curls).toHaveLength(2);
  });

  it("answers the README's SMS curl line with the sms example", async () => {
    const examples = operation("sendEnrollFactorRequest").responseExamples;
    expect(examples.get("sms")).not.toEqual(examples.get("otp")); // else this test could not tell them apart
    const answer = JSON.parse((await shell(curls[0]!)).stdout);
    expect(answer).toEqual({ ...(examples.get("sms") as object), requestId: answer.requestId });
  });

  it("answers the README's Prefer curl line with the throttled envelope", async () => {
    expect(JSON.parse((await shell(curls[1]!)).stdout)).toMatchObject({ statusCode: 429 });
  });

  it("sets a scenario with docs/mock.md's control-surface curl line, which the token's next request gets", async () => {
    const put = codeBlocks(MOCK_PAGE, "sh").find((b) => b.includes("/__mock/scenario"))!;
    expect(JSON.parse((await shell(put)).stdout)).toMatchObject({ statusCode: 200, data: { latencyMs: 1500 } });
    const headers = { authorization: "my-dev-token", "content-type": "application/json" };
    await fetch(`${target.baseUrl}/__mock/scenario`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ examples: { sendEnrollFactorRequest: "throttled" } }),
    });
    const answer = await fetch(`${target.baseUrl}/api/v3/send-enroll-factor-request`, {
      method: "POST",
      headers,
      body: '{"factorType":"OTP"}',
    });
    expect(await answer.json()).toMatchObject({ statusCode: 429 });
    await fetch(`${target.baseUrl}/__mock/scenario`, { method: "DELETE", headers });
  });

  it("runs the README's client example and prints what it promises", async () => {
    const example = codeBlocks(README, "ts")[0]!
      // The package is a view of src/client; npm run test:consumer runs this block against the package itself.
      .replace('"genauth-mfa-client"', JSON.stringify(join(ROOT, "src/client/index.ts")))
      .replaceAll("http://127.0.0.1:4010", target.baseUrl);
    const file = join(ROOT, "test", `.readme-example-${process.pid}.ts`);
    writeFileSync(file, example);
    try {
      const { stdout } = await run(process.execPath, ["--import", "tsx", file], { cwd: ROOT });
      expect(stdout).toMatch(/^scan otpauth:\/\/totp\/\S+, then send the code with \S{8}\.\.\.\n429\n$/);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe.runIf(target.name === "mock" && target.stateful && !target.inProcess)("docs/mock.md's stateful-mock walkthrough", () => {
  it("binds a phone number through the mock's outbox exactly as written", async () => {
    const walk = codeBlocks(MOCK_PAGE, "sh").find((b) => b.includes("127.0.0.1:4010/dev/outbox"))!;
    // Each run is a fresh user, as the page's "alice" is on a freshly started mock.
    const { stdout } = await shell(
      walk.replaceAll("Authorization: alice", `Authorization: ${target.accessToken}`).replaceAll("18812345678", uniquePhoneNumber()),
    );
    expect(JSON.parse(stdout)).toMatchObject({ statusCode: 200 });
  });
});

describe.runIf(target.name === "server")("the README's reference-server walkthrough", () => {
  it("binds a phone number through the outbox exactly as written", async () => {
    const walk = codeBlocks(README, "sh").find((b) => b.includes("127.0.0.1:3000/dev/outbox"))!;
    const dataDir = target.dataDir!;
    const { stdout } = await shell(walk, { DATA_DIR: dataDir });
    expect(JSON.parse(stdout)).toMatchObject({ statusCode: 200 });
  });
});
