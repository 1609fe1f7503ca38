import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signDevToken } from "../../src/server/dev-tokens.ts";
import { loadDevSigningKey } from "../../src/server/keys.ts";
import { startReferenceServer } from "../support/reference-server.ts";
import type { Service } from "../support/spawn-service.ts";
import { totpFor } from "../contract-suite/support/totp-clock.ts";
import { uniqueEmail, uniquePhoneNumber } from "../contract-suite/support/unique.ts";

// The binding flows of arazzo/mfa-enrollment.arazzo.yaml, run by Redocly's own runner (`redocly
// respect`) against a real reference server: a second runner of the contract that this project did
// not write. It checks every answer against openapi.yaml and dev-outbox.openapi.yaml by itself.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const REDOCLY = join(ROOT, "node_modules/@redocly/cli/bin/cli.js");
const WORKFLOWS = "arazzo/mfa-enrollment.arazzo.yaml";

interface RespectRun {
  exitCode: number;
  output: string;
  /** The --json-output report: each workflow's steps, with the requests and answers. */
  report: { status: string; files: Record<string, { executedWorkflows: ExecutedWorkflow[] }> };
}
interface ExecutedWorkflow {
  workflowId: string;
  status: string;
  executedSteps: Array<{ stepId: string; response: { body: unknown }; checks: Array<{ name: string; passed: boolean }> }>;
}

let server: Service;
let dataDir: string;
let runs = 0;

/** Runs `redocly respect` on the given workflows against the server, with the given inputs. */
function respect(workflows: string[], inputs: Record<string, string>): Promise<RespectRun> {
  const report = join(dataDir, `respect-${++runs}.json`);
  const args = [REDOCLY, "respect", WORKFLOWS, ...workflows.flatMap((w) => ["--workflow", w])];
  args.push("--server", `genauth=${server.url}`, "--server", `devOutbox=${server.url}`, "--json-output", report);
  // As JSON: respect splits a `name=value` input at every "=" and ",", and base64 tokens hold both.
  args.push("--input", JSON.stringify(inputs));
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const exitCode = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ exitCode, output: `${stdout}${stderr}`, report: JSON.parse(readFileSync(report, "utf8")) });
    });
  });
}

const workflowsOf = (run: RespectRun) => Object.values(run.report.files).flatMap((file) => file.executedWorkflows);

/** A development access token for a user nobody else has used. */
async function freshUser(): Promise<string> {
  const { privateKey } = await loadDevSigningKey(dataDir);
  return signDevToken(privateKey, { sub: `arazzo-${crypto.randomUUID()}`, claims: { username: "arazzo" } });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "genauth-mfa-arazzo-"));
  // A handful of codes: the send caps are set out of reach explicitly, as every test not about them does.
  server = await startReferenceServer({ dataDir });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the Arazzo binding workflows under redocly respect, against the reference server", () => {
  it("binds a phone number, an email address and an authenticator app, with every check passing", async () => {
    const accessToken = await freshUser();
    const first = await respect(["bindSms", "bindEmail", "startOtpBinding"], {
      accessToken,
      phoneNumber: uniquePhoneNumber(),
      email: uniqueEmail(),
    });
    expect(first.exitCode, first.output).toBe(0);
    expect(
      workflowsOf(first)
        .map((w) => [w.workflowId, w.status])
        .sort(),
    ).toEqual([
      ["bindEmail", "success"],
      ["bindSms", "success"],
      ["startOtpBinding", "success"],
    ]);

    // Respect cannot compute a TOTP: the test does, as the user's authenticator app would, from the
    // secret in the QR code the first half returned, and hands it to the second half as an input.
    const started = workflowsOf(first)
      .find((w) => w.workflowId === "startOtpBinding")!
      .executedSteps.find((s) => s.stepId === "start")!;
    const { enrollmentToken, otpData } = (started.response.body as { data: { enrollmentToken: string; otpData: { qrCodeUri: string } } })
      .data;
    const second = await respect(["finishOtpBinding"], { accessToken, enrollmentToken, totp: totpFor(otpData.qrCodeUri) });
    expect(second.exitCode, second.output).toBe(0);
    expect(workflowsOf(second).map((w) => w.status)).toEqual(["success"]);

    const checks = [...workflowsOf(first), ...workflowsOf(second)].flatMap((w) => w.executedSteps.flatMap((s) => s.checks));
    expect(checks.filter((c) => c.name === "schema check").length).toBeGreaterThanOrEqual(10);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
  }, 120_000);

  it("fails finishOtpBinding when the TOTP is wrong, so a passing run means the server checked it", async () => {
    const accessToken = await freshUser();
    const first = await respect(["startOtpBinding"], { accessToken });
    expect(first.exitCode, first.output).toBe(0);
    const started = workflowsOf(first)[0]!.executedSteps[0]!;
    const { enrollmentToken, otpData } = (started.response.body as { data: { enrollmentToken: string; otpData: { qrCodeUri: string } } })
      .data;
    // The code of ten minutes ago: well formed, and outside the one step of drift the server allows.
    const stale = totpFor(otpData.qrCodeUri, Date.now() - 600_000);
    const second = await respect(["finishOtpBinding"], { accessToken, enrollmentToken, totp: stale });
    expect(second.exitCode).not.toBe(0);
    const enroll = workflowsOf(second)[0]!.executedSteps.find((s) => s.stepId === "enroll")!;
    expect(enroll.response.body).toMatchObject({ statusCode: 400, apiCode: 6001 });
  }, 120_000);
});
