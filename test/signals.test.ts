import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type ServerResponse } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort } from "../src/mock/prism-process.ts";
import { alive, descendants } from "./support/process-tree.ts";
import { devToken } from "./support/dev-token.ts";

// IDE stop buttons, Docker and systemd signal the top process, which for `npm start` is npm
// itself; a parent may also die by kill -9. Whatever is signalled, nothing may be left running
// or holding a port.

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const STOP_WITHIN_MS = 10_000;

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });

/** Starts `npm run <script>` on free ports, waits until every service in it listens, and returns its processes. */
async function startNpm(script: "start" | "server" | "mock", services: number, extraEnv: Record<string, string>) {
  const [mockPort, serverPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), "genauth-mfa-signals-"));
  const env = { ...process.env, MOCK_PORT: String(mockPort), PORT: String(serverPort), DATA_DIR: dataDir, LOG_LEVEL: "warn", ...extraEnv };
  const npm = spawn("npm", ["run", script], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  npm.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while ((output.match(/listening on http/g) ?? []).length < services && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  const ports = script === "start" ? [mockPort, serverPort] : [script === "mock" ? mockPort : serverPort];
  const processes = [npm.pid!, ...descendants(npm.pid!)];
  const cleanup = () => {
    for (const pid of processes) if (alive(pid)) process.kill(pid, "SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { npm: npm.pid!, processes, ports, dataDir, output: () => output, cleanup };
}

/** Waits for every process to be gone, up to the deadline supervisors give; returns those left. */
async function survivors(processes: number[]): Promise<number[]> {
  const deadline = Date.now() + STOP_WITHIN_MS;
  while (processes.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return processes.filter(alive);
}

/**
 * `startNpm`, again on new ports if a port it was given was taken before it could listen: ports are
 * chosen free, but the runs side by side (and each mock's Prism) may be handed the same one first.
 */
async function runNpm(script: "start" | "server" | "mock", services: number, extraEnv: Record<string, string> = {}) {
  for (let attempt = 1; ; attempt++) {
    const run = await startNpm(script, services, extraEnv);
    if (attempt === 3 || !run.output().includes("EADDRINUSE")) return run;
    run.cleanup();
    await survivors(run.processes);
  }
}

const cases = [
  { script: "start", services: 2, signal: "SIGTERM", least: 5 }, // npm, the launcher, the mock, Prism, the server
  { script: "start", services: 2, signal: "SIGINT", least: 5 },
  { script: "start", services: 2, signal: "SIGKILL", least: 5 },
  { script: "server", services: 1, signal: "SIGTERM", least: 2 },
  { script: "mock", services: 1, signal: "SIGINT", least: 3 },
] as const;

describe.concurrent("stopping by a signal to the top npm process", () => {
  for (const { script, services, signal, least } of cases) {
    it(`stops every process of npm ${script === "start" ? "start" : `run ${script}`} and frees its ports on ${signal}`, async () => {
      const run = await runNpm(script, services);
      try {
        expect(run.processes.length, run.output()).toBeGreaterThanOrEqual(least);
        process.kill(run.npm, signal);
        expect(await survivors(run.processes), run.output()).toEqual([]);
        for (const port of run.ports) expect(await portFree(port)).toBe(true);
      } finally {
        run.cleanup();
      }
    }, 90_000);
  }
});

describe("a stop signal while a request is in flight", () => {
  it("answers the request before npm run server stops, then frees its port", async () => {
    // An SMS gateway that holds its answer until told, so the send is in flight when the signal lands.
    let held: ServerResponse | undefined;
    let reached: () => void = () => {};
    const gatewayReached = new Promise<void>((resolve) => (reached = resolve));
    const gateway = createHttpServer((req, res) => {
      req.resume();
      held = res;
      reached();
    });
    const gatewayPort = await freePort();
    await new Promise<void>((resolve) => gateway.listen(gatewayPort, "127.0.0.1", resolve));
    const run = await runNpm("server", 1, { SMS_WEBHOOK_URL: `http://127.0.0.1:${gatewayPort}/sms`, DELIVERY_TIMEOUT_MS: "30000" });
    try {
      const base = `http://127.0.0.1:${run.ports[0]}`;
      const token = await devToken(run.dataDir, "in-flight");
      const answer = fetch(`${base}/api/v3/send-enroll-factor-request`, {
        method: "POST",
        headers: { authorization: token, "content-type": "application/json" },
        body: JSON.stringify({ factorType: "SMS", profile: { phoneNumber: "18812345678" } }),
      });
      await gatewayReached;
      process.kill(run.npm, "SIGTERM");
      // The instance has taken the signal once it stops reporting ready (503, or no longer listening).
      while (
        (await fetch(`${base}/readyz`).then(
          (r) => r.status,
          () => 0,
        )) === 200
      )
        await new Promise((r) => setTimeout(r, 50));
      held!.writeHead(200, { "content-type": "application/json" }).end("{}");
      const response = await answer;
      const body = (await response.json()) as { statusCode: number; data?: { enrollmentToken?: string } };
      expect(response.status).toBe(200);
      expect(body.statusCode, JSON.stringify(body)).toBe(200);
      expect(body.data?.enrollmentToken).toBeTruthy();
      expect(await survivors(run.processes), run.output()).toEqual([]);
      expect(await portFree(run.ports[0]!)).toBe(true);
    } finally {
      run.cleanup();
      gateway.closeAllConnections();
      gateway.close();
    }
  }, 90_000);
});
