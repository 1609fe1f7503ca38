import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort } from "../src/mock/prism-process.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The pids of a process's descendants. */
function descendants(pid: number): number[] {
  let listing = "";
  try {
    listing = execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" });
  } catch {
    return []; // ps exits 1 when a process has no children
  }
  const children = listing.split("\n").filter(Boolean).map(Number);
  return children.flatMap((child) => [child, ...descendants(child)]);
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("npm start", () => {
  it("serves the mock and the server, prints both URLs and a curl line, and stops everything on Ctrl-C", async () => {
    const [mockPort, serverPort] = [await freePort(), await freePort()];
    const dataDir = mkdtempSync(join(tmpdir(), "genauth-mfa-start-"));
    const npm = spawn("npm", ["start"], { cwd: ROOT, env: { ...process.env, MOCK_PORT: String(mockPort), PORT: String(serverPort), DATA_DIR: dataDir, LOG_LEVEL: "warn" } });
    let output = "";
    npm.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      const deadline = Date.now() + 30_000;
      while (!output.includes("Press Ctrl-C") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain(`http://127.0.0.1:${mockPort}`);
      expect(output).toContain(`http://127.0.0.1:${serverPort}`);
      expect(output).toMatch(/curl -s -X POST http:\/\/127\.0\.0\.1:\d+\/api\/v3\/send-enroll-factor-request/);
      const mock = await fetch(`http://127.0.0.1:${mockPort}/api/v3/list-factors-to-enroll`, { headers: { authorization: "x" } });
      expect((await mock.json()).statusCode).toBe(200);
      const server = await fetch(`http://127.0.0.1:${serverPort}/api/v3/list-factors-to-enroll`, { headers: { authorization: "x" } });
      expect((await server.json()).statusCode).toBe(401);

      const started = descendants(npm.pid!);
      expect(started.length).toBeGreaterThanOrEqual(4); // the launcher, the mock, Prism, the server
      // Ctrl-C in a terminal signals the whole process group; here only the launcher is signalled, so
      // the test shows that it stops the mock and the server, and that the mock stops its Prism.
      const launcher = started.find((pid) => /^\S*node scripts\/launch\.mjs src\/start\.ts/.test(execFileSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" })));
      expect(launcher).toBeDefined();
      process.kill(launcher!, "SIGINT");
      const stopBy = Date.now() + 15_000;
      while (started.some(alive) && Date.now() < stopBy) await new Promise((r) => setTimeout(r, 100));
      expect(started.filter(alive)).toEqual([]);
    } finally {
      for (const pid of descendants(npm.pid!)) if (alive(pid)) process.kill(pid, "SIGKILL");
      npm.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
