import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createServer } from "node:net";

/** A running Prism mock server, and how to stop it. */
export interface PrismProcess {
  url: string;
  stop(): Promise<void>;
}

/** Options for starting Prism. */
export interface PrismOptions {
  /** The OpenAPI file Prism serves. */
  specPath: string;
  /** Let json-schema-faker generate bodies instead of serving the examples. */
  dynamic: boolean;
  /** Where Prism's own log lines go; by default they are dropped. */
  log?: (line: string) => void;
  /** How long to wait for "Prism is listening" before giving up. */
  startTimeoutMs?: number;
}

function prismCli(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("@stoplight/prism-cli/package.json");
  const bin = (JSON.parse(readFileSync(pkgPath, "utf8")) as { bin: Record<string, string> }).bin.prism!;
  return join(dirname(pkgPath), bin);
}

/** A port the kernel just handed out and released, for a child process to bind. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

/**
 * Starts Prism as a real child process on a private loopback port. CORS is left to the fidelity
 * layer in front of it, and multiprocess mode is off so that stopping this child stops all of Prism.
 */
export async function startPrism(options: PrismOptions): Promise<PrismProcess> {
  const port = await freePort();
  const args = [prismCli(), "mock", options.specPath, "--host", "127.0.0.1", "--port", String(port)];
  args.push("--cors=false", "--multiprocess=false", "--errors=false");
  if (options.dynamic) args.push("--dynamic", "--json-schema-faker-fillProperties=false");
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error("Prism did not start in time")), options.startTimeoutMs ?? 15_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    let output = "";
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      for (const line of text.split("\n")) if (line.trim()) options.log?.(line);
      output = (output + text).slice(-4096);
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => fail(new Error(`Prism exited with code ${code} before it was ready:\n${output}`)));
  });
  child.removeAllListeners("exit");
  return { url, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
