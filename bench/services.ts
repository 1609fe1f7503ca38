import { readdirSync, readFileSync } from "node:fs";
import type { Service } from "../test/support/spawn-service.ts";
import { devToken } from "../test/support/dev-token.ts";
import { startReferenceServer } from "../test/support/reference-server.ts";

/** The reference server on a fresh data directory, with a token for one user. */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<Service & { token: string; dataDir: string }> {
  // Request logs off: a benchmark of the hot path, not of the terminal. The send and start caps are
  // out of reach: the bench and the load test measure throughput, not the caps, and their users
  // would otherwise be throttled after five codes or 100 OTP starts each. It runs with npm run
  // server's command line, Node flags and all, as a deployment runs it.
  const server = await startReferenceServer({ env: extraEnv, runner: "bundle" });
  server.process.stdout!.resume();
  return { ...server, token: await devToken(server.dataDir, "bench-user", "bench") };
}

/** Resident memory of a process, in MB, from /proc. */
export function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  return kb / 1024;
}

/**
 * The fields of a /proc stat line after the command name (which may hold spaces and parentheses):
 * [0] is the state, [1] the parent's pid, [11] and [12] the user and system CPU ticks, [13] and
 * [14] those of the children waited for. A tick is 1/100 s (USER_HZ on Linux).
 */
export const statFields = (stat: string): string[] => stat.slice(stat.lastIndexOf(")") + 2).split(" ");

/**
 * CPU seconds (user and system) used so far by a process and all its descendants, from /proc.
 * A descendant that has exited and been waited for (an autovacuum worker, a closed connection's
 * backend) is counted in its parent's children's times, so the sum never goes back.
 */
export function treeCpuSeconds(root: number): number {
  const stats = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        const fields = statFields(readFileSync(`/proc/${pid}/stat`, "utf8"));
        return [
          {
            pid: Number(pid),
            ppid: Number(fields[1]),
            ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
          },
        ];
      } catch {
        return []; // gone meanwhile
      }
    });
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of stats) {
      if (!tree.has(s.pid) && tree.has(s.ppid)) {
        tree.add(s.pid);
        grew = true;
      }
    }
  }
  return stats.filter((s) => tree.has(s.pid)).reduce((sum, s) => sum + s.ticks, 0) / 100;
}

/** Polls a request until it answers HTTP 200, and returns when it did. */
export async function waitUntilAnswering(url: string, init: RequestInit, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, init);
      await res.arrayBuffer();
      if (res.status === 200) return Date.now();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
