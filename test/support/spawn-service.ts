import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { npmScriptRunning } from "../../src/npm-script.ts";

/** A product process started the way a user starts it, and how to stop it. */
export interface Service {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Runs a TypeScript entry point under tsx in its own process, waits for the line that announces
 * its URL, and returns that URL. Fails with the process's own output if it exits or stalls first.
 */
export function spawnService(
  entry: string,
  env: Record<string, string>,
  ready: RegExp = /listening on (http:\/\/\S+)/,
  timeoutMs = 60_000,
  args: string[] = [],
  runner: "tsx" | "bundle" = "tsx",
): Promise<Service> {
  // "bundle" runs the entry with the command line of the npm script that runs it (scripts/launch.mjs
  // and its Node flags); tsx loads it from source.
  const launch = runner === "bundle" ? npmScriptRunning(entry).args : ["--import", "tsx", entry];
  const child = spawn(process.execPath, [...launch, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-65536));
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const stop = (signal: NodeJS.Signals = "SIGTERM") =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once("exit", (code) => resolve(code));
      child.kill(signal);
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop("SIGKILL");
      reject(new Error(`${entry} did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before it was ready:\n${output}`));
    };
    child.once("exit", onExit);
    const onData = () => {
      const match = ready.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off("exit", onExit);
      child.stdout!.off("data", onData);
      resolve({ url: match[1]!, process: child, output: () => output, stop });
    };
    child.stdout!.on("data", onData);
  });
}
