import { execFileSync } from "node:child_process";

/** The pids of a process's descendants, so a test can check that none outlives a stop. */
export function descendants(pid: number): number[] {
  let listing = "";
  try {
    listing = execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" });
  } catch {
    return []; // ps exits 1 when a process has no children
  }
  const children = listing.split("\n").filter(Boolean).map(Number);
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** Whether a process is still running: signal 0 checks without touching it. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
